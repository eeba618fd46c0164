"""The loan-officer roster import: validation, one clear error per bad file, upsert, export."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from storage.db import make_engine, session_factory, transaction, upgrade
from storage.models import License, LoanOfficer
from storage.roster import (
    RosterEntry,
    RosterError,
    export_roster,
    import_roster,
    list_roster,
    load_roster_file,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "roster"
GOOD_YML = FIXTURES / "good.yml"
GOOD_CSV = FIXTURES / "good.csv"
EXAMPLE = Path(__file__).parents[2] / "roster.example.yml"


@pytest.fixture
def factory(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(f"sqlite:///{tmp_path}/t.db")
    upgrade(engine)
    yield session_factory(engine)
    engine.dispose()


def lo_count(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        return session.scalar(select(func.count()).select_from(LoanOfficer)) or 0


def good_rows() -> list[dict[str, str]]:
    with GOOD_CSV.open(newline="") as fh:
        return list(csv.DictReader(fh))


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def entry(**changes: Any) -> dict[str, Any]:
    """A valid roster entry as a YAML mapping, with some fields changed."""
    base = {
        "id": "dana",
        "name": "Dana Reyes",
        "nmls_id": "1000004",
        "phone": "+13035550104",
        "slack_user_id": "U0DANA004",
        "timezone": "America/Denver",
        "licensed_states": ["CO"],
        "languages": ["en"],
        "products": ["fha"],
        "max_active_intros": 4,
    }
    return base | changes


# --- reading and normalizing ------------------------------------------------------------------


def test_yaml_and_csv_forms_of_the_same_roster_load_to_the_same_entries() -> None:
    assert load_roster_file(GOOD_YML) == load_roster_file(GOOD_CSV)


def test_csv_values_are_normalized_to_storage_form() -> None:
    """Phones become E.164, states upper-case and sorted, codes lower-case, hours a mapping."""
    alice, bob, carol = load_roster_file(GOOD_CSV)
    assert alice.phone == "+15125550101"
    assert alice.licensed_states == ["CO", "TX"]
    assert alice.languages == ["en", "es"]
    assert alice.products == ["conventional", "fha", "va"]
    assert alice.working_hours is not None
    assert alice.working_hours.model_dump() == {
        "days": ["mon", "tue", "wed", "thu", "fri"],
        "start": "08:00",
        "end": "18:00",
    }
    assert (bob.name, bob.working_hours, bob.active) == ("Bob Martinez", None, True)
    assert (carol.licensed_states, carol.active) == (["AZ", "CA", "DC"], False)


@pytest.mark.parametrize(
    "hours",
    [
        "mon-fri 09:00-18:00",
        "Mon-Fri 9:00 - 18:00",
        "mon,tue,wed-fri 09:00-18:00",
        {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "18:00"},
        {"days": ["mon-fri"], "start": "9:00", "end": "18:00"},
        {"days": "mon-fri", "start": "09:00", "end": 1080},  # YAML 1.1 reads 18:00 as 1080
    ],
)
def test_working_hours_string_and_mapping_forms_normalize_to_one_mapping(hours: Any) -> None:
    lo = RosterEntry.model_validate(entry(working_hours=hours))
    assert lo.working_hours is not None
    assert lo.working_hours.model_dump() == {
        "days": ["mon", "tue", "wed", "thu", "fri"],
        "start": "09:00",
        "end": "18:00",
    }


def test_unquoted_yaml_numbers_for_phone_and_nmls_id_are_taken_as_written() -> None:
    lo = RosterEntry.model_validate(entry(phone=13035550104, nmls_id=1000004))
    assert (lo.phone, lo.nmls_id) == ("+13035550104", "1000004")


def test_example_roster_loads_six_los_across_the_sandbox_states_with_two_in_texas() -> None:
    los = load_roster_file(EXAMPLE)
    assert len(los) == 6
    assert {s for lo in los for s in lo.licensed_states} >= {"TX", "CA", "FL", "NY", "CO", "AZ"}
    assert sum("TX" in lo.licensed_states for lo in los) >= 2
    assert any(lo.working_hours for lo in los)
    assert all(lo.active for lo in los)


# --- one clear error per bad file, and nothing written ------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id", "Dana Reyes", "'Dana Reyes' is not a slug"),
        ("name", "", "is required"),
        ("nmls_id", "12ab", "'12ab' is not an NMLS id"),
        ("nmls_id", "1234567890123", "is not an NMLS id (1 to 12 digits)"),
        ("phone", "555-0101", "'555-0101' is not a valid phone number"),
        ("phone", "call me", "'call me' is not a valid phone number"),
        ("slack_user_id", "dana", "'dana' is not a Slack user id"),
        ("timezone", "Mars/Olympus", "'Mars/Olympus' is not an IANA timezone"),
        ("timezone", "Central", "'Central' is not an IANA timezone"),
        ("licensed_states", "TX;XX", "'XX' is not a USPS state or territory code"),
        ("licensed_states", "UK", "'UK' is not a USPS state or territory code"),
        ("licensed_states", "", "is required"),
        ("languages", "en;fr", "'fr' is not a supported language (en, es)"),
        ("products", "fha|arm", "'arm' is not a known product"),
        ("max_active_intros", "101", "less than or equal to 100"),
        ("max_active_intros", "-1", "greater than or equal to 0"),
        ("max_active_intros", "many", "valid integer"),
        ("working_hours", "weekdays 9 to 5", "is not working hours like 'mon-fri 09:00-18:00'"),
        ("working_hours", "fri-mon 09:00-17:00", "'fri-mon' is not a day or day range"),
        ("working_hours", "mon-fri 18:00-09:00", "start 18:00 must be before end 09:00"),
        ("working_hours", "mon-fri 09:00-24:00", "'24:00' is not a time HH:MM"),
        ("active", "maybe", "valid boolean"),
    ],
)
def test_a_bad_field_names_row_id_and_field_and_imports_nothing(
    factory: sessionmaker[Session], tmp_path: Path, field: str, value: str, message: str
) -> None:
    alice, bob, carol = good_rows()
    dana = carol | {"id": "dana", "nmls_id": "1000004", field: value}
    path = write_csv(tmp_path / "roster.csv", [alice, bob, dana])

    with pytest.raises(RosterError) as caught:
        import_roster(factory, path)

    assert str(caught.value).startswith(f"roster.csv row 3 (id={dana['id']}): {field}")
    assert message in str(caught.value)
    assert lo_count(factory) == 0


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("unknown_column.csv", "unknown_column.csv: unknown column(s) 'email'"),
        ("missing_column.csv", "missing_column.csv: missing required column(s) nmls_id"),
        ("header_only.csv", "header_only.csv: no loan officers in the file"),
        ("duplicate_id.csv", "duplicate_id.csv row 2 (id=alice): id: duplicate of row 1"),
        (
            "duplicate_nmls.yml",
            "duplicate_nmls.yml row 2 (id=bob): nmls_id: '1000001' is already used by row 1",
        ),
        ("unknown_field.yml", "unknown_field.yml row 1 (id=alice): email: unknown field"),
        ("broken.yml", "broken.yml: not valid YAML"),
        ("bare_list.yml", "bare_list.yml: expected one top-level key, loan_officers"),
        ("empty.yml", "empty.yml: no loan officers in the file"),
    ],
)
def test_a_bad_file_gets_one_error_and_imports_nothing(
    factory: sessionmaker[Session], name: str, message: str
) -> None:
    with pytest.raises(RosterError) as caught:
        import_roster(factory, FIXTURES / name)
    assert str(caught.value).startswith(message)
    assert lo_count(factory) == 0


def test_a_yaml_entry_that_is_not_a_mapping_names_its_row(tmp_path: Path) -> None:
    path = tmp_path / "roster.yaml"
    path.write_text("loan_officers:\n  - alice\n")
    with pytest.raises(RosterError, match=r"^roster.yaml row 1: expected a mapping"):
        load_roster_file(path)


def test_an_unknown_extension_is_refused_before_reading(tmp_path: Path) -> None:
    with pytest.raises(RosterError, match=r"^roster.json: unknown extension '.json'"):
        load_roster_file(tmp_path / "roster.json")


def test_a_missing_file_is_reported_as_unreadable(tmp_path: Path) -> None:
    with pytest.raises(RosterError, match=r"^cannot read .*nowhere.yml"):
        load_roster_file(tmp_path / "nowhere.yml")


# --- upserting into the database ---------------------------------------------------------------


@pytest.mark.parametrize("path", [GOOD_YML, GOOD_CSV], ids=["yaml", "csv"])
def test_import_creates_every_lo_with_its_licenses(
    factory: sessionmaker[Session], path: Path
) -> None:
    result = import_roster(factory, path)

    assert (result.created, result.updated) == (["alice", "bob", "carol"], [])
    with factory() as session:
        alice = session.get_one(LoanOfficer, "alice")
        assert alice.licensed_states == ["CO", "TX"]
        assert alice.phone == "+15125550101"
        assert alice.working_hours == {
            "days": ["mon", "tue", "wed", "thu", "fri"],
            "start": "08:00",
            "end": "18:00",
        }
        assert session.get_one(LoanOfficer, "carol").active is False


def test_reimport_updates_los_in_the_file_and_leaves_the_others_untouched(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    import_roster(factory, GOOD_YML)
    before = {lo["id"]: lo for lo in list_roster(factory)}
    alice = good_rows()[0] | {"licensed_states": "NY;FL", "max_active_intros": "9"}
    zed = alice | {"id": "zed", "nmls_id": "1000026", "licensed_states": "TX", "name": "Zed"}

    result = import_roster(factory, write_csv(tmp_path / "changes.csv", [alice, zed]))

    assert (result.created, result.updated) == (["zed"], ["alice"])
    after = {lo["id"]: lo for lo in list_roster(factory)}
    assert after["alice"]["licensed_states"] == ["FL", "NY"]
    assert after["alice"]["max_active_intros"] == 9
    assert (after["bob"], after["carol"]) == (before["bob"], before["carol"])
    with factory() as session:
        states = session.scalars(select(License.state).where(License.lo_id == "alice")).all()
        assert sorted(states) == ["FL", "NY"]


def test_an_nmls_id_held_by_an_lo_outside_the_file_is_refused_and_nothing_changes(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    import_roster(factory, GOOD_YML)
    before = list_roster(factory)
    bob = good_rows()[1] | {"max_active_intros": "7"}
    zed = bob | {"id": "zed", "nmls_id": "1000001"}  # alice's, and alice is not in the file

    with pytest.raises(RosterError) as caught:
        import_roster(factory, write_csv(tmp_path / "roster.csv", [bob, zed]))

    assert str(caught.value) == (
        "roster.csv row 2 (id=zed): nmls_id: '1000001' already belongs to loan officer "
        "'alice', who is not in this file"
    )
    assert list_roster(factory) == before


def test_a_change_the_database_refuses_is_a_roster_error_and_nothing_changes(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    """Two LOs swapping NMLS ids trips the unique index mid-write; the transaction rolls back."""
    import_roster(factory, GOOD_YML)
    before = list_roster(factory)
    alice, bob, _ = good_rows()
    swapped = [alice | {"nmls_id": bob["nmls_id"]}, bob | {"nmls_id": alice["nmls_id"]}]

    with pytest.raises(RosterError, match=r"^swap.csv: the database refused the roster: UNIQUE"):
        import_roster(factory, write_csv(tmp_path / "swap.csv", swapped))
    assert list_roster(factory) == before


def test_import_into_a_callers_session_leaves_the_commit_to_the_caller(
    factory: sessionmaker[Session],
) -> None:
    with factory() as session:
        result = import_roster(session, GOOD_YML)
        assert session.get(LoanOfficer, "alice") is not None
        session.rollback()
    assert result.created == ["alice", "bob", "carol"]
    assert lo_count(factory) == 0


# --- listing and exporting ---------------------------------------------------------------------


def test_list_roster_gives_plain_dicts_in_file_form_sorted_by_id(
    factory: sessionmaker[Session],
) -> None:
    import_roster(factory, GOOD_CSV)
    with transaction(factory) as session:
        rows = list_roster(session)
    assert [r["id"] for r in rows] == ["alice", "bob", "carol"]
    assert rows[1] == {
        "id": "bob",
        "name": "Bob Martinez",
        "nmls_id": "1000002",
        "phone": "+12145550102",
        "slack_user_id": "U0BOB0002",
        "timezone": "America/Chicago",
        "licensed_states": ["TX"],
        "languages": ["en"],
        "products": ["fha", "usda"],
        "max_active_intros": 3,
        "working_hours": None,
        "active": True,
    }


@pytest.mark.parametrize("suffix", [".yml", ".csv"])
def test_an_exported_roster_imports_back_to_the_same_los(
    factory: sessionmaker[Session], tmp_path: Path, suffix: str
) -> None:
    import_roster(factory, GOOD_YML)
    out = tmp_path / f"export{suffix}"

    assert export_roster(factory, out) == 3
    assert load_roster_file(out) == load_roster_file(GOOD_YML)

    engine = make_engine(f"sqlite:///{tmp_path}/fresh.db")
    upgrade(engine)
    import_roster(session_factory(engine), out)
    assert list_roster(session_factory(engine)) == list_roster(factory)
    engine.dispose()


def test_export_writes_working_hours_as_the_short_string_in_csv(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    import_roster(factory, GOOD_YML)
    export_roster(factory, tmp_path / "out.csv")
    with (tmp_path / "out.csv").open(newline="") as fh:
        hours = [row["working_hours"] for row in csv.DictReader(fh)]
    assert hours == ["mon-fri 08:00-18:00", "", "mon,wed,fri,sat 10:00-16:00"]


# --- the matcher's optional fields ---------------------------------------------------------------


def test_the_matchers_optional_fields_are_validated_and_normalized() -> None:
    lo = RosterEntry.model_validate(
        entry(
            price_min_usd=200_000,
            price_max_usd="900000",
            credit_bands="740+;680-739",
            zip_prefixes=["787", 78613],
            daily_cap=4,
        )
    )
    assert (lo.price_min_usd, lo.price_max_usd) == (200_000, 900_000)
    assert lo.credit_bands == ["740+", "680-739"]
    assert lo.zip_prefixes == ["787", "78613"]
    assert lo.daily_cap == 4


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("credit_bands", "excellent", "'excellent' is not a credit band"),
        ("zip_prefixes", "78", "'78' is not a ZIP prefix (3 to 5 digits"),
        ("zip_prefixes", "787012", "is not a ZIP prefix"),
        ("daily_cap", "0", "greater than or equal to 1"),
        ("price_min_usd", "-5", "greater than or equal to 0"),
        ("price_max_usd", "100000", "100000 is below price_min_usd 200000"),
    ],
)
def test_a_bad_matcher_field_names_row_and_field(
    factory: sessionmaker[Session], tmp_path: Path, field: str, value: str, message: str
) -> None:
    blank = {"price_min_usd": "", field: ""}
    alice, bob, carol = (row | blank for row in good_rows())
    dana = carol | {"id": "dana", "nmls_id": "1000004", "price_min_usd": "200000", field: value}
    path = write_csv(tmp_path / "roster.csv", [alice, bob, dana])
    with pytest.raises(RosterError) as caught:
        import_roster(factory, path)
    assert str(caught.value).startswith(f"roster.csv row 3 (id=dana): {field}")
    assert message in str(caught.value)
    assert lo_count(factory) == 0


@pytest.mark.parametrize("suffix", [".yml", ".csv"])
def test_the_matchers_fields_survive_import_list_and_export(
    factory: sessionmaker[Session], tmp_path: Path, suffix: str
) -> None:
    src = tmp_path / "roster.yml"
    src.write_text(
        yaml.safe_dump(
            {
                "loan_officers": [
                    entry(price_max_usd=700_000, credit_bands=["740+"], zip_prefixes=["802"],
                          daily_cap=3),
                    entry(id="eve", nmls_id="1000005"),
                ]
            }
        )
    )  # fmt: skip
    import_roster(factory, src)
    dana, eve = list_roster(factory)
    assert dana["price_max_usd"] == 700_000 and dana["zip_prefixes"] == ["802"]
    assert "daily_cap" not in eve and "zip_prefixes" not in eve  # unset: left out
    out = tmp_path / f"export{suffix}"
    export_roster(factory, out)
    assert load_roster_file(out) == load_roster_file(src)


def test_the_example_roster_shows_every_optional_matcher_field() -> None:
    los = load_roster_file(EXAMPLE)
    assert any(lo.zip_prefixes for lo in los)
    assert any(lo.credit_bands for lo in los)
    assert any(lo.price_min_usd for lo in los)
    assert any(lo.daily_cap for lo in los)
