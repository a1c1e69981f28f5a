"""Writing a registry file into the honor roll: all good rows in one transaction.

The reading (formats, encodings, names, dates) is the pure `memorialmiles.registry`; this
module decides, for each row, exactly one outcome and writes them in bulk:

- imported: a hero not on the roll yet;
- updated: the registry changed a row we imported before (a field the organizer edited since
  keeps the organizer's value: the honor roll never loses an edit);
- unchanged: the row is already on the roll as the registry gives it;
- duplicate: the same hero (name, agency, state, end of watch) is already on the roll from
  another row or registry; the row's source link is added to that hero;
- rejected: with line, column and reason.

Importing the same file twice changes nothing.

A first import of a large file keeps both cores busy: two forked processes read and parse
every other block of rows and derive what each hero is stored with (`core.forked`,
`_derived`), this thread decides each row's outcome, and a second thread stores the chunks it
is given (`core.bulk.Writer`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from json.encoder import encode_basestring_ascii
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

from django.db import connection, transaction

from memorialmiles.audit import record
from memorialmiles.core import forked
from memorialmiles.core.bulk import (
    Insert,
    collector_paused,
    copy_rows,
    move_sequence,
    reserve_ids,
    sqlite_cache,
    sqlite_checkpoint_after,
    tsvector_binary,
    writing,
)
from memorialmiles.honors.models import (
    Agency,
    Hero,
    ImportRun,
    SearchWord,
    SourceLink,
    fold,
    hero_identity,
    hero_search_text,
)
from memorialmiles.honors.search import bulk_indexing, rebuilds, vocabulary_words
from memorialmiles.registry import HeroRow, KnownRow, RejectedRow, read_registry
from memorialmiles.registry.agencies import agency_kind
from memorialmiles.registry.query import WORD
from memorialmiles.registry.rows import hero_row

OUTCOMES = ("imported", "updated", "unchanged", "duplicate", "rejected")
# The fields a registry owns; biography and photo are the organizer's alone.
ROW_FIELDS = (
    "rank",
    "first_name",
    "middle_name",
    "last_name",
    "suffix",
    "nickname",
    "k9",
    "service",
    "state",
    "country",
    "end_of_watch",
    "incident_date",
    "cause",
)
BATCH = 2000
READERS, BLOCK = 2, 500  # reading processes, and the records each reads in turn
FORK_AT = 5000  # records to parse: below this, forking a reading process costs more than it saves
CHUNK = 4000  # links a writer stores at once while the loop reads the next ones
FIRST_CHUNK = 500  # the first, so that the writer starts early; each next one twice as large
AGENCY_FIELDS = ("id", "name", "key", "state", "country", "kind")
HERO_FIELDS = ("id", "agency_id", *ROW_FIELDS, "identity", "search_text")
LINK_FIELDS = (
    "hero_id",
    "registry",
    "source_id",
    "url",
    "attribution",
    "license",
    "snapshot",
    "digest",
)
VECTOR = {"search_vector": "tsvector"}  # PostgreSQL: written by the import (migration 0011)
NAME_PARTS = ("rank", "first_name", "nickname", "middle_name", "last_name", "suffix")
_row_values = attrgetter(*ROW_FIELDS)
_name_parts = attrgetter(*NAME_PARTS)
_snapshot_values = attrgetter(*ROW_FIELDS, "agency")
_SNAPSHOT = "{" + ", ".join(f'"{name}": %s' for name in (*ROW_FIELDS, "agency")) + "}"


@dataclass
class ImportReport:
    path: str
    format: str
    encoding: str
    attribution: str
    license: str
    counts: Counter = field(default_factory=Counter)
    rejected: list[RejectedRow] = field(default_factory=list)
    dry_run: bool = False
    aborted: bool = False

    @property
    def total(self) -> int:
        return sum(self.counts[o] for o in OUTCOMES)

    def summary(self) -> str:
        parts = ", ".join(f"{self.counts[o]:,} {o}" for o in OUTCOMES)
        suffix = " (dry run: nothing written)" if self.dry_run else ""
        if self.aborted:
            suffix = " (--strict: nothing written because rows were rejected)"
        return f"{self.total:,} rows: {parts}{suffix}"


class StrictAbort(Exception):
    """Raised inside the transaction so that nothing of a --strict import is kept."""


def _snapshot(row: HeroRow) -> dict:
    snap = dict(zip(ROW_FIELDS, _row_values(row), strict=True))
    for name in ("end_of_watch", "incident_date"):
        snap[name] = snap[name].isoformat() if snap[name] else None
    snap["agency"] = row.agency
    return snap


def _date_json(value: dt.date | None) -> str:
    return f'"{value.isoformat()}"' if value else "null"


def _snapshot_text(row: HeroRow) -> str:
    """`_snapshot(row)` as `json.JSONEncoder().encode` prints it, without the dict between:
    a first import writes one per row (60 ms of a registry, against 100). Each field is
    printed by its type in `HeroRow` (str, the k9 flag, two dates), not by testing the type
    of each of 14 values: 40 ms less per registry."""
    (rank, first, middle, last, suffix, nick, k9, service, state, country, eow, incident,
     cause, agency) = _snapshot_values(row)  # fmt: skip
    e = encode_basestring_ascii
    return _SNAPSHOT % (
        e(rank), e(first), e(middle), e(last), e(suffix), e(nick), "true" if k9 else "false",
        e(service), e(state), e(country), _date_json(eow), _date_json(incident), e(cause),
        e(agency),
    )  # fmt: skip


def _stored_links(registry: str):
    """(link id, hero id, source id, digest) of a registry's links."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, hero_id, source_id, digest FROM honors_sourcelink WHERE registry = %s",
            [registry],
        )
        yield from cursor


