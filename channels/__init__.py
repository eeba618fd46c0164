"""Twilio SMS and Slack: webhooks, senders, the handoff, and the sandbox fakes."""
