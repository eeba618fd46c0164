"""Prometheus metrics: the counters move with real traffic, /metrics serves them, and no
label ever carries a phone number or a name."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

from introductions.handoff import expire_due, handoff_settings
from introductions.texts import ACCEPT, PASS
from runtime import metrics
from runtime.outbox import queue_sms
from runtime.settings import REQUIRED_IN_PRODUCTION, ConfigError, Settings
from storage.models import Borrower, Introduction
from tests.signing import twilio_form
from tests.unit.test_handoff import click, intro_of, qualified_borrower
from tests.unit.test_twilio_webhook import wait_for

ROOT = Path(__file__).resolve().parents[2]
Sample = tuple[str, frozenset[tuple[str, str]]]


def scrape(client: TestClient) -> tuple[dict[Sample, float], str]:
    r = client.get("/metrics")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain; version=")
    samples = {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(r.text)
        for s in family.samples
    }
    return samples, r.text


def value(samples: dict[Sample, float], name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_a_signed_inbound_sms_moves_the_counters_and_metrics_serves_them(wired):
    phone = "+15125550131"
    params, headers = twilio_form(
        wired.svc.settings, "SM" + "m" * 32, "hi, I'm Rosa and my ssn is 123-45-6789", phone
    )
    with TestClient(wired.app) as client:
        before, _ = scrape(client)
        assert client.post("/twilio/sms", data=params, headers=headers).status_code == 200
        wait_for(wired.svc.lanes.idle)
        after, text = scrape(client)

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("mm_messages_in_total", channel="sms") == 1
    assert moved("mm_webhook_ack_seconds_count", endpoint="twilio_sms") == 1
    assert value(after, "mm_webhook_ack_seconds_sum", endpoint="twilio_sms") > 0
    # Rasa is not running in this fixture: the turn is timed and its failure counted.
    assert moved("mm_rasa_turn_seconds_count") == 1
    assert moved("mm_errors_total", where="rasa") == 1
    assert moved("mm_messages_throttled_total", channel="sms") == 0
    # Read from the database at scrape time: everything was processed and sent.
    assert ("mm_queue_depth", frozenset({("queue", "outbound")})) in after
    assert value(after, "mm_queue_depth", queue="inbound") == 0
    # No phone number, name or message text in any label or line.
    for secret in (phone, phone[2:], "Rosa", "123-45-6789", "ssn"):
        assert secret not in text
    ours = [key for key in after if key[0].startswith("mm_")]
    assert ours
    for _name, labels in ours:
        for label, val in labels:
            assert label == "le" or metrics.LABEL_VALUE.fullmatch(val), (label, val)


def test_forged_and_duplicate_webhooks_are_counted_by_reason(wired):
    params, headers = twilio_form(wired.svc.settings, "SM" + "n" * 32, "hello", "+15125550132")
    with TestClient(wired.app) as client:
        before, _ = scrape(client)
        client.post("/twilio/sms", data=params, headers=headers)
        client.post("/twilio/sms", data=params, headers=headers)  # Twilio's retry
        client.post("/twilio/sms", data=params, headers={"X-Twilio-Signature": "Zm9yZ2Vk"})
        wait_for(wired.svc.lanes.idle)
        after, _ = scrape(client)
    for reason in ("duplicate", "signature"):
        moved = value(after, "mm_webhook_rejected_total", endpoint="twilio_sms", reason=reason)
        assert (
            moved - value(before, "mm_webhook_rejected_total", endpoint="twilio_sms", reason=reason)
            == 1
        )
    assert (
        value(after, "mm_webhook_ack_seconds_count", endpoint="twilio_sms")
        - value(before, "mm_webhook_ack_seconds_count", endpoint="twilio_sms")
        == 3
    )


def test_offers_accepts_passes_and_expiries_are_counted_once_committed(wired):
    with TestClient(wired.app) as client:
        before, _ = scrape(client)
    accepted = qualified_borrower(wired, phone="+15125550133")
    intro = intro_of(wired, accepted)
    with wired.svc.sessions() as s:
        user = s.get_one(Introduction, intro.id).loan_officer.slack_user_id
    click(
        wired,
        intro,
        ACCEPT,
        user,
        until=lambda: intro_of(wired, accepted).status == "introduced" and wired.svc.lanes.idle(),
    )
    passed = qualified_borrower(wired, phone="+15125550134")
    first = intro_of(wired, passed)
    with wired.svc.sessions() as s:
        user = s.get_one(Introduction, first.id).loan_officer.slack_user_id
    click(wired, first, PASS, user, until=lambda: intro_of(wired, passed).id != first.id)
    wait_for(wired.svc.lanes.idle)
    with wired.svc.sessions.begin() as s:  # the re-offer's deadline passes
        expired = expire_due(s, wired.svc.clock() + timedelta(days=3), handoff_settings(wired.svc))
    assert expired >= 1
    qualified_borrower(wired, state="WY", phone="+15125550135")  # nobody licensed in WY
    with TestClient(wired.app) as client:
        after, text = scrape(client)

    def moved(name: str) -> float:
        return value(after, name) - value(before, name)

    assert moved("mm_offer_accepts_total") == 1
    assert moved("mm_offer_passes_total") == 1
    assert moved("mm_offer_expiries_total") == expired
    assert moved("mm_no_match_total") >= 1
    # accepted: 1 offer; passed: 1 offer + 1 re-offer; each expiry re-offers while LOs remain
    assert moved("mm_offers_total") >= 3
    assert "Ana" not in text


def test_a_rolled_back_transaction_counts_nothing(wired):
    start = metrics.OFFERS._value.get()
    with pytest.raises(RuntimeError), wired.svc.sessions.begin() as s:
        metrics.on_commit(s, metrics.OFFERS)
        raise RuntimeError("the offer's transaction fails")
    assert metrics.OFFERS._value.get() == start
    with wired.svc.sessions.begin() as s:
        metrics.on_commit(s, metrics.OFFERS, 2)
        with s.begin_nested():  # releasing a savepoint is not the commit
            pass
        assert metrics.OFFERS._value.get() == start
    assert metrics.OFFERS._value.get() == start + 2


def test_queue_depth_is_read_from_the_database_at_scrape_time(wired):
    with wired.svc.sessions.begin() as s:
        b = Borrower(phone="+15125550136")
        s.add(b)
        s.flush()
        held = wired.svc.clock() + timedelta(hours=8)  # quiet hours: waits in the outbox
        queue_sms(s, b.id, b.phone, "good morning", purpose="test", not_before=held)
        queue_sms(s, b.id, b.phone, "later too", purpose="test", not_before=held)
    with TestClient(wired.app) as client:
        samples, _ = scrape(client)
    assert value(samples, "mm_queue_depth", queue="outbound") == 2


def test_label_values_are_words_never_numbers_or_names():
    for bad in ("+15125550199", "5125550199", "Ana Lopez", "sms\n", "x" * 40, ""):
        with pytest.raises(ValueError):
            metrics.error(bad)
    before = metrics.MESSAGES_OUT.labels("sms", "sent")._value.get()
    metrics.sent("sms", ok=True)
    metrics.sent("slack", ok=False)
    assert metrics.MESSAGES_OUT.labels("sms", "sent")._value.get() == before + 1


def test_multiprocess_mode_reports_the_sum_of_every_process(wired, tmp_path, monkeypatch):
    """PROMETHEUS_MULTIPROC_DIR: two worker processes count, /metrics reports their sum."""
    shared = tmp_path / "prom"
    shared.mkdir()
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(shared)}
    worker = "from runtime import metrics\nfor _ in range({n}): metrics.message_in('sms')\n"
    procs = [
        subprocess.Popen([sys.executable, "-c", worker.format(n=n)], env=env, cwd=ROOT)
        for n in (2, 3)
    ]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    assert len(list(shared.glob("counter_*.db"))) == 2  # one file per process
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(shared))
    out = metrics.Exposition(wired.svc.sessions).render().decode()
    samples = {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(out)
        for s in family.samples
    }
    assert value(samples, "mm_messages_in_total", channel="sms") == 5
    assert value(samples, "mm_queue_depth", queue="outbound") == 0


def test_with_metrics_token_set_metrics_wants_it_as_a_bearer_token(wired):
    token = "m" * 24
    wired.svc.settings = wired.svc.settings.with_(metrics_token=token)
    with TestClient(wired.app) as client:
        assert client.get("/metrics").status_code == 401
        wrong = {"Authorization": "Bearer " + "x" * 24}
        assert client.get("/metrics", headers=wrong).status_code == 401
        r = client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 200 and "mm_messages_in_total" in r.text


def test_a_short_metrics_token_is_refused_at_start():
    env = {name: "x" * 20 for name in REQUIRED_IN_PRODUCTION} | {"METRICS_TOKEN": "short"}
    env |= {"PUBLIC_BASE_URL": "https://mm.example.test", "RASA_URL": "http://127.0.0.1:5005"}
    with pytest.raises(ConfigError, match="METRICS_TOKEN is too short"):
        Settings.from_env(env)
