"""Reading memorial registries: honor-roll exports and agency lists, with no Django import.

The Django side (`memorialmiles.honors`) writes what this package reads; keeping the reading
pure lets it be tested on the real files and benchmarked on its own.
"""

from .agencies import (
    agency_kind,
    index_agencies,
    loose_agency_key,
    match_agency,
    normalise_agency,
    split_agency_state,
)
from .agency_lists import read_agencies
from .dates import DateError, parse_date
from .duplicates import DuplicatePair, HeroLike, find_duplicates
from .errors import RegistryError
from .formats import FORMATS, TARGETS, RegistryFormat, detect_format
from .names import NameParts, name_key, split_full_name
from .reader import count_records, read_registry
from .rows import AgencyRow, HeroRow, KnownRow, RegistryFile, RejectedRow
from .states import STATE_NAMES, state_code

__all__ = [
    "FORMATS",
    "STATE_NAMES",
    "TARGETS",
    "AgencyRow",
    "DateError",
    "DuplicatePair",
    "HeroLike",
    "HeroRow",
    "KnownRow",
    "NameParts",
    "RegistryError",
    "RegistryFile",
    "RegistryFormat",
    "RejectedRow",
    "agency_kind",
    "count_records",
    "detect_format",
    "find_duplicates",
    "index_agencies",
    "loose_agency_key",
    "match_agency",
    "name_key",
    "normalise_agency",
    "parse_date",
    "read_agencies",
    "read_registry",
    "split_agency_state",
    "split_full_name",
    "state_code",
]