def _stored_snapshots(link_ids: list[int]) -> dict[int, str]:
    """Link id -> snapshot as text, for the links whose record the reader did not know: the
    text, not the decoded JSON, since comparing texts is what makes this cheap."""
    snapshot = "snapshot::text" if connection.vendor == "postgresql" else "snapshot"
    found: dict[int, str] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(link_ids), 900):
            chunk = link_ids[start : start + 900]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT id, {snapshot} FROM honors_sourcelink WHERE id IN ({marks})",  # noqa: S608
                chunk,
            )
            found.update(cursor.fetchall())
    return found


def _set_digests(digests: list[tuple[str, int]]) -> None:
    """Record the digest of links an older import made without one (or another reading)."""
    if digests:
        with connection.cursor() as cursor:
            cursor.executemany("UPDATE honors_sourcelink SET digest = %s WHERE id = %s", digests)


def _snapshot_printer() -> Callable[[dict], str]:
    """The text the database prints for a snapshot: PostgreSQL's jsonb puts the keys shortest
    first and keeps non-ASCII letters; SQLite keeps the text as written."""
    if connection.vendor != "postgresql":
        return json.JSONEncoder().encode
    encode = json.JSONEncoder(ensure_ascii=False).encode
    order: list[str] = []

    def jsonb(snapshot: dict) -> str:
        if len(order) != len(snapshot):
            order[:] = sorted(snapshot, key=lambda k: (len(k.encode()), k.encode()))
        return encode({k: snapshot[k] for k in order})

    return jsonb


def _same_snapshot(snapshot: dict, stored: str | None, printed: Callable[[dict], str]) -> bool:
    """Whether the registry gives the row as it did last time: the texts compared first (the
    common case, cheap), the decoded JSON when they differ."""
    if stored is None:
        return False
    return printed(snapshot) == stored or json.loads(stored) == snapshot


def _value(snapshot: dict, name: str):
    value = snapshot.get(name)
    if name in ("end_of_watch", "incident_date") and value:
        return dt.date.fromisoformat(value)
    return value


@dataclass(slots=True)
class _AgencyRef:
    """An agency on the roll or about to be, as much of it as an import needs: a model
    instance per agency would cost a tenth of an import. `id` is None until it is written."""

    id: int | None
    name: str
    key: str
    state: str
    country: str
    kind: str = ""

    def instance(self) -> Agency:
        return Agency(
            pk=self.id, name=self.name, state=self.state, country=self.country, key=self.key
        )


@dataclass(slots=True)
class _NewHero:
    """A hero this import adds; `id` is None until the ids are reserved."""

    row: HeroRow
    agency: _AgencyRef | None
    identity: str
    snapshot: str  # `_snapshot_text(row)`
    stored: tuple  # the HERO_FIELDS after the ids, as the database takes them (`_derived`)
    id: int | None = None

    def values(self) -> tuple:
        """The HERO_FIELDS of the row to insert."""
        return (self.id, self.agency.id if self.agency else None, *self.stored)


