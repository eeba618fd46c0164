"""The managers' dashboard: SQL figures over the tables and the page that draws them."""
