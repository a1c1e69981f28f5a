"""Pure results core: entries, start signals and raw reads in, ranked results out.

No Django here: the timing app stores raw records and calls :func:`compute`; a timer on a
laptop at a finish line runs the same code through ``python -m memorialmiles.results``.
"""

from .compute import MILE_M, Result, Results, bib_key, compute
from .divisions import PRESETS, DivisionSpec, parse_divisions
from .fold import FoldReport, fold
from .records import (
    ALL_RUNNING,
    FINISH,
    START,
    Action,
    Correction,
    Entry,
    GroupFinish,
    Read,
    Start,
    Status,
    from_us,
    to_us,
)
from .table import ReadTable
from .timefmt import format_duration, format_pace

__all__ = [
    "ALL_RUNNING",
    "FINISH",
    "MILE_M",
    "PRESETS",
    "START",
    "Action",
    "Correction",
    "DivisionSpec",
    "Entry",
    "FoldReport",
    "GroupFinish",
    "Read",
    "ReadTable",
    "Result",
    "Results",
    "Start",
    "Status",
    "bib_key",
    "compute",
    "fold",
    "format_duration",
    "format_pace",
    "from_us",
    "parse_divisions",
    "to_us",
]
