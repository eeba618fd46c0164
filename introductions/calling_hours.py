"""When we may text a borrower (TCPA quiet hours) and when an LO is at work; the texts the
bot starts are queued here, held until the borrower's calling hours.

Quiet hours are checked in every time zone of the borrower's state and in the time zone of
their phone number's area code (a California number buying in New York is not texted at
5 am Pacific), with the stricter window of the two states; a number whose zone is unknown
follows the state alone, so a message never lands early where the borrower is.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import us
from phonenumbers import NumberParseException, geocoder
from phonenumbers import parse as parse_phone
from phonenumbers import timezone as phone_timezone
from sqlalchemy.orm import Session

from runtime.outbox import queue_sms
from storage.models import Borrower, Message
from vocabulary import DAYS

# Calling windows (local hour from, hour to). 8am-9pm federally; stricter where state law is.
DEFAULT_WINDOW = (8, 21)
STATE_WINDOWS = {
    "FL": (8, 20),
    "OK": (8, 20),
    "MD": (8, 20),
    "MS": (8, 20),
    "NJ": (8, 20),
    "CT": (9, 20),
}


def borrower_zones(state: str | None, phone: str) -> list[ZoneInfo]:
    if state:
        found = us.states.lookup(state)
        if found is not None and found.time_zones:
            return [ZoneInfo(z) for z in found.time_zones]
    zones = [
        z
        for z in phone_timezone.time_zones_for_number(parse_phone(phone))
        if "/" in z and not z.startswith("Etc/")  # "Etc/Unknown" for numbers with no zone
    ]
    return [ZoneInfo(z) for z in zones] or [ZoneInfo("America/New_York")]


# A number whose area code spans more zones than this says nothing about where it is (a
# non-geographic NANP number lists every zone from Guam to Newfoundland).
MAX_PHONE_ZONES = 2


def phone_zones(phone: str) -> list[ZoneInfo]:
    """The time zones of the phone number's area code; [] when it has no known place."""
    try:
        number = parse_phone(phone)
    except NumberParseException:
        return []
    if not geocoder.description_for_number(number, "en"):
        return []
    names = [
        z
        for z in phone_timezone.time_zones_for_number(number)
        if "/" in z and not z.startswith("Etc/")
    ]
    return [ZoneInfo(z) for z in names] if len(names) <= MAX_PHONE_ZONES else []


def phone_state(phone: str) -> str | None:
    """The USPS state of the phone number's area code ("Los Angeles, CA" -> CA), if known."""
    try:
        place = geocoder.description_for_number(parse_phone(phone), "en")
    except NumberParseException:
        return None
    found = us.states.lookup(place.rsplit(",", 1)[-1].strip()) if place else None
    return found.abbr if found is not None else None


def calling_zones(state: str | None, phone: str) -> list[ZoneInfo]:
    """Every zone a text must be inside the window in: the state's and the phone's."""
    zones = borrower_zones(state, phone)
    for zone in phone_zones(phone):
        if zone not in zones:
            zones.append(zone)
    return zones


def calling_window(state: str | None, phone: str) -> tuple[int, int]:
    """The stricter of the property state's window and the phone's state's window."""
    windows = [STATE_WINDOWS.get(s or "", DEFAULT_WINDOW) for s in (state, phone_state(phone))]
    return max(w[0] for w in windows), min(w[1] for w in windows)


def _next_in_window(when: datetime, zone: ZoneInfo, window: tuple[int, int]) -> datetime:
    local = when.astimezone(zone)
    start, end = window
    if start <= local.hour < end:
        return when
    day = local.date() if local.hour < start else local.date() + timedelta(days=1)
    return datetime.combine(day, time(start), zone)


# The borrower's own words for when to reach them, as local hours. Anything we can't read
# leaves only the legal window; an LO still sees the words.
PARTS_OF_DAY = {
    "morning": (8, 12),
    "por la manana": (8, 12),
    "por la mañana": (8, 12),
    "lunch": (11, 14),
    "afternoon": (12, 17),
    "tarde": (12, 19),
    "evening": (17, 21),
    "night": (18, 21),
    "noche": (18, 21),
    "after work": (17, 21),
}
AFTER_BEFORE = re.compile(r"\b(after|before|despues de las|antes de las)\s+(\d{1,2})\s*(am|pm)?")


def preferred_window(words: str | None) -> tuple[int, int] | None:
    """(from hour, to hour) the borrower asked for, e.g. "evenings" or "after 5pm"."""
    if not words:
        return None
    text = words.lower()
    for part, window in PARTS_OF_DAY.items():
        if part in text:
            return window
    m = AFTER_BEFORE.search(text)
    if m is None:
        return None
    hour = int(m.group(2)) % 12 + (
        12 if m.group(3) == "pm" or (not m.group(3) and int(m.group(2)) < 8) else 0
    )
    return (hour, 24) if m.group(1) in ("after", "despues de las") else (0, hour)


def next_allowed_send(
    now: datetime, state: str | None, phone: str, preferred: str | None = None
) -> datetime:
    """The earliest moment at or after `now` inside quiet hours in all the borrower's zones
    (the property state's and the phone's), and inside the borrower's preferred time where
    that overlaps the legal window."""
    window = calling_window(state, phone)
    wish = preferred_window(preferred)
    if wish is not None and max(wish[0], window[0]) < min(wish[1], window[1]):
        window = (max(wish[0], window[0]), min(wish[1], window[1]))
    when = now
    for _ in range(4):  # zones differ by hours, so this settles within a couple of passes
        moved = max(_next_in_window(when, zone, window) for zone in calling_zones(state, phone))
        if moved == when:
            break
        when = moved
    return when


def _parse_hhmm(value: str) -> time:
    hour, minute = value.split(":")
    return time(int(hour), int(minute))


def next_working_time(now: datetime, working_hours: dict[str, Any] | None, tz: str) -> datetime:
    """`now` if the LO is at work, else the start of their next working period."""
    if not working_hours:
        return now
    zone = ZoneInfo(tz)
    start, end = _parse_hhmm(working_hours["start"]), _parse_hhmm(working_hours["end"])
    days = set(working_hours.get("days") or DAYS)
    local = now.astimezone(zone)
    for offset in range(8):
        day = local.date() + timedelta(days=offset)
        if DAYS[day.weekday()] not in days:
            continue
        opens, closes = datetime.combine(day, start, zone), datetime.combine(day, end, zone)
        if offset == 0 and opens <= local < closes:
            return now
        if local < opens:
            return opens
    return now  # no working day listed: treat the LO as always reachable


def offer_deadline(
    now: datetime, working_hours: dict[str, Any] | None, tz: str, sla: timedelta
) -> datetime:
    """The SLA to accept runs only inside the LO's working hours."""
    return next_working_time(now, working_hours, tz) + sla


def queue_bot_sms(
    session: Session,
    borrower: Borrower,
    body: str,
    purpose: str,
    now: datetime,
    channel: str = "sms",
    introduction_id: int | None = None,
) -> Message | None:
    """A text the bot starts (not a reply): held for quiet hours, never to an opted-out number.

    `channel` "group" opens the introduction's group conversation with `body` as greeting.
    """
    if borrower.opted_out_at is not None:
        return None
    q = borrower.qualification
    state, preferred = (q.property_state, q.contact_time) if q else (None, None)
    when = next_allowed_send(now, state, borrower.phone, preferred)
    msg = queue_sms(
        session, borrower.id, borrower.phone, body, purpose, when if when > now else None, channel
    )
    msg.introduction_id = introduction_id
    return msg
