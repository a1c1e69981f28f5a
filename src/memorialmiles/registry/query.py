"""What a person means by what they type in the honor wall's search box.

People type the way they speak: "Huntsville PD", "Sgt. Crumby 2023", "Alabama", "K9 Rex".
`parse_query` turns such text into filters the roll has columns for (state, rank, K9, year of
end of watch) and the words left to look for in names and agencies. Pure Python, no Django, so
the rules are property-tested on their own (tests/honors/test_query_properties.py).

An interpretation can be wrong ("Virginia" is also a first name): the caller searches the
literal words too when the interpreted query finds nobody (`Query.literal`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .states import STATE_NAMES

YEAR_MIN, YEAR_MAX = 1700, 2100
MAX_WORDS = 8

WORD = re.compile(r"\w+")
# Tokens as typed: split on spaces and list punctuation, keep "Sgt." and "O'Neil" whole.
TOKEN = re.compile(r"[^\s:/()\"]+")
SEGMENT = re.compile(r"[,;]")
_EDGES = re.compile(r"^\W+|\W+$")

# Agency shorthand as people say it; the expansion's words must all be in the agency's name.
AGENCY_SHORTHAND: dict[str, tuple[str, ...]] = {
    "pd": ("police", "department"),
    "so": ("sheriff", "office"),
    "fd": ("fire", "department"),
    "dps": ("public", "safety"),
    "hp": ("highway", "patrol"),
    "doc": ("department", "corrections"),
    "dept": ("department",),
}

# Ranks as they are written on the roll (folded), by the spellings people use. A rank is
# matched against the hero's rank as whole words: "officer" finds "Police Officer" too. Words
# that are also agency words ("sheriff", "marshal", "constable", "chief") are left as words.
RANKS: dict[str, str] = {
    "officer": "officer",
    "ofc": "officer",
    "offc": "officer",
    "police officer": "police officer",
    "patrol officer": "patrol officer",
    "patrolman": "patrolman",
    "ptl": "patrolman",
    "policeman": "policeman",
    "deputy": "deputy",
    "dep": "deputy",
    "deputy sheriff": "deputy sheriff",
    "dep sheriff": "deputy sheriff",
    "sergeant": "sergeant",
    "sgt": "sergeant",
    "lieutenant": "lieutenant",
    "lt": "lieutenant",
    "lieut": "lieutenant",
    "captain": "captain",
    "capt": "captain",
    "cpt": "captain",
    "corporal": "corporal",
    "cpl": "corporal",
    "detective": "detective",
    "det": "detective",
    "trooper": "trooper",
    "tpr": "trooper",
    "special agent": "special agent",
    "investigator": "investigator",
    "inspector": "inspector",
    "insp": "inspector",
    "firefighter": "firefighter",
    "ff": "firefighter",
    "chief of police": "chief of police",
    "correctional officer": "correctional officer",
    "corrections officer": "corrections officer",
    "game warden": "game warden",
}
K9_WORDS = frozenset({"k9", "k-9", "canine"})
STOP_WORDS = frozenset({"of", "the", "and"})

_STATE_BY_NAME = {
    " ".join(WORD.findall(name.casefold())): code
    for code, name in STATE_NAMES.items()
    if code not in {"US", "RR", "TR"}
}
_STATE_BY_NAME["virgin islands"] = "VI"
# Longest phrase first: "west virginia" before "virginia", "deputy sheriff" before "deputy".
_PHRASE_LEN = max(len(p.split()) for p in [*_STATE_BY_NAME, *RANKS])


def fold(text: str) -> str:
    """Lower-case and strip accents, so "José" is found by "jose" on every database."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def words_of(text: str) -> list[str]:
    """The folded words of `text` the way the search indexes cut them."""
    return WORD.findall(fold(text))


@dataclass(frozen=True)
class Query:
    """A parsed query: filters from the text, and the words to find in names and agencies."""

    words: tuple[str, ...] = ()
    state: str = ""
    ranks: tuple[str, ...] = ()
    k9: bool = False
    year: int | None = None
    literal: tuple[str, ...] = field(default=(), compare=False)

    @property
    def interpreted(self) -> bool:
        """True when some of the text became a filter rather than words to look for."""
        return bool(self.state or self.ranks or self.k9 or self.year is not None)

    def text(self) -> str:
        """The query written back in a form `parse_query` reads as the same query."""
        words = f'"{" ".join(self.words)}"' if self.words else ""
        parts = [*self.ranks, self.state, str(self.year or ""), "K9" if self.k9 else "", words]
        return ", ".join(p for p in parts if p)


def _key(token: str) -> str:
    return _EDGES.sub("", fold(token))


def parse_query(text: str) -> Query:
    """Read `text` as a person means it; never raises, whatever the text.

    A phrase ("New York", "Deputy Sheriff") never spans a comma; a second state or year, or a
    rank given twice, is kept as words; words in double quotes are only words ("so" is not the
    Sheriff's Office there).
    """
    words: list[str] = []
    ranks: list[str] = []
    state, k9, year = "", False, None
    literal: list[str] = []
    segments = []
    for n, part in enumerate((text or "").split('"')):
        if n % 2:
            words.extend(words_of(part))
            literal.extend(words_of(part))
        else:
            segments.extend(TOKEN.findall(segment) for segment in SEGMENT.split(part))
    for tokens in segments:
        tokens = tokens[: MAX_WORDS * 4]
        keys = [_key(t) for t in tokens]
        literal.extend(w for t in tokens for w in words_of(t))
        i = 0
        while i < len(tokens):
            token, key = tokens[i], keys[i]
            span, found = _phrase(keys, i)
            if found:
                kind, value = found
                if kind == "state" and not state:
                    state = value
                elif kind == "rank" and value not in ranks:
                    ranks.append(value)
                else:
                    words.extend(w for t in tokens[i : i + span] for w in words_of(t))
                i += span
                continue
            if key in K9_WORDS:
                k9 = True
            elif (
                key.isdecimal() and len(key) == 4 and YEAR_MIN <= int(key) <= YEAR_MAX and not year
            ):
                year = int(key)
            elif len(key) == 2 and token.isupper() and key.upper() in STATE_NAMES and not state:
                state = key.upper()
            elif key in AGENCY_SHORTHAND:
                words.extend(AGENCY_SHORTHAND[key])
            else:
                words.extend(words_of(token))
            i += 1
    kept = [w for w in words if w not in STOP_WORDS] or words
    return Query(
        words=tuple(dict.fromkeys(kept))[:MAX_WORDS],
        state=state,
        ranks=tuple(ranks),
        k9=k9,
        year=year,
        literal=tuple(literal)[:MAX_WORDS],
    )


def _phrase(keys: list[str], start: int) -> tuple[int, tuple[str, str] | None]:
    """The longest state name or rank starting at `start`: (tokens used, (kind, value))."""
    for span in range(min(_PHRASE_LEN, len(keys) - start), 0, -1):
        phrase = " ".join(" ".join(WORD.findall(k)) for k in keys[start : start + span])
        if phrase in _STATE_BY_NAME:
            return span, ("state", _STATE_BY_NAME[phrase])
        if phrase in RANKS:
            return span, ("rank", RANKS[phrase])
    return 1, None
