"""The runtime: settings, services, lanes, the job queue, outbox delivery, send pacing,
metrics, and the Rasa and Twilio clients. Imports only storage/."""
