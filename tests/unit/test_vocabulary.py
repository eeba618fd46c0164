"""One vocabulary (vocabulary/__init__.py): every layer uses it, none writes its own copy."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import CheckConstraint

import vocabulary
from bot import normalize
from bot.actions import plan
from introductions import texts
from matching import learning, rules
from storage import models

ROOT = Path(__file__).resolve().parents[2]
PRODUCT_PACKAGES = ("bot", "matching", "storage", "runtime", "introductions", "channels", "mm")
WORDS = {name for name in vars(vocabulary) if name.isupper()}


def domain_slots() -> dict[str, Any]:
    slots: dict[str, Any] = {}
    for path in sorted((ROOT / "bot" / "domain").glob("*.yml")):
        slots.update(yaml.safe_load(path.read_text()).get("slots") or {})
    return slots


def test_the_bots_domain_declares_every_slot_the_product_reads() -> None:
    declared = set(domain_slots())
    used = {*vocabulary.QUALIFICATION_SLOTS, *vocabulary.CLOSING_SLOTS, "fast_track"}
    assert used - declared == set()


@pytest.mark.parametrize(
    ("slot", "values"),
    [("occupancy", vocabulary.OCCUPANCIES), ("language", vocabulary.LANGUAGES)],
)
def test_the_bots_categorical_slots_take_the_vocabularys_values(
    slot: str, values: tuple[str, ...]
) -> None:
    assert domain_slots()[slot]["values"] == list(values)


def test_the_form_asks_only_for_slots_of_the_qualification() -> None:
    for slots in ({}, {"loan_purpose": "purchase"}, {"fast_track": True}):
        asked = set(plan.required_slots(slots))
        assert asked <= {*vocabulary.QUALIFICATION_SLOTS, *vocabulary.CLOSING_SLOTS}


@pytest.mark.parametrize(
    ("used", "word"),
    [
        (normalize.CREDIT_BANDS, vocabulary.CREDIT_BANDS),
        (normalize.LANGUAGES, vocabulary.LANGUAGES),
        (normalize.LOAN_PURPOSES, vocabulary.LOAN_PURPOSES),
        (normalize.TIMELINES, vocabulary.TIMELINES),
        (normalize.FLAG_SLOTS, vocabulary.FLAG_SLOTS),
        (plan.FAST_TRACK_SLOTS, vocabulary.FAST_TRACK_SLOTS),
        (rules.CREDIT_BANDS, vocabulary.CREDIT_BANDS),
        (rules.PRODUCTS, vocabulary.PRODUCTS),
        (rules.DAYS, vocabulary.DAYS),
        (learning.OUTCOMES, vocabulary.OUTCOMES),
        (models.LIVE_INTRO_STATUSES, vocabulary.LIVE_INTRO_STATUSES),
    ],
)
def test_the_parsers_the_matcher_and_the_models_use_the_vocabulary(
    used: object, word: object
) -> None:
    assert used is word


def test_the_copy_names_every_value_it_labels() -> None:
    assert set(texts.PURPOSES) == set(vocabulary.LOAN_PURPOSES)
    assert set(texts.LANGUAGE_NAMES) == set(vocabulary.LANGUAGES)
    assert list(texts.OUTCOME_LABELS) == list(vocabulary.LO_OUTCOMES)


def test_the_database_checks_the_vocabularys_statuses_and_outcomes() -> None:
    checks = {
        str(c.sqltext)
        for table in (models.Introduction.__table__, models.IntroOutcome.__table__)
        for c in table.constraints
        if isinstance(c, CheckConstraint)
    }
    assert checks == {
        "status IN ({})".format(", ".join(f"'{s}'" for s in vocabulary.INTRO_STATUSES)),
        "outcome IN ({})".format(", ".join(f"'{o}'" for o in vocabulary.OUTCOMES)),
    }


def test_the_subsets_are_subsets() -> None:
    assert set(vocabulary.LIVE_INTRO_STATUSES) <= set(vocabulary.INTRO_STATUSES)
    assert set(vocabulary.LO_OUTCOMES) <= set(vocabulary.OUTCOMES)
    assert vocabulary.CLOSING_OUTCOMES <= set(vocabulary.OUTCOMES)
    assert set(vocabulary.FAST_TRACK_SLOTS) <= {*vocabulary.CORE_SLOTS, *vocabulary.CLOSING_SLOTS}


def redefinitions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), str(path))
    return [
        f"{path.relative_to(ROOT)}:{node.lineno} defines {target.id}"
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name) and target.id in WORDS
    ]


def test_no_product_module_defines_its_own_copy_of_a_word() -> None:
    found = [
        line
        for package in PRODUCT_PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        for line in redefinitions(path)
    ]
    assert found == []
