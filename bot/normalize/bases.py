"""US military installations -> state: a military family names the base, not the state.

"orders to Fort Knox", "me mudan de Lackland a Moody AFB", "PCSing to JBLM". Current and
former names (the 2023 renamings and their 2025 reversals) both count. Only forms that
cannot be a city are matched: "Fort X", "X AFB", "Camp X", "NAS X" and a few names that are
bases and nothing else.
"""

from __future__ import annotations

import re
from functools import cache

_FORTS = {
    "hood": "TX", "cavazos": "TX", "bliss": "TX", "sam houston": "TX",
    "bragg": "NC", "liberty": "NC",
    "knox": "KY", "campbell": "KY",
    "benning": "GA", "moore": "GA", "stewart": "GA", "gordon": "GA", "eisenhower": "GA",
    "belvoir": "VA", "eustis": "VA", "lee": "VA", "gregg-adams": "VA", "gregg adams": "VA",
    "myer": "VA", "walker": "VA", "a.p. hill": "VA", "ap hill": "VA", "pickett": "VA",
    "barfoot": "VA", "monroe": "VA", "story": "VA",
    "lewis": "WA", "carson": "CO", "sill": "OK", "riley": "KS", "leavenworth": "KS",
    "leonard wood": "MO", "polk": "LA", "johnson": "LA", "rucker": "AL", "novosel": "AL",
    "huachuca": "AZ", "irwin": "CA", "hunter liggett": "CA", "drum": "NY", "hamilton": "NY",
    "meade": "MD", "detrick": "MD", "dix": "NJ", "jackson": "SC", "wainwright": "AK",
    "greely": "AK", "buchanan": "PR", "shafter": "HI", "mccoy": "WI",
}  # fmt: skip
_AIR_BASES = {
    "lackland": "TX", "randolph": "TX", "dyess": "TX", "sheppard": "TX", "goodfellow": "TX",
    "laughlin": "TX", "seymour johnson": "NC", "pope": "NC", "moody": "GA", "robins": "GA",
    "langley": "VA", "fairchild": "WA", "mcchord": "WA", "peterson": "CO", "schriever": "CO",
    "buckley": "CO", "tinker": "OK", "vance": "OK", "altus": "OK", "mcconnell": "KS",
    "whiteman": "MO", "barksdale": "LA", "maxwell": "AL", "luke": "AZ", "davis-monthan": "AZ",
    "davis monthan": "AZ", "travis": "CA", "edwards": "CA", "vandenberg": "CA", "beale": "CA",
    "nellis": "NV", "creech": "NV", "kirtland": "NM", "holloman": "NM", "cannon": "NM",
    "eglin": "FL", "hurlburt": "FL", "macdill": "FL", "tyndall": "FL", "patrick": "FL",
    "shaw": "SC", "andrews": "MD", "mcguire": "NJ", "hickam": "HI", "elmendorf": "AK",
    "eielson": "AK", "malmstrom": "MT", "minot": "ND", "grand forks": "ND", "ellsworth": "SD",
    "offutt": "NE", "f.e. warren": "WY", "fe warren": "WY", "warren": "WY",
    "mountain home": "ID", "hill": "UT", "wright-patterson": "OH", "wright patterson": "OH",
    "scott": "IL", "keesler": "MS", "columbus": "MS", "little rock": "AR", "dover": "DE",
    "hanscom": "MA", "arnold": "TN",
}  # fmt: skip
_NAVAL = {
    "norfolk": "VA", "oceana": "VA", "little creek": "VA", "dam neck": "VA", "mayport": "FL",
    "pensacola": "FL", "jacksonville": "FL", "whiting field": "FL", "key west": "FL",
    "kings bay": "GA", "corpus christi": "TX", "kingsville": "TX", "whidbey island": "WA",
    "whidbey": "WA", "kitsap": "WA", "bremerton": "WA", "everett": "WA", "lemoore": "CA",
    "north island": "CA", "coronado": "CA", "point mugu": "CA", "miramar": "CA",
    "fallon": "NV", "great lakes": "IL", "lakehurst": "NJ", "patuxent river": "MD",
    "pax river": "MD", "pearl harbor": "HI", "kaneohe bay": "HI", "kaneohe": "HI",
    "cherry point": "NC", "new river": "NC", "beaufort": "SC", "yuma": "AZ",
}  # fmt: skip
_CAMPS = {
    "lejeune": "NC", "pendleton": "CA", "smith": "HI", "mackall": "NC", "atterbury": "IN",
    "shelby": "MS", "blanding": "FL", "williams": "UT", "ripley": "MN", "grayling": "MI",
}  # fmt: skip
# Bases by a name that is nothing else (or by the name everyone in the service uses).
_ALONE = {
    "jblm": "WA", "jbsa": "TX", "jber": "AK", "jbphh": "HI", "jbcc": "SC", "jbmdl": "NJ",
    "jble": "VA", "jb langley-eustis": "VA", "lejeune": "NC", "lackland": "TX",
    "schofield barracks": "HI", "schofield": "HI", "redstone arsenal": "AL", "redstone": "AL",
    "quantico": "VA", "twentynine palms": "CA", "29 palms": "CA", "parris island": "SC",
    "west point": "NY", "aberdeen proving ground": "MD", "white sands": "NM",
    "wright-patt": "OH", "wright patt": "OH", "malmstrom": "MT", "fort cavazos": "TX",
    "ft cavazos": "TX", "fort liberty": "NC", "ft liberty": "NC", "pease": "NH",
}  # fmt: skip
_AIR_SUFFIX = r"\s*(?:afb|air force base|air base|air national guard base|angb|arb|sfb)\b"
_NAVAL_PREFIX = r"\b(?:nas|nsb|nab|ns|naval (?:air )?station|naval base|mcas|naval air)\s+"


def _alternation(names: dict[str, str]) -> str:
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], dict[str, str]], ...]:
    return (
        (re.compile(rf"\b(?:fort|ft\.?)\s+({_alternation(_FORTS)})\b"), _FORTS),
        (re.compile(rf"\b({_alternation(_AIR_BASES)}){_AIR_SUFFIX}"), _AIR_BASES),
        (re.compile(rf"{_NAVAL_PREFIX}({_alternation(_NAVAL)})\b"), _NAVAL),
        (re.compile(rf"\b({_alternation(_NAVAL)})\s+(?:naval|nas\b|ns\b)"), _NAVAL),
        (re.compile(rf"\b(?:camp|mcb camp|mcb)\s+({_alternation(_CAMPS)})\b"), _CAMPS),
        (re.compile(rf"\b({_alternation(_ALONE)})\b"), _ALONE),
    )


def bases_in(folded: str) -> list[tuple[str, int, int]]:
    """(state, start, end) of each installation named in a folded (lowercase) text."""
    found: list[tuple[str, int, int]] = []
    taken: set[int] = set()
    for pattern, states in _patterns():
        for match in pattern.finditer(folded):
            if match.start() in taken:
                continue
            found.append((states[match.group(1)], match.start(), match.end()))
            taken.update(range(match.start(), match.end()))
    return sorted(found, key=lambda hit: hit[1])
