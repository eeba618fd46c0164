"""The introduction workflow: the inbound triage, offer, accept, expire, check-back, relay,
LO commands, calling hours and what we say. Functions of a database session that return rows
and queue texts; imports only storage/, matching/, runtime/ and the bot's parsers."""
