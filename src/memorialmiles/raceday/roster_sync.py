"""The desk's roster sent incrementally: only what changed since the version a phone holds.

A desk phone keeps the roster it was last sent with that roster's version, and sends the
version back on its next sync. The server keeps, for each version it handed out, a compact
snapshot of the roster (registration id and an 8-byte digest of the row as the desk sees it),
and answers the rows whose digest differs and the ids no longer there. Digests are taken of
the rows themselves, so every way a row changes shows (a check-in at another desk, a runner
registering on the website, an edit in the back office, an agency renamed), with no "modified"
field that each write path would have to remember to touch, and no gap when two writes commit
out of order: the answer is always the difference between two real states.

The whole roster goes when the version is unknown: the phone's first load, a snapshot the
cache has dropped (kept for hours, a few kilobytes each), or a version of another run (the key
names the run). This module is plain Python; the cache is passed in.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

DIGEST_BYTES = 8
ID_BYTES = 8
KEEP_SECONDS = 12 * 3600  # a run day; a phone away longer gets the whole roster again
VERSION_PATTERN = r"^[0-9a-f]{24}$"


def digest(row: dict) -> bytes:
    """The row as JSON with sorted keys, hashed: equal rows, equal digests."""
    text = json.dumps(row, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.blake2b(text.encode(), digest_size=DIGEST_BYTES).digest()


def snapshot(rows: Iterable[dict]) -> bytes:
    """(id, digest) pairs in id order, 16 bytes a runner: what the cache keeps per version."""
    pairs = sorted((row["id"], digest(row)) for row in rows)
    return b"".join(i.to_bytes(ID_BYTES, "big") + d for i, d in pairs)


def read_snapshot(blob: bytes) -> dict[int, bytes]:
    size = ID_BYTES + DIGEST_BYTES
    return {
        int.from_bytes(blob[at : at + ID_BYTES], "big"): blob[at + ID_BYTES : at + size]
        for at in range(0, len(blob), size)
    }


def version(event_id: int, blob: bytes) -> str:
    """The roster's version: its run and its snapshot, hashed (24 hex digits)."""
    return hashlib.blake2b(f"{event_id}:".encode() + blob, digest_size=12).hexdigest()


def cache_key(event_id: int, version_: str) -> str:
    return f"desk-roster:{event_id}:{version_}"


@dataclass(frozen=True)
class Answer:
    version: str
    full: bool
    rows: list[dict]
    removed: list[int]


def changes(old: dict[int, bytes], rows: list[dict]) -> tuple[list[dict], list[int]]:
    """The rows new or different since `old`, and the ids `old` had that are gone."""
    now = {row["id"] for row in rows}
    changed = [row for row in rows if old.get(row["id"]) != digest(row)]
    removed = sorted(set(old) - now)
    return changed, removed


def answer(event_id: int, rows: list[dict], since: str | None, cache) -> Answer:
    """What a phone holding version `since` needs to hold the roster `rows`.

    Keeps the new version's snapshot in `cache` (anything with Django's get/add), so the
    phone's next sync, to this server or another sharing the cache, can be answered in part.
    """
    blob = snapshot(rows)
    current = version(event_id, blob)
    cache.add(cache_key(event_id, current), blob, KEEP_SECONDS)
    if since == current:
        return Answer(current, False, [], [])
    old = cache.get(cache_key(event_id, since)) if since else None
    if old is None:
        return Answer(current, True, rows, [])
    changed, removed = changes(read_snapshot(old), rows)
    return Answer(current, False, changed, removed)


def apply(held: dict[int, dict], got: Answer) -> dict[int, dict]:
    """What a phone does with an answer (desk.js does the same): the reference for tests."""
    if got.full:
        return {row["id"]: row for row in got.rows}
    out = {i: row for i, row in held.items() if i not in set(got.removed)}
    out.update({row["id"]: row for row in got.rows})
    return out
