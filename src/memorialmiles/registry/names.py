"""Splitting a memorial registry's one-string name into rank, name parts, suffix and nickname.

ODMP writes the rank and the name in one string (`Deputy U.S. Marshal Henry Franklin "Frank"
Griffin, Jr.`) and every record starts with a rank, one to five words long. There is no
separator, so the split rests on a vocabulary of rank words gathered from the 22,800 ODMP
records and common fire and EMS titles. A few rank words are also first names (`Lance`,
`Forest`, `King`): those count as rank only when another rank word follows (`Lance Corporal`).

K9 dogs are written `K9 Rex`; `K9 Officer John Smith` is a human handler, told apart by the
rank word after `K9`. A dog's name goes in `last_name`, like a one-word human name, so sorting
and the "name is required" rule treat both alike.
"""

from __future__ import annotations

import re
import unicodedata
from functools import partial
from typing import NamedTuple


def _words(text: str) -> list[str]:
    return text.split()


_RANK_WORDS = frozenset(
    _words(
        """
    abatement acting agent air ale assistant atsaic autogiro auxiliary aviation bailiff battalion
    beverage boatman border bureau cadet captain cattle centre chaplain chief civilian class
    clerk coast code collector colonel commander commissioner conservation conservator constable
    control coordinator coroner corporal correction correctional corrections counselor county
    criminal crossing custody custom customs deportation deputized deputy desk detective
    detectives detention director dispatcher dispensary district doorman driver emergency emt
    employee enforcement engineer evidence executive extra federal fire firefighter fireman first
    flight fourth game gauger guard guardsman harbor health helicopter high highway immigration
    indian inspector investigative investigator jail jailer justice juvenile k9 k-9 keeper
    kitchen lead lieutenant lighthorseman liquor marine marshal master master-at-arms matron
    mayor medic merchant military motor motorcycle mounted narcotic narcotics natural night
    officer operative operator ordinance overseer paramedic park parole patrol patrolman
    patrolwoman peace petty pilot plainclothesman police policeman policewoman polygraph posse
    posseman postal principal prison private probation probationary prohibition protector public
    quarantine quartermaster railroad ranger regional relief reserve resource revenue roundsman
    rural safety sanitary school seaman seasonal second security senior sergeant sheriff
    sheriff's sheriff-elect specialist special staff state storekeeper-gauger sub-patrolman
    substitute superintendent supernumerary supervisor supervisory surveillance technical
    technician third town township traffic transport trooper turnkey undersheriff u.s. us
    vice village wagonman warden warehouse watch watchman wildlife youth zone group reform
    colorado lakes house scout chauffeur manager administrator warrant development worker
    instructor terrestrial biologist attorney protection resources wagon aide operations major
    carrier interdiction charge
    """
    )
)
# Words that only qualify a rank ("Park Ranger") and are also given names ("Park Richards"):
# a rank word only when another rank word follows.
_AMBIGUOUS = frozenset(
    _words("""
    lance forest day home head bridge camp bay land lake lakes field king court dog park code ale
    custom customs game motor prison youth regional criminal natural resource wildlife evidence
    beverage abatement ordinance surveillance helicopter flight zone group kitchen health
    sanitary quarantine reform school indian colorado harbor marine cattle liquor control
    district air crossing dispensary centre desk house development terrestrial warrant wagon
    protection resources
    """)
)
_K9 = frozenset({"k9", "k-9"})
_GRADES = frozenset({"i", "ii", "iii", "iv"})
# Joining words inside a rank ("Chief of Police", "Keeper of the Jail").
_JOINERS = frozenset({"of", "the", "and", "&", "in"})
_SUFFIX_KEYS = frozenset(_words("jr sr ii iii iv v vi 2nd 3rd 4th esq"))
_PARTICLES = frozenset(
    _words("van von de del della der den di da du des la le st st. saint ten ter vander dos das y")
)
_NICKNAME = re.compile(r"[\"“”„]([^\"“”„]*)[\"“”„]|\(([^()]*)\)|(?<!\w)[‘']([^‘’']+)[’'](?!\w)")
_MAYBE_NICKNAME = re.compile(r"[\"“”„(‘']")
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]+")
# The ASCII characters `_NON_WORD` removes, for `bytes.translate`.
_ASCII_NON_WORD = bytes(c for c in range(128) if _NON_WORD.fullmatch(chr(c)))


class NameParts(NamedTuple):
    """A person's (or a K9's) name taken apart; "" for any unknown part.

    A named tuple rather than a frozen dataclass: one is made per name of an import, and a
    frozen dataclass took seven times as long to build (a twentieth of a registry import).
    """

    rank: str = ""
    first_name: str = ""
    middle_name: str = ""
    last_name: str = ""
    suffix: str = ""
    nickname: str = ""
    k9: bool = False

    @property
    def full_name(self) -> str:
        """The name as a memorial shows it, without the rank."""
        nickname = f'"{self.nickname}"' if self.nickname else ""
        words = (self.first_name, self.middle_name, nickname, self.last_name)
        name = " ".join(w for w in words if w)
        return f"{name}, {self.suffix}" if self.suffix else name


