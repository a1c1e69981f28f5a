"""Agency names: splitting, normalising for matching, guessing the kind, matching across files.

The same agency is written many ways: ODMP's `Madison County Sheriff's Department` is the FBI's
`Madison County Sheriff's Office`; `Hilliard Division of Police` is `Hilliard Police
Department`. The key folds those spellings together so they match, but only within one state:
Huntsville has a police department in AL, TX and MO, and all three keys are
`huntsville police`. The key is for matching only; the display name stays as the file wrote it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TypeVar

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein


def _words(text: str) -> list[str]:
    return text.split()


T = TypeVar("T")

_APOSTROPHE_S = re.compile(r"['’]s\b")
_DOTTED = [
    (re.compile(r"\bs\.\s*o\.?(?=\s|$|,)"), " sheriff office "),
    (re.compile(r"\bp\.\s*d\.?(?=\s|$|,)"), " police department "),
    (re.compile(r"\bd\.\s*p\.\s*s\.?(?=\s|$|,)"), " department of public safety "),
    (re.compile(r"\bu\.\s*s\.?(?=\s|$|,)"), " united states "),
]
_TOKEN = re.compile(r"[a-z0-9]+")
_WORDS = {
    "dept": "department",
    "dep": "department",
    "co": "county",
    "cnty": "county",
    "pd": "police department",
    "dps": "department of public safety",
    "sheriffs": "sheriff",
    "marshals": "marshal",
    "constables": "constable",
    "twp": "township",
    "mt": "mount",
    "ft": "fort",
    "univ": "university",
    "hwy": "highway",
    "ofc": "office",
    "us": "united states",
}
# Longest first: each pair folds a way of naming the agency's kind into one spelling.
_PHRASES = [
    ("department of police", "police"),
    ("division of police", "police"),
    ("bureau of police", "police"),
    ("police division", "police"),
    ("police department", "police"),
    ("sheriff office", "sheriff"),
    ("sheriff department", "sheriff"),
    ("marshal office", "marshal"),
    ("constable office", "constable"),
    ("police police", "police"),
]
_SPACED_PHRASES = [(f" {phrase} ", f" {replacement} ") for phrase, replacement in _PHRASES]
# Words that some lists put in an agency's name and others leave out ("Baltimore City Police
# Department" is the FBI's "Baltimore Police Department"); dropped only for a second-chance key.
_FILLERS = frozenset(_words("city metro metropolitan municipal town village borough"))
_LEADING = ("the ", "city of ", "town of ", "village of ", "borough of ", "township of ")


def normalise_agency(name: str) -> str:
    """The matching key of an agency name; idempotent, so keys can be normalised again."""
    return _normalise(name)


@lru_cache(maxsize=65536)
def _normalise(name: str) -> str:
    text = name
    if not text.isascii():  # most names are: skip the slow accent folding for them
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold()
    text = _APOSTROPHE_S.sub("", text).replace("&", " and ")
    if "." in text:  # every dotted abbreviation has one
        for pattern, replacement in _DOTTED:
            text = pattern.sub(replacement, text)
    text = " ".join(_WORDS.get(t, t) for t in _TOKEN.findall(text.replace("'", "")))
    folded = ""
    while folded != text:  # to a fixed point, so that normalising a key changes nothing
        folded, text = text, f" {text} "
        for phrase, replacement in _SPACED_PHRASES:
            text = text.replace(phrase, replacement)
        text = text.strip()
    stripped = True
    while stripped:
        stripped = False
        for lead in _LEADING:
            if text.startswith(lead) and len(text) > len(lead):
                text = text[len(lead) :]
                stripped = True
    return text


def split_agency_state(text: str) -> tuple[str, str]:
    """`Agency, ST` -> (agency, ST); split on the last comma since agency names contain commas."""
    agency, comma, state = text.rpartition(",")
    if not comma:
        return text.strip(), ""
    return agency.strip(), state.strip()


_KIND_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("corrections", re.compile(r"correction|prison|penitentiary|jail|detention|reformatory")),
    ("sheriff", re.compile(r"sheriff")),
    ("fire", re.compile(r"\bfire\b|firefight")),
    ("ems", re.compile(r"\bems\b|ambulance|emergency medical|rescue squad")),
    ("tribal", re.compile(r"tribal|tribe|\bnation\b|indian|pueblo|reservation|rancheria")),
    ("railroad", re.compile(r"railroad|railway|rail road|\brail\b")),
    (
        "federal",
        re.compile(
            r"^united states|^federal|\bfbi\b|bureau of investigation|drug enforcement admin|"
            r"customs and border|border patrol|secret service|marshals service"
        ),
    ),
    (
        "police",
        re.compile(
            r"police|constable|marshal|trooper|highway patrol|state patrol|public safety|"
            r"\branger|game|wildlife|conservation|natural resources|investigation"
        ),
    ),
]
_STATE_KINDS = {"US": "federal", "RR": "railroad", "TR": "tribal"}


def agency_kind(name: str, state: str = "") -> str:
    """Guess police|sheriff|fire|ems|corrections|federal|tribal|railroad|other from the name.

    ODMP's pseudo-states say it outright: US is federal, RR railroad, TR tribal.
    """
    if state in _STATE_KINDS:
        return _STATE_KINDS[state]
    key = name.casefold()
    for kind, pattern in _KIND_RULES:
        if pattern.search(key):
            return kind
    return "other"


_KIND_WORDS = frozenset(
    _words(
        "police sheriff marshal constable fire county city township university college state "
        "patrol department office division"
    )
)


def match_agency(
    key: str,
    state: str,
    candidates_by_state: Mapping[str, Mapping[str, T]],
    *,
    score_cutoff: float = 94.0,
) -> T | None:
    """The candidate for `key` in `state`: exact key first, then a close spelling.

    The fuzzy step only bridges typos and small wording differences: it must reach
    `score_cutoff` and agree on the words that say what kind of agency it is, so
    `daytonn police` matches `dayton police`, but `layton police`, `clayton police` and
    `dayton county sheriff` never do.
    """
    candidates = candidates_by_state.get(state)
    if not candidates or not key:
        return None
    if key in candidates:
        return candidates[key]
    loose = loose_agency_key(key)
    if loose in candidates:
        return candidates[loose]
    best = process.extractOne(key, candidates.keys(), scorer=fuzz.ratio, score_cutoff=score_cutoff)
    if best is None:
        return None
    found = best[0]
    if _kind_words(found) != _kind_words(key) or not _same_place(found.split()[0], key.split()[0]):
        return None
    return candidates[found]


def _same_place(a: str, b: str) -> bool:
    """The first word names the place: equal, or one typo in a long word with the same start."""
    if a == b:
        return True
    return a[0] == b[0] and min(len(a), len(b)) >= 5 and Levenshtein.distance(a, b) <= 1


def loose_agency_key(key: str) -> str:
    """`key` without the filler words that lists disagree on; a second-chance key only."""
    return " ".join(w for w in key.split() if w not in _FILLERS) or key


def index_agencies(
    agencies: Iterable[tuple[str, str, T]], *, aliases: Iterable[tuple[str, str, T]] = ()
) -> dict[str, dict[str, T]]:
    """State -> key -> agency for `match_agency`, from (key, state, agency) triples.

    Exact keys win over aliases and loose keys; the first agency with a key keeps it.
    """
    index: dict[str, dict[str, T]] = {}
    rows = list(agencies)
    for key, state, agency in rows:
        index.setdefault(state, {}).setdefault(key, agency)
    for key, state, agency in aliases:
        index.setdefault(state, {}).setdefault(key, agency)
    for key, state, agency in rows:
        index[state].setdefault(loose_agency_key(key), agency)
    return index


def _kind_words(key: str) -> frozenset[str]:
    return frozenset(w for w in key.split() if w in _KIND_WORDS)
