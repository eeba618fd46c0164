"""The Rasa assistant: domain, rules, NLU data paths, custom actions and normalization."""
