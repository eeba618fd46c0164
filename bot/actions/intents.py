"""What a message asks of the bot beyond its facts: a person, or whether it is a bot.

The intent classifier hears "is this a real person or a bot? we dont want 10 people calling"
as a request for a person; the words say it is a question about the bot, answered as one.
"""

from __future__ import annotations

import re

_WANTS_A_PERSON = re.compile(
    r"\b(?:talk|speak|chat) (?:to|with) (?:a |an |someone|somebody|a real )?"
    r"(?:person|human|agent|loan officer|lo\b|someone|somebody|real)"
    r"|\bhablar con (?:una |un |alguien|algun )?(?:persona|humano|agente|alguien|asesor)",
    re.IGNORECASE,
)


# "I'd rather not say until I talk to someone": a fact kept for later, not a request for a
# person now (the question is skipped as unknown)
_NOT_UNTIL = re.compile(
    r"\b(?:rather not|prefer not to|don'?t want to|prefiero no|no quiero)\s+(?:say|share|give"
    r"|tell|answer|decir|dar|compartir|contestar)\b[^.!?]{0,30}\b(?:until|till|before|hasta"
    r"|antes de)\b",
    re.IGNORECASE,
)


# "why do u need that before i even talk to someone lol. fine, 641": a complaint about the
# question, answered anyway
_BEFORE_TALKING = re.compile(
    r"\bbefore (?:i|we) (?:even )?(?:get to )?(?:talk|speak)\b|\bantes de (?:hablar|platicar)\b",
    re.IGNORECASE,
)


# "everyone says i should talk to a loan officer first?? what even is that": advice the sender
# was given (the introduction that follows qualifying is the loan officer), not a request;
# "i told him to talk to a real person first": advice the sender gave
_ADVISED_TO_TALK = re.compile(
    r"\b(?:says?|said|recommended|dice|dicen|dijo|me dijeron|le dije|les dije"
    r"|(?:told|tells?) (?:me|us|him|her|them|my \w+))\b"
    r"[^.!?]{0,25}\b(?:should|need to|have to|gotta|to|que|deberia|tengo que)\s+"
    r"(?:first\s+)?(?:talk|speak|hablar)\b",
    re.IGNORECASE,
)


def wants_a_person(text: str, intent: str | None) -> bool:
    if _NOT_UNTIL.search(text) or _BEFORE_TALKING.search(text) or _ADVISED_TO_TALK.search(text):
        return False
    return effective_intent(text, intent) == "human_handoff" or bool(_WANTS_A_PERSON.search(text))


# "is this a real person or a bot?", "r u a bot", "¿eres un robot?": a question about the bot
_ASKS_IF_A_BOT = re.compile(
    r"\b(?:is this|is it|are you|are u|r u|am i (?:texting|talking to)|this is)\b[^.?!]{0,25}"
    r"\b(?:bot|robot|real person|human|automated|a person|ai)\b"
    r"|\b(?:eres|es|sos) (?:un |una )?(?:bot|robot|persona real|maquina)\b",
    re.IGNORECASE,
)


def effective_intent(text: str, intent: str | None) -> str | None:
    """The classifier's intent, except that asking whether this is a bot is not asking for a
    person."""
    if intent == "human_handoff" and _ASKS_IF_A_BOT.search(text):
        if not _WANTS_A_PERSON.search(text):
            return "bot_challenge"
    return intent
