"""Impinj reader logs: JSON lines (reader events) or CSV.

JSON: one object per line. The R700 event ``{"timestamp": ISO, "eventType": "tagInventory",
"tagInventoryEvent": {"epcHex"|"epc"(base64), "firstSeenTime"?: ISO, ...}}``, or a
Speedway Connect style ``{"epc": hex, "firstSeenTimestamp": microseconds}`` / a batch
``{"tag_reads": [...]}``. Other event types (antenna, status) are skipped, not rejected.
CSV: a header with ``epc`` and a time column (``first_seen_timestamp``, ``timestamp``...)
holding epoch microseconds or ISO 8601 with an offset.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Iterator

from ..records import Read
from .base import Context, Rejected, iso_us

_TIME_KEYS = ("firstSeenTimestamp", "first_seen_timestamp", "firstSeenTime", "timestamp")
_CSV_TIME = (
    "first_seen_timestamp",
    "firstseentimestamp",
    "timestamp",
    "time",
    "last_seen_timestamp",
)


def _time(value: object) -> int:
    if isinstance(value, bool):
        raise ValueError("time is not a number or ISO 8601")
    if isinstance(value, int):
        return value  # the reader counts microseconds since the epoch
    if isinstance(value, str):
        text = value.strip()
        return int(text) if text.isdigit() else iso_us(text)
    raise ValueError("time is not a number or ISO 8601")


def _epc(tag: dict) -> str:
    if isinstance(tag.get("epcHex"), str) and tag["epcHex"].strip():
        return tag["epcHex"].strip().upper()
    epc = tag.get("epc")
    if not isinstance(epc, str) or not epc.strip():
        raise ValueError("no epc")
    epc = epc.strip()
    if all(c in "0123456789abcdefABCDEF" for c in epc):
        return epc.upper()
    try:
        return base64.b64decode(epc, validate=True).hex().upper()
    except (binascii.Error, ValueError):
        raise ValueError(f"epc {epc!r} is neither hex nor base64") from None


def _json_reads(obj: dict) -> list[tuple[str, int, str]] | None:
    """(epc, microseconds, antenna) for each tag in the object; None if not a tag event."""
    if "tag_reads" in obj and isinstance(obj["tag_reads"], list):
        tags, outer = obj["tag_reads"], {}
    elif isinstance(obj.get("tagInventoryEvent"), dict):
        tags, outer = [obj["tagInventoryEvent"]], obj
    elif "epc" in obj or "epcHex" in obj:
        tags, outer = [obj], {}
    else:
        return None
    out = []
    for tag in tags:
        if not isinstance(tag, dict):
            raise ValueError("a tag read is not an object")
        stamp = next((tag[k] for k in _TIME_KEYS if k in tag), None)
        if stamp is None:
            stamp = outer.get("timestamp")
        if stamp is None:
            raise ValueError("no time in the tag read")
        antenna = tag.get("antennaPort", tag.get("antenna_port", ""))
        out.append((_epc(tag), _time(stamp), str(antenna)))
    return out


def parse_lines(
    lines: Iterable[tuple[int, str | Rejected]], ctx: Context
) -> Iterator[Read | Rejected]:
    epc_col = time_col = -1
    for n, text in lines:
        if isinstance(text, Rejected):
            yield text
            continue
        line = text.strip()
        if not line:
            ctx.skipped += 1
            continue
        if line.startswith("{"):
            yield from _json_line(n, text, line, ctx)
            continue
        cells = [c.strip().strip('"') for c in line.split(",")]
        if epc_col < 0:
            names = [c.lower() for c in cells]
            found = next((names.index(k) for k in _CSV_TIME if k in names), -1)
            if "epc" not in names or found < 0:
                yield Rejected(
                    n, None, "expected a JSON object or a CSV header with epc and a time", text
                )
                continue
            epc_col, time_col = names.index("epc"), found
            ctx.skipped += 1
            continue
        if len(cells) <= max(epc_col, time_col):
            yield Rejected(n, None, "too few columns", text)
            continue
        epc = cells[epc_col].upper()
        if not epc:
            yield Rejected(n, epc_col + 1, "empty epc", text)
            continue
        try:
            us = _time(cells[time_col])
        except ValueError as exc:
            yield Rejected(n, time_col + 1, str(exc), text)
            continue
        yield ctx.read(n, text, epc, us, col=epc_col + 1, time_col=time_col + 1)


def _json_line(n: int, text: str, line: str, ctx: Context) -> Iterator[Read | Rejected]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        yield Rejected(n, exc.colno, f"bad JSON: {exc.msg}", text)
        return
    if not isinstance(obj, dict):
        yield Rejected(n, None, "a JSON line must be an object", text)
        return
    try:
        found = _json_reads(obj)
    except ValueError as exc:
        yield Rejected(n, None, str(exc), text)
        return
    if found is None:
        ctx.skipped += 1  # an antenna or status event: not a read
        return
    single = len(found) == 1
    for i, (epc, us, antenna) in enumerate(found):
        device = ctx.device or (f"impinj-{antenna}" if antenna else "impinj")
        seq = n if single else n * 1000 + i
        yield ctx.read(n, text, epc, us, device=device, seq=seq)
