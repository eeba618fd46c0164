"""Custom actions served by rasa-sdk (`python -m rasa_sdk --actions bot.actions`).

- validate_qualification_form (validation.py): normalizes every answer to the contract.
- action_qualification_complete, action_outside_form (conversation.py): what the bot says
  when the qualification ends, and to messages outside the form.
"""
