"""The trained model's intent classifier (bot/intent_classifier.py with the sentence encoder of
bot/sentence_featurizer.py), asked directly through Rasa's /model/parse.

The texts are not in nlu_data/: requests for other trades share words with mortgage requests
("need", "house", "busco"), and only their meaning tells them apart.
"""

from __future__ import annotations

import httpx
import pytest

CASES = [
    ("any idea who fixes leaky faucets near me", "out_of_scope"),
    ("my car needs new brakes, know a good shop?", "out_of_scope"),
    ("ocupo alguien que me pinte la cocina", "out_of_scope"),
    ("donde puedo arreglar mi celular", "out_of_scope"),
    ("we wanna refi our condo in ohio", "inform"),
    ("queremos comprar casita en el valle, unos 250 mil", "inform"),
]


def parse(stack, text: str) -> dict:
    rasa = stack.svc.settings.rasa_url.split(",")[0]
    token = {"token": stack.svc.settings.rasa_auth_token}
    r = httpx.post(rasa + "/model/parse", params=token, json={"text": text}, timeout=60)
    r.raise_for_status()
    return r.json()


@pytest.mark.parametrize(("text", "intent"), CASES)
def test_meaning_separates_other_trades_from_mortgage_requests(stack, text, intent):
    parsed = parse(stack, text)
    assert parsed["intent"]["name"] == intent, parsed["intent_ranking"][:3]


def test_the_ranking_is_a_probability_over_every_intent(stack):
    ranking = parse(stack, "how much are your fees")["intent_ranking"]
    assert len(ranking) == 10
    assert ranking[0]["name"] == "ask_rates"
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0, abs=1e-3)
    assert [r["confidence"] for r in ranking] == sorted(
        (r["confidence"] for r in ranking), reverse=True
    )
