"""Age-group divisions: a spec string such as ``18-34,35-39,...,80+`` or a named preset.

Divisions are split by sex (``F35-39``) because that is how road-race awards are given; a
runner with no age, or an age outside every group, has no division rather than a wrong one.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

PRESETS = {
    "5y": "0-14,15-19,20-24,...,75-79,80+",
    "10y": "0-19,20-29,30-39,...,70-79,80+",
    "masters": "0-39,40+",
    "none": "",
}


_ELLIPSIS = "..."


@dataclass(frozen=True, slots=True)
class DivisionSpec:
    """Ascending, non-overlapping age groups ``(low, high)``; ``high=None`` means open-ended."""

    groups: tuple[tuple[int, int | None], ...] = ()
    by_sex: bool = True

    def label(self, sex: str | None, age: int | None) -> str | None:
        if age is None or not self.groups:
            return None
        lows = [g[0] for g in self.groups]
        i = bisect.bisect_right(lows, age) - 1
        if i < 0:
            return None
        low, high = self.groups[i]
        if high is not None and age > high:
            return None
        band = f"{low}+" if high is None else f"{low}-{high}"
        if self.by_sex:
            return f"{sex or 'X'}{band}"
        return band


def _group(token: str) -> tuple[int, int | None]:
    token = token.strip()
    if token.endswith("+") and token[:-1].isdigit():
        return int(token[:-1]), None
    low, sep, high = token.partition("-")
    if sep and low.strip().isdigit() and high.strip().isdigit():
        lo, hi = int(low), int(high)
        if hi < lo:
            raise ValueError(f"age group {token!r}: upper age below lower age")
        return lo, hi
    raise ValueError(f"age group {token!r}: expected LOW-HIGH, LOW+ or ...")


def parse_divisions(spec: str, *, by_sex: bool = True) -> DivisionSpec:
    """Parse ``18-34,35-39,40-44,...,80+`` or a preset name (``5y``, ``10y``, ``masters``).

    ``...`` repeats the width of the group before it up to the group after it, so a long
    list of five-year groups can be written the way people write it on paper.
    """
    spec = PRESETS.get(spec.strip().lower(), spec).strip()
    if not spec:
        return DivisionSpec((), by_sex)
    tokens = [t.strip() for t in spec.split(",")]
    groups: list[tuple[int, int | None]] = []
    for i, part in enumerate(tokens):
        if part != _ELLIPSIS:
            groups.append(_group(part))
            continue
        if (
            not groups
            or groups[-1][1] is None
            or i + 1 >= len(tokens)
            or tokens[i + 1] == _ELLIPSIS
        ):
            raise ValueError("'...' must sit between two age groups")
        low, high = groups[-1]
        width = high - low + 1
        stop = _group(tokens[i + 1])[0]
        nxt = high + 1
        while nxt + width - 1 < stop:
            groups.append((nxt, nxt + width - 1))
            nxt += width
        if nxt != stop:
            raise ValueError(f"'...' cannot reach {stop} in steps of {width} years")
    for (lo1, hi1), (lo2, _) in zip(groups, groups[1:], strict=False):
        if hi1 is None or lo2 <= hi1 or lo2 <= lo1:
            raise ValueError("age groups must ascend without overlapping")
    return DivisionSpec(tuple(groups), by_sex)
