"""The sandbox: fake Twilio and Slack APIs on loopback and the page that plays a borrower
and an LO against the real gateway. Not part of production; the tests use the same fakes."""
