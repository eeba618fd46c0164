"""Custom actions served by rasa-sdk (`python -m rasa_sdk --actions bot.actions`).

- action_extract_facts (extraction.py): reads every message for the qualification's facts
  and the borrower's language; the custom slot mapping of every qualification slot.
- validate_qualification_form (validation.py): which questions remain (plan.py).
- action_ask_first_time_buyer / _va_eligible / _self_employed (questions.py): one numbered
  question for the yes-or-no facts.
- action_answer_digression (digressions.py): short answers to questions asked mid-form.
- action_qualification_complete, action_outside_form (conversation.py): what the bot says
  when the qualification ends, to replies that miss the question, and outside the form.
"""
