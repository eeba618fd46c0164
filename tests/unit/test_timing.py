"""Quiet hours per state and LO working hours, on a frozen clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from introductions.calling_hours import next_allowed_send, next_working_time, offer_deadline

PHONE = "+12125550100"


def at(hour: int, minute: int, zone: str, day: int = 2) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=ZoneInfo(zone))


@pytest.mark.parametrize(
    ("state", "when", "allowed_at"),
    [
        ("NY", at(8, 0, "America/New_York"), at(8, 0, "America/New_York")),
        ("NY", at(7, 59, "America/New_York"), at(8, 0, "America/New_York")),
        ("NY", at(20, 59, "America/New_York"), at(20, 59, "America/New_York")),
        ("NY", at(21, 0, "America/New_York"), at(8, 0, "America/New_York", day=3)),
        # Florida spans Eastern and Central: 8am in the panhandle is 9am in Miami.
        ("FL", at(20, 0, "America/New_York"), at(8, 0, "America/Chicago", day=3)),
        ("NJ", at(20, 30, "America/New_York"), at(8, 0, "America/New_York", day=3)),
        ("MD", at(19, 59, "America/New_York"), at(19, 59, "America/New_York")),
        ("OK", at(20, 5, "America/Chicago"), at(8, 0, "America/Chicago", day=3)),
        ("MS", at(20, 5, "America/Chicago"), at(8, 0, "America/Chicago", day=3)),
        ("CT", at(8, 30, "America/New_York"), at(9, 0, "America/New_York")),
        ("CT", at(20, 0, "America/New_York"), at(9, 0, "America/New_York", day=3)),
        ("CA", at(21, 30, "America/Los_Angeles"), at(8, 0, "America/Los_Angeles", day=3)),
        # Texas spans Central and Mountain: 8am Central is still 7am in El Paso.
        ("TX", at(8, 0, "America/Chicago"), at(8, 0, "America/Denver")),
    ],
)
def test_bot_initiated_texts_are_held_until_the_states_calling_window(state, when, allowed_at):
    assert next_allowed_send(when.astimezone(UTC), state, PHONE) == allowed_at


def test_without_a_state_the_phone_numbers_zone_decides():
    late = at(22, 0, "America/Los_Angeles").astimezone(UTC)
    assert next_allowed_send(late, None, "+14155550100") == at(8, 0, "America/Los_Angeles", day=3)


HOURS = {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "18:00"}


@pytest.mark.parametrize(
    ("when", "starts"),
    [
        (at(10, 0, "America/Chicago"), at(10, 0, "America/Chicago")),  # Wednesday, at work
        (at(7, 0, "America/Chicago"), at(9, 0, "America/Chicago")),
        (at(19, 0, "America/Chicago"), at(9, 0, "America/Chicago", day=3)),
        (at(12, 0, "America/Chicago", day=5), at(9, 0, "America/Chicago", day=7)),  # Sat -> Mon
    ],
)
def test_the_offer_clock_starts_at_the_los_next_working_hour(when, starts):
    assert next_working_time(when, HOURS, "America/Chicago") == starts
    sla = timedelta(minutes=5)
    assert offer_deadline(when, HOURS, "America/Chicago", sla) == starts + sla


def test_an_lo_without_working_hours_is_always_at_work():
    now = at(3, 0, "America/Chicago")
    assert next_working_time(now, None, "America/Chicago") == now


@pytest.mark.parametrize(
    ("words", "window"),
    [
        ("evenings are best", (17, 21)),
        ("mornings", (8, 12)),
        ("after 5pm", (17, 24)),
        ("after 6", (18, 24)),
        ("before 10am", (0, 10)),
        ("por la tarde", (12, 19)),
        ("whenever", None),
        (None, None),
    ],
)
def test_the_borrowers_preferred_time_is_read_from_their_words(words, window):
    from introductions.calling_hours import preferred_window

    assert preferred_window(words) == window


def test_bot_texts_wait_for_the_borrowers_preferred_time_inside_the_legal_window():
    morning = at(9, 0, "America/New_York").astimezone(UTC)
    assert next_allowed_send(morning, "NY", PHONE, "evenings") == at(17, 0, "America/New_York")
    # "after 10pm" is outside the legal window: the law wins, the wish is ignored.
    assert next_allowed_send(morning, "NY", PHONE, "after 10pm") == morning
