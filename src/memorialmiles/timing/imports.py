"""Chip files into raw records: parse and fold in the pure core, then one fast transaction.

Each import stores a key made of everything that decides what the reads become: the file's
sha256, its format, the mat (kind), the clock offset, the tag table, and the event's date and
zone (time-of-day formats are read in them). The same file read the same way again adds
nothing (the unique constraint decides, even when two leads upload at once); read another way
(the right format or offset after a wrong one), it is a new import. Every unreadable line is
kept as a ``RejectedLine`` with its number; reads before the start and repeats within the
window are counted, not stored (``fold`` keeps the first read, which is the one results use).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.db import IntegrityError, transaction

from memorialmiles.core.bulk import copy_rows
from memorialmiles.events.models import Event
from memorialmiles.results import Read, fold, to_us
from memorialmiles.results.chipfiles import FORMATS, load_tags, parse
from memorialmiles.results.records import clock_offset
from memorialmiles.timing.models import (
    ChipImport,
    Kind,
    RawRecord,
    RejectedLine,
    Source,
    ensure_timing_open,
)
from memorialmiles.timing.services import starts_for
from memorialmiles.timing.signals import announce_results

FOLD_WINDOW_S = 5.0


class ImportError_(ValueError):
    """A file the import refuses as a whole (unknown format, bad tag table)."""


@dataclass(frozen=True)
class ImportOutcome:
    chip_import: ChipImport
    created: bool


def sha256_of(source: bytes | str | os.PathLike) -> str:
    digest = hashlib.sha256()
    if isinstance(source, bytes):
        digest.update(source)
        return digest.hexdigest()
    with open(source, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def tags_from(source: bytes | str | os.PathLike | None) -> dict[str, str] | None:
    if source is None:
        return None
    try:
        if isinstance(source, bytes):
            return load_tags(io.StringIO(source.decode("utf-8-sig")))
        return load_tags(source)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImportError_(f"tag table: {exc}") from None


def printable(text: str) -> str:
    """Text as a rejected line keeps it: a NUL shown as ␀ (PostgreSQL text refuses NUL)."""
    return text.replace("\x00", "\u2400")


def tags_sha256(tags: dict[str, str] | None) -> str:
    """The tag table's digest, by content (case-blind tags, any row order); "" without one."""
    if tags is None:
        return ""
    rows = sorted((str(k).strip().upper(), str(v).strip()) for k, v in tags.items())
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()


def import_key(
    event: Event, file_sha: str, format: str, kind: str, offset_s: float, tags_sha: str
) -> str:
    """What makes two imports the same: same bytes read the same way into the same event day.

    Migration 0004 computed this for imports made before it; keep the two in step.
    """
    local = event.local_start
    parts = {
        "file": file_sha,
        "format": format,
        "kind": kind,
        "offset_s": repr(float(offset_s)),
        "tags": tags_sha,
        "date": local.date().isoformat() if local else "",
        "zone": event.time_zone,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def import_chip_file(
    event: Event,
    source: bytes | str | os.PathLike,
    *,
    format: str,
    file_name: str = "",
    offset_s: float = 0.0,
    tags: dict[str, str] | None = None,
    kind: str = Kind.FINISH,
    user=None,
) -> ImportOutcome:
    """Import a chip file (bytes or a path) into ``event``; the same import again adds nothing.

    Raises ImportError_ for a file refused whole (format, kind, offset, tag table) and
    TimingClosed when the run is finished or cancelled.
    """
    ensure_timing_open(event)
    if format not in FORMATS:
        raise ImportError_(f"unknown format {format!r}; one of {', '.join(FORMATS)}")
    if kind not in (Kind.FINISH, Kind.START):
        raise ImportError_("kind must be finish or start")
    try:
        offset_s = clock_offset(offset_s)
    except ValueError as exc:
        raise ImportError_(str(exc)) from None
    file_name = file_name or (
        os.path.basename(os.fspath(source)) if not isinstance(source, bytes) else "upload"
    )
    sha = sha256_of(source)
    tags_sha = tags_sha256(tags)
    key = import_key(event, sha, format, kind, offset_s, tags_sha)
    existing = ChipImport.objects.filter(event=event, key=key).first()
    if existing:
        return ImportOutcome(existing, False)
    lines = io.BytesIO(source) if isinstance(source, bytes) else source
    starts, _ = starts_for(event)
    start = min((to_us(s.time) for s in starts), default=None)
    try:
        parsed = parse(
            lines,
            format,
            event_date=event.local_start.date() if event.starts_at else None,
            tz=event.time_zone,
            offset_s=offset_s,
            tags=tags,
            device=file_name,
            kind=kind,
        )
    except ValueError as exc:  # refused whole by the reader (a tag table's bib, the zone)
        raise ImportError_(str(exc)) from None
    report = fold(parsed, None if start is None else start / 1_000_000, FOLD_WINDOW_S)
    try:
        with transaction.atomic():
            ensure_timing_open(event)  # again: the organizer may have finished it meanwhile
            chip_import = ChipImport.objects.create(
                event=event,
                file_name=printable(file_name)[:255],
                sha256=sha,
                key=key,
                tags_sha256=tags_sha,
                format=format,
                kind=kind,
                offset_s=offset_s,
                lines_read=report.lines_read,
                reads_stored=report.reads_stored,
                repeats_folded=report.repeats_folded,
                before_start=report.before_start,
                rejected=report.rejected,
                imported_by=user,
            )
            RejectedLine.objects.bulk_create(
                RejectedLine(
                    chip_import=chip_import,
                    line=r.line,
                    column=r.column,
                    reason=printable(r.reason)[:300],
                    raw=printable(r.raw)[:2000],
                )
                for r in parsed.rejected
            )
            store_reads(event.pk, chip_import.pk, report.reads)
            announce_results(event.pk)
    except IntegrityError:
        existing = ChipImport.objects.filter(event=event, key=key).first()
        if existing is None:
            raise
        return ImportOutcome(existing, False)
    return ImportOutcome(chip_import, True)


def times_us(reads: Sequence[Read]) -> np.ndarray:
    """Epoch microseconds of each read, rounded as ``to_us`` rounds, without a loop per read."""
    times = [r[1] for r in reads]
    try:
        return np.rint(np.asarray(times, dtype=np.float64) * 1_000_000).astype(np.int64)
    except TypeError:  # datetimes
        return np.fromiter((to_us(t) for t in times), dtype=np.int64, count=len(times))


def store_reads(event_id: int, import_id: int, reads: Sequence[Read]) -> int:
    """Insert folded reads as raw records (COPY on PostgreSQL); ids come from the database.

    No per-row idempotency check is needed: the import's key (unique per event) already
    makes a second identical import a no-op, and chip reads have no device, so the
    ``(device, device_seq)`` constraint of phone syncs does not index them.
    """
    seqs = [r[4] for r in reads]
    rows = zip(
        [r[0] for r in reads],
        times_us(reads).tolist(),
        seqs,
        seqs,
        [r[5] for r in reads],
        strict=True,
    )
    return copy_rows(
        RawRecord,
        ("bib", "device_time_us", "device_seq", "line", "kind"),
        rows,
        constants={"event_id": event_id, "chip_import_id": import_id, "source": Source.CHIP},
    )
