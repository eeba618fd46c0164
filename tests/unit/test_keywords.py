"""Opt-out, opt-in and help words are recognised before the dialogue sees them."""

from __future__ import annotations

import pytest

from introductions.inbound import keyword


@pytest.mark.parametrize(
    "text",
    [
        "STOP",
        "stop.",
        "Unsubscribe",
        "CANCEL",
        "quit",
        "STOPALL",
        "stop texting me",
        "Please stop messaging me!",
        "don't text me",
        "unsubscribe me",
        "no me escribas mas",
        "BASTA",
    ],
)
def test_opt_outs_in_keywords_or_plain_words_stop_the_texts(text):
    assert keyword(text) == "stop"


@pytest.mark.parametrize(
    "text", ["stop by at 5?", "I want to stop renting", "cancel my old loan and refinance", "hello"]
)
def test_sentences_that_merely_contain_stop_words_are_not_opt_outs(text):
    assert keyword(text) is None


@pytest.mark.parametrize(
    ("text", "word"), [("START", "start"), ("unstop", "start"), ("Help", "help"), ("INFO", "help")]
)
def test_start_and_help_are_recognised(text, word):
    assert keyword(text) == word
