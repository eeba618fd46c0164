"""Mortgage Matchmaking: the CLI and the wiring of processes."""
