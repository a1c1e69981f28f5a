"""State and territory codes as the memorial registries use them.

ODMP files federal officers under US, railroad police under RR and tribal police under TR, and
keeps codes for territories (including the long-gone Panama Canal Zone, CZ). A file that spells
the state out ("Alabama") is accepted too. The FBI list uses a few pre-1987 codes (NB for
Nebraska, GM for Guam), which `ALIASES` maps to today's.
"""

from __future__ import annotations

import re
from functools import lru_cache

STATE_NAMES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico", "VI": "U.S. Virgin Islands", "GU": "Guam", "AS": "American Samoa",
    "MP": "Northern Mariana Islands", "CZ": "Panama Canal Zone",
    "US": "Federal agencies", "RR": "Railroad police", "TR": "Tribal agencies",
}  # fmt: skip

ALIASES: dict[str, str] = {"NB": "NE", "GM": "GU"}

_SPACES = re.compile(r"[\s.]+")
_BY_NAME = {_SPACES.sub(" ", name.lower()).strip(): code for code, name in STATE_NAMES.items()}
_BY_NAME.update({"virgin islands": "VI", "federal": "US", "railroad": "RR", "tribal": "TR"})


@lru_cache(maxsize=1024)
def state_code(text: str, *, aliases: bool = False) -> str | None:
    """The two-letter code for `text`, "" for blank, None when it names no state we know."""
    text = text.strip()
    if not text:
        return ""
    code = text.upper()
    if code in STATE_NAMES:
        return code
    if aliases and code in ALIASES:
        return ALIASES[code]
    return _BY_NAME.get(_SPACES.sub(" ", text.lower()).strip())
