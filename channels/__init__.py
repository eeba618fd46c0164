"""The edges: Twilio's SMS webhook and Slack's app (the gateway), the worker and timers entry
points, webhook dedupe, redaction and the inbound rate limit. The workflow they drive lives
in introductions/, the machinery they run on in runtime/."""
