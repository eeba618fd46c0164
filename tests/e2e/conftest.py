"""The end-to-end tests use the session fixture `stack` from tests/conftest.py, shared with
tests/browser so one Rasa server serves both per pytest run."""