# NameParts from a tuple of all its fields, without the Python-level `__new__` of a named tuple.
_name_parts = partial(tuple.__new__, NameParts)


def split_full_name(text: str) -> NameParts:
    """Split `Rank First Middle "Nick" Last, Suffix`; never raises, keeps every word.

    Not cached: nearly every name of a registry is different (22,742 of 22,800 in ODMP's), so
    a cache only added its own cost to each.
    """
    suffix: list[str] = []
    nicknames: list[str] = []
    if "," in text or _MAYBE_NICKNAME.search(text):
        tokens = _tokens(" ".join(text.split()), suffix, nicknames)
        lower = [token.lower() for token in tokens]
    else:  # most registry names: `Rank First Middle Last`, words apart
        tokens = text.split()
        # One lower() for the whole name; outside ASCII, lowering is not always letter by
        # letter (a final "Σ", "İ"), so such names are still lowered word by word.
        lower = text.lower().split() if text.isascii() else [t.lower() for t in tokens]

    rank, k9, tokens = _take_rank(tokens, lower)
    while not suffix and len(tokens) > 2 - k9 and _is_suffix(tokens[-1]):
        suffix.insert(0, tokens.pop())
    if not tokens and suffix:  # "Officer Jr." keeps its only word as the name
        tokens, suffix = suffix, []
    first = middle = last = ""
    if k9 or len(tokens) == 1:
        last = " ".join(tokens)
    elif tokens:
        start = len(tokens) - 1
        while start > 1 and tokens[start - 1].lower() in _PARTICLES:
            start -= 1
        first, middle, last = tokens[0], " ".join(tokens[1:start]), " ".join(tokens[start:])
    return _name_parts(
        (" ".join(rank), first, middle, last, " ".join(suffix), " ".join(nicknames), k9)
    )


def _tokens(text: str, suffix: list[str], nicknames: list[str]) -> list[str]:
    """The words of a name with commas or a nickname in it; the nicknames and the suffixes
    after a comma go to their lists."""

    def take(match: re.Match[str]) -> str:
        nick = next(g for g in match.groups() if g is not None).strip()
        if nick:
            nicknames.append(nick)
        return " "

    if _MAYBE_NICKNAME.search(text):
        text = _NICKNAME.sub(take, text)
    head, *tail = (part.strip() for part in text.split(","))
    tokens = head.split()
    leftovers: list[str] = []
    for part in tail:
        words = part.split()
        if words and all(_is_suffix(w) for w in words):
            suffix.extend(words)
        else:
            leftovers.extend(words)
    if leftovers and not _has_rank(tokens) and 1 <= len(tokens) <= 3:
        # "Last, First Middle": a list sorted by surname.
        tokens, leftovers = leftovers + tokens, []
    return tokens + leftovers


def _is_suffix(word: str) -> bool:
    return word.replace(".", "").lower() in _SUFFIX_KEYS


def _has_rank(tokens: list[str]) -> bool:
    return len(tokens) > 1 and tokens[0].lower() in _RANK_WORDS


def _take_rank(tokens: list[str], lower: list[str]) -> tuple[list[str], bool, list[str]]:
    """Peel the leading rank words, always leaving at least one word of name; `lower` is
    `tokens` lowered."""
    k9 = False
    i = 0
    if lower and lower[0] in _K9:
        follower = lower[1] if len(lower) > 1 else ""
        k9 = follower not in _RANK_WORDS or len(tokens) == 2
        i = 1
        if k9:
            return tokens[:1], True, tokens[1:]
    last = len(tokens) - 1
    while i < last:
        word, after = lower[i], lower[i + 1]
        qualifier = word in _AMBIGUOUS or (word in _JOINERS and i > 0)
        if (word in _RANK_WORDS and not qualifier) or (qualifier and after in _RANK_WORDS):
            i += 1
        elif word in _GRADES and i > 0 and i + 2 < len(tokens):
            i += 1  # "Narcotic Agent II Charles Holmes"
        elif word in _JOINERS and i > 0 and after in _JOINERS and i + 2 < last:
            i += 1  # "Keeper of the Jail"
        else:
            break
    return tokens[:i], k9, tokens[i:]


def name_key(first: str, middle: str, last: str, suffix: str, k9: bool = False) -> str:
    """The comparable form of a name: accents, case, punctuation and spacing do not count.

    Not cached: whole names hardly repeat, and a cache doubled the time of a registry's keys
    (22,800 ODMP names: 44 ms instead of 21). `duplicates` caches the keys of single parts.
    """
    text = " ".join(p for p in (first, middle, last, suffix) if p)
    if text.isascii():  # most names: the same steps as below, as bytes
        text = " ".join(text.lower().encode().translate(None, _ASCII_NON_WORD).decode().split())
    else:
        text = unicodedata.normalize("NFKD", text.replace("’", "'"))
        text = "".join(c for c in text if not unicodedata.combining(c))
        text = text.casefold()
        text = _SPACES.sub(" ", _NON_WORD.sub("", text)).strip()
    return f"k9 {text}" if k9 else text