class _Added(NamedTuple):
    """A hero this import added, by id (an int is a hero on the roll before it)."""

    id: int


class _AgencyBook:
    """Agencies by (state, key), created in bulk the first time a row names them; those on
    the roll are read the first time a row needs one (an unchanged file needs none)."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str, str], _AgencyRef] | None = None
        self.pending: dict[tuple[str, str, str], _AgencyRef] = {}
        self.ids: Iterator[int] | None = None  # reserved: a new agency takes its id at once

    @property
    def by_key(self) -> dict[tuple[str, str, str], _AgencyRef]:
        if self._by_key is None:
            self._by_key = {
                (country, state, key): _AgencyRef(pk, name, key, state, country)
                for pk, country, state, key, name in Agency.objects.values_list(
                    "id", "country", "state", "key", "name"
                ).iterator(chunk_size=BATCH)
            }
        return self._by_key

    def get(self, row: HeroRow) -> _AgencyRef | None:
        if not row.agency_key:
            return None
        key = (row.country or "US", row.state, row.agency_key)
        agency = self.by_key.get(key) or self.pending.get(key)
        if agency is None:
            agency = _AgencyRef(
                next(self.ids) if self.ids is not None else None,
                row.agency,
                row.agency_key,
                row.state,
                row.country or "US",
                agency_kind(row.agency, row.state),
            )
            self.pending[key] = agency
        return agency

    def take_pending(self) -> list[tuple]:
        """The AGENCY_FIELDS of the agencies created since the last call, to write now."""
        agencies = list(self.pending.values())
        if self.ids is None:
            for agency, pk in zip(agencies, reserve_ids(Agency, len(agencies)), strict=True):
                agency.id = pk
        self.by_key.update(self.pending)
        self.pending = {}
        return [(a.id, a.name, a.key, a.state, a.country, a.kind) for a in agencies]

    def save_pending(self) -> None:
        if self.pending:
            copy_rows(Agency, AGENCY_FIELDS, self.take_pending())
            move_sequence(Agency)


class _Sink:
    """Where the loop sends the agencies, heroes and links it adds: a chunk at a time to a
    `core.bulk.Writer`, which stores one chunk while the loop reads the next (on PostgreSQL
    the server works while Python reads; SQLite stores on the other core). Made at the first
    row that is not a known one, after which the loop must not use the database."""

    def __init__(self, stack: ExitStack, registry, agencies: _AgencyBook, known: int) -> None:
        agencies.by_key  # noqa: B018 - read now: the connection is the writer's from here on
        self.start = self.next_id = reserve_ids(Hero, 0).start
        agencies.ids = itertools.count(reserve_ids(Agency, 0).start)
        added = registry.records_at_most - known  # at most: some rows are known or refused
        rebuild = rebuilds(self.start - 1, added)
        self.indexing = stack.enter_context(
            bulk_indexing(
                rebuild=rebuild,
                also=(SourceLink._meta.db_table, SearchWord._meta.db_table),
            )
        )
        self.words: set[str] = set()
        # A first import on PostgreSQL copies its new words: the vocabulary is locked for the
        # import (its indexes are rebuilt), so the words it holds are all known here, and
        # COPY cost the server a third of INSERT ... ON CONFLICT's 50-70 ms.
        self.vocabulary = None
        if rebuild and connection.vendor == "postgresql":
            table = connection.ops.quote_name(SearchWord._meta.db_table)
            with connection.cursor() as cursor:  # no other writer until the commit
                cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
            self.vocabulary = Insert.of(SearchWord, ("word",))
            self.words.update(SearchWord.objects.values_list("word", flat=True))
        self.inserts = (
            Insert.of(Agency, AGENCY_FIELDS),
            Insert.of(Hero, HERO_FIELDS, raw=VECTOR if connection.vendor == "postgresql" else None),
            Insert.of(SourceLink, LINK_FIELDS),
        )
        self.writer = stack.enter_context(writing())
        self.agencies = agencies
        self.attribution, self.license = registry.attribution, registry.license
        self.heroes: list[tuple] = []
        self.links: list[tuple] = []
        self.named: list[HeroRow] = []  # the chunk's rows: their names and agencies' words
        self.parts: set[str] = {""}  # the names and agencies whose words are on their way
        self.chunk = FIRST_CHUNK

    def hero(self, hero: _NewHero) -> None:
        hero.id = self.next_id
        self.next_id += 1
        self.heroes.append(hero.values())
        self.link(hero.id, hero.row, hero.snapshot)

    def link(self, hero_id: int, row: HeroRow, snapshot: str) -> None:
        self.links.append(
            (
                hero_id,
                row.source_registry,
                row.source_id,
                row.source_url,
                self.attribution,
                self.license,
                snapshot,
                row.digest,
            )
        )
        self.named.append(row)
        if len(self.links) >= self.chunk:
            self.flush()

    def flush(self) -> None:
        """The chunk to the writer, agencies before the heroes that name them (SQLite checks
        each hero's agency as it goes in) and heroes before their links, with the words of
        the names and agencies not seen before."""
        for insert, rows in zip(
            self.inserts, (self.agencies.take_pending(), self.heroes, self.links), strict=True
        ):
            self.writer.rows(insert, rows)
        # The words of a search_text are those of its parts, and an agency's name repeats.
        parts = {part for row in self.named for part in _name_parts(row)}
        parts.update(row.agency for row in self.named)
        parts -= self.parts
        self.parts |= parts
        words = vocabulary_words(fold(part) for part in parts) - self.words
        self.words |= words
        if self.vocabulary is None:
            self.writer.execute(SearchWord.inserts(words), writes=SearchWord._meta.db_table)
        else:
            self.writer.rows(self.vocabulary, [(word,) for word in words])
        self.heroes, self.links, self.named = [], [], []
        self.chunk = min(self.chunk * 2, CHUNK)

    def finish(self) -> range:
        """Everything written and the heroes indexed; the ids of the heroes added."""
        self.flush()
        ids = range(self.start, self.next_id)
        self.writer.execute(self.indexing.heroes(ids))
        self.writer.close()
        move_sequence(Hero)
        move_sequence(Agency)
        return ids


def import_heroes(
    path: str | Path,
    *,
    format: str | None = None,
    mapping: dict[str, str] | None = None,
    service: str | None = None,
    date_format: str | None = None,
    dry_run: bool = False,
    strict: bool = False,
    user=None,
    progress: Callable | None = None,
) -> ImportReport:
    """Import a registry file; raises `RegistryError` for a file that cannot be read at all."""
    registry = read_registry(
        path, format=format, mapping=mapping, service=service, date_format=date_format
    )
    report = ImportReport(
        path=str(path),
        format=registry.format,
        encoding=registry.encoding,
        attribution=registry.attribution,
        license=registry.license,
        dry_run=dry_run,
    )
    try:
        with collector_paused(), sqlite_checkpoint_after(), sqlite_cache(), transaction.atomic():
            new_ids, updates = _import_rows(registry, report, progress)
            if strict and report.rejected:
                raise StrictAbort
            run = ImportRun.objects.create(
                file_name=Path(path).name,
                format=registry.format,
                dry_run=dry_run,
                user=user if user is not None and user.pk else None,
                counts={o: report.counts[o] for o in OUTCOMES},
            )
            _record(run, report, new_ids, updates)
            if dry_run:
                transaction.set_rollback(True)
    except StrictAbort:
        report.aborted = True
    return report


def _record(run: ImportRun, report: ImportReport, new_ids: range, updates: list) -> None:
    """The audit trail of an import that bypassed model signals: one entry for the run (its
    counts and the ids of the heroes it added), one per hero it updated (before and after)."""
    ids = {"first_hero_id": new_ids.start, "last_hero_id": new_ids.stop - 1} if new_ids else {}
    counts = {o: report.counts[o] for o in OUTCOMES}
    record.bulk(run, "honors.import", counts, action=record.CREATE, import_run=run.pk, **ids)
    record.rows(Hero, updates, "honors.import", import_run=run.pk)


def _import_rows(registry, report: ImportReport, progress=None) -> tuple[range, list]:
    """Write the rows; the ids of the heroes added, and (id, name, changes) of those updated."""
    agencies = _AgencyBook()
    # What this registry gave before: its links by source id, their heroes, their digests.
    links: dict[tuple[str, str], int] = {}  # (registry, source id) -> hero id
    link_ids: dict[tuple[str, str], int] = {}
    digests: dict[int, str] = {}  # link id -> the digest of the record it came from
    own_link: dict[int, int] = {}  # hero id -> this registry's link to them
    known: dict[str, str] = {}  # digest -> source id, for the reader to skip
    for link_id, hero_id, source_id, digest in _stored_links(registry.source_registry):
        links[(registry.source_registry, source_id)] = hero_id
        link_ids[(registry.source_registry, source_id)] = link_id
        digests[link_id] = digest
        own_link[hero_id] = link_id
        if digest and source_id:
            known[digest] = source_id
    postgres = connection.vendor == "postgresql"
    # Records read before are skipped by their digest alone: a file mostly read before (an
    # unchanged re-import) has too little to parse to pay for other processes.
    if registry.records_at_most - len(known) >= FORK_AT and forked.available():
        shares = [(mine, READERS, BLOCK) for mine in range(READERS)]
        rows = _received(
            forked.in_children(
                [
                    partial(_derived, registry.rows_skipping(known, share), postgres, sent=True)
                    for share in shares
                ],
                BLOCK,
            )
        )
    else:
        rows = _derived(registry.rows_skipping(known), postgres)
    rows = progress(rows) if progress else rows
    identities: dict[str, int | _Added] | None = None  # read when a row is not a known one

    sink: _Sink | None = None
    seen: list[tuple[int, HeroRow, int]] = []  # (hero id, row, link id) given before
    seen_sources: set[tuple[str, str]] = set()

    with ExitStack() as stack:
        for row, identity, snapshot, stored in rows:
            if isinstance(row, RejectedRow):
                report.rejected.append(row)
                report.counts["rejected"] += 1
                continue
            source = (registry.source_registry, row.source_id)
            if row.source_id and source in seen_sources:
                twice = f"source id {row.source_id!r} appears twice in this file"
                report.rejected.append(RejectedRow(row.line, None, twice, {}))
                report.counts["rejected"] += 1
                continue
            seen_sources.add(source)
            if isinstance(row, KnownRow):  # read before as it is now: its link is in `links`
                report.counts["unchanged"] += 1
                continue
            if identities is None:
                identities = dict(Hero.objects.values_list("identity", "id"))
                sink = _Sink(stack, registry, agencies, len(link_ids))
            existing = identities.get(identity)
            # The same row as last time: by its source id, or, for a registry without ids, by
            # the hero this registry already gave us.
            if row.source_id and source in links:
                seen.append((links[source], row, link_ids[source]))
                continue
            if not row.source_id and isinstance(existing, int) and existing in own_link:
                seen.append((existing, row, own_link[existing]))
                continue
            if existing is not None:
                report.counts["duplicate"] += 1
                # Keep where else the hero is listed; an id-less row adds its registry once.
                if isinstance(existing, int):
                    sink.link(existing, row, snapshot)
                elif row.source_id:
                    sink.link(existing.id, row, snapshot)
                continue
            hero = _NewHero(row, agencies.get(row), identity, snapshot, stored)
            sink.hero(hero)
            identities[identity] = _Added(hero.id)  # not the hero: its row is written
            report.counts["imported"] += 1
        new_ids = sink.finish() if sink else range(0)

    # Rows given before whose record the reader did not know: compared with their snapshot.
    changed: dict[int, tuple[HeroRow, int]] = {}
    snapshots = _stored_snapshots([link_id for _, _, link_id in seen]) if seen else {}
    printed = _snapshot_printer()
    new_digests = []
    for hero_id, row, link_id in seen:
        if _same_snapshot(_snapshot(row), snapshots.get(link_id), printed):
            report.counts["unchanged"] += 1
            if row.digest != digests.get(link_id):
                new_digests.append((row.digest, link_id))
        else:
            changed[hero_id] = (row, link_id)
            report.counts["updated"] += 1

    _set_digests(new_digests)
    updates = _apply_updates(changed, snapshots, agencies) if changed else []
    return new_ids, updates


def _derived(rows: Iterator, postgres: bool, *, sent: bool = False) -> Iterator[tuple]:
    """Each row with what the loop derives from a HeroRow, computed beside the reading (in
    the reading process, when there is one): its identity, its snapshot, and the values its
    hero is stored with, after the ids. Those are as the database takes them: on SQLite the
    dates as text and the flag as a number, which sqlite3 would otherwise adapt one by one
    in the writer's thread (a Python call each, 90,000 for a registry); on PostgreSQL with
    the search text's words (migration 0011).

    `sent`: the items go to another process, each HeroRow as a plain tuple (`_received`
    makes it one again). Pickle rebuilds a named tuple through two Python calls: the 22,800
    rows of a registry took 216 ms to pickle and 154 to load, as tuples 102 and 83."""
    for row in rows:
        if type(row) is HeroRow:
            identity = hero_identity(
                row.first_name,
                row.middle_name,
                row.last_name,
                row.suffix,
                row.k9,
                row.agency_key,
                row.state,
                row.end_of_watch,
            )
            search_text = hero_search_text(*_name_parts(row), row.agency)
            (rank, first, middle, last, suffix, nick, k9, service, state, country, eow, incident,
             cause) = _row_values(row)  # fmt: skip
            country = country or "US"  # the reader gives every row one; "US" if the file has none
            if postgres:
                words = tsvector_binary(WORD.findall(search_text))
                stored = (rank, first, middle, last, suffix, nick, k9, service, state, country,
                          eow, incident, cause, identity, search_text, words)  # fmt: skip
            else:
                stored = (rank, first, middle, last, suffix, nick, int(k9), service, state,
                          country, eow and eow.isoformat(), incident and incident.isoformat(),
                          cause, identity, search_text)  # fmt: skip
            yield tuple(row) if sent else row, identity, _snapshot_text(row), stored
        else:
            yield row, "", "", ()


def _received(items: Iterator[tuple]) -> Iterator[tuple]:
    """`_derived(..., sent=True)`'s items with their HeroRows back."""
    for item in items:
        if type(item[0]) is tuple:
            yield (hero_row(item[0]), *item[1:])
        else:
            yield item


def _apply_updates(changed, snapshots, agencies: _AgencyBook) -> list[tuple[int, str, dict]]:
    """Apply what the registry changed, except where the organizer changed the same field;
    returns each hero's (id, name, {field: (before, after)}) for the audit trail."""
    heroes = Hero.objects.select_related("agency").in_bulk(list(changed))
    links = SourceLink.objects.in_bulk([link_id for _, link_id in changed.values()])
    updates = []
    moved: dict[int, _AgencyRef | None] = {}  # hero id -> agency, once agencies are written
    for hero_id, (row, link_id) in changed.items():
        hero = heroes[hero_id]
        before = json.loads(snapshots[link_id]) if snapshots.get(link_id) else {}
        diff = {}
        for name in ROW_FIELDS:
            new = getattr(row, name)
            if new != _value(before, name) and getattr(hero, name) == _value(before, name):
                diff[name] = (getattr(hero, name), new)
                setattr(hero, name, new)
        if row.agency != before.get("agency"):
            old_agency, agency = hero.agency, agencies.get(row)
            hero.agency = agency.instance() if agency else None
            moved[hero_id] = agency
            diff["agency"] = (old_agency, hero.agency)
        hero.refresh_derived()
        links[link_id].snapshot = _snapshot(row)
        links[link_id].url = row.source_url or links[link_id].url
        links[link_id].digest = row.digest
        if diff:
            updates.append((hero.pk, str(hero), diff))
    agencies.save_pending()
    for hero_id, agency in moved.items():  # the agencies this import created have ids now
        heroes[hero_id].agency_id = agency.id if agency else None
    Hero.objects.bulk_update(
        heroes.values(), [*ROW_FIELDS, "agency", "identity", "search_text"], batch_size=BATCH
    )
    SourceLink.objects.bulk_update(links.values(), ["snapshot", "url", "digest"], batch_size=BATCH)
    SearchWord.add(hero.search_text for hero in heroes.values())
    return updates


def terminal_progress(count: Callable[[], int] | None = None) -> Callable | None:
    """A progress bar on a terminal, nothing when the output is a file or a pipe; `count`
    gives the bar its total, and is called only when there is a terminal to show it on."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    total = count() if count else None
    return lambda rows: tqdm(rows, total=total, unit=" rows", file=sys.stderr, leave=False)
