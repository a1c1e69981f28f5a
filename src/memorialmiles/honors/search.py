"""Honor-wall search that forgives, and stays fast at 100,000 heroes on both databases.

A query is first read the way a person means it (`memorialmiles.registry.query`: "Alabama" is
the state, "Sgt." the rank, "PD" Police Department, "2023" the year). Each word left must then
begin a word of the hero's name or agency ("crum" finds Crumby), or be one or two typos away
from a word of the roll ("crumbey" finds Crumby too, after the exact and prefix matches).

The word matching runs in the database: SQLite's FTS5 index and PostgreSQL's full-text GIN
index of the folded `search_text`, and for the count and first page of a search with no other
filter, in the copy of those words each process holds (`honors.held_roll`). Typos are corrected
against the roll's vocabulary (`SearchWord`, a few tens of thousands of words), which each
process holds in memory (`honors.vocabulary`): candidates are the words keeping the typed
word's first or last letters (one edit leaves one end whole) and, for two edits, those whose
trigrams are like its own, as pg_trgm counts them; rapidfuzz keeps those within the edit
distance. The corrected words join the query as alternatives, so the count and the page stay
one indexed query each. The count also keeps the ids and tiers of the first rows in order (from
the held roll, or on PostgreSQL from its one scan), and the page is looked up by id, its
agencies joined for the page alone.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, IntegerField, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.query import ModelIterable
from django.db.models.sql.where import WhereNode
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from memorialmiles.core import freshness
from memorialmiles.core.bulk import DeferredIndexes, indexes_deferred
from memorialmiles.honors import held_roll, vocabulary
from memorialmiles.honors.models import SORTS
from memorialmiles.registry.query import WORD, Query, fold, parse_query
from memorialmiles.registry.word_index import Tier

FTS_MATCH = "SELECT rowid FROM honors_hero_fts WHERE honors_hero_fts MATCH %s"
PG_MATCH = "search_vector @@ to_tsquery('simple'::regconfig, %s)"  # migrations 0006, 0011
FTS_TRIGGER = "honors_hero_fts_ai"  # migration 0002
GIN_INDEXES = ("honors_hero_search_vector",)  # migration 0006
MAX_CORRECTIONS = 12  # per word: the closest ones; more only widen the query with noise
MIN_WORD, MAX_WORD = 3, 80  # the vocabulary's words: shorter ones are never corrected


class _Indexing:
    """What `bulk_indexing` has still to build: the deferred indexes, by table, and on SQLite
    the full-text rows of the heroes added."""

    def __init__(self, deferred: DeferredIndexes, full_text: bool = False):
        self.deferred = deferred
        self.full_text = full_text  # SQLite: the heroes' FTS5 rows are ours to write
        self.unindexed: range | None = None  # heroes whose FTS5 rows are still to write

    def heroes(self, ids: range) -> list[str]:
        """The statements that index the heroes `ids` (all the block adds), to run now or by a
        `core.bulk.Writer` while Python goes on: their deferred indexes and, on SQLite, their
        full-text rows. Whatever is not asked for here is built when the block ends."""
        statements = self.deferred.take(["honors_hero"])
        if self.full_text and ids:
            statements.append(_fts_rows(ids))
        self.unindexed = None
        return statements


def _fts_rows(ids: range) -> str:
    return (
        "INSERT INTO honors_hero_fts(rowid, search_text) SELECT id, search_text "  # noqa: S608
        f"FROM honors_hero WHERE id BETWEEN {int(ids.start)} AND {int(ids.stop) - 1}"
    )


def rebuilds(existing: int, added: int) -> bool:
    """Whether an import builds the roll's indexes after its rows: when it at least doubles
    the roll (`existing`, the highest id so far: deleted heroes leave gaps)."""
    return existing <= added


@contextmanager
def bulk_indexing(ids: range | None = None, *, rebuild: bool | None = None, also=()):
    """Insert heroes inside this block; their words are indexed once, at the end, or sooner
    (`_Indexing.heroes`). `ids` are the heroes the block adds, when known before it; without
    them, `rebuild` says whether the block at least doubles the roll (`rebuilds`).

    SQLite's FTS5 flushes its pending terms at every statement's savepoint, so its per-row
    trigger costs 25 times a single INSERT ... SELECT of the same rows (4.7 s against 0.18 s of
    CPU for 22,800 heroes). Dropping the trigger is part of the caller's transaction, so no
    other connection ever sees the roll and its index out of step. When the block at least
    doubles the roll (a first import), the B-tree and GIN indexes of the roll, and of the
    tables named in `also`, are built after the rows (`indexes_deferred`): sorting once costs
    a third of inserting into seven indexes row by row.

    PostgreSQL's GIN index takes COPY's rows into its pending list, which every search then
    reads in full until autovacuum merges it: 180 ms instead of 5 ms for one word at 100,000
    heroes. The list is merged here, once, by the import that filled it.
    """
    if ids is not None and not ids:
        yield _Indexing(DeferredIndexes([], []))
        return
    if not connection.in_atomic_block:
        raise RuntimeError("bulk_indexing() must run inside transaction.atomic()")
    if rebuild is None:
        rebuild = ids is not None and rebuilds(ids.start - 1, len(ids))
    rebuilt = ("honors_hero", *also) if rebuild else ()
    if connection.vendor == "postgresql":
        with indexes_deferred(rebuilt) as deferred:
            yield _Indexing(deferred)
        with connection.cursor() as cursor:
            for index in GIN_INDEXES:
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s", [FTS_TRIGGER]
        )
        (trigger,) = cursor.fetchone()
        cursor.execute(f"DROP TRIGGER {FTS_TRIGGER}")
    with indexes_deferred(rebuilt) as deferred:
        indexing = _Indexing(deferred, full_text=True)
        indexing.unindexed = ids
        yield indexing
    with connection.cursor() as cursor:
        if indexing.unindexed:
            cursor.execute(_fts_rows(indexing.unindexed))
        cursor.execute(trigger)


def max_edits(word: str) -> int:
    """Typos forgiven in a word: none under 4 letters ("al", "jon"), one up to 5, two beyond."""
    if len(word) < 4 or word.isdecimal():
        return 0
    return 1 if len(word) <= 5 else 2


def vocabulary_words(texts) -> set[str]:
    return {
        w
        for text in texts
        for w in WORD.findall(text)
        if MIN_WORD <= len(w) <= MAX_WORD and not w.isdecimal()
    }


def ends_kept(word: str) -> tuple[str, str, tuple[str, str] | None]:
    """What a word of the roll one edit from `word` keeps of it whole, one at least: its
    first letters, its last letters (reversed), or, for a word of four letters, its first and
    last letter (a swap of the middle two keeps neither pair: "rvie" for "rive").

    One edit changes at most two neighbouring letters, so it leaves whole either the first or
    the last two letters of a word of four letters or more, and either the first or the last
    `n` of a longer word for two edits (n = 2 up to six letters, 3 beyond), unless the two
    changed both ends. Pairs, not single letters, for four letters: "r" and "e" for "rive"
    gave 860 words to test, "ri", "ev" and "r…e" give 95.
    """
    n = 2 if len(word) <= 6 else 3
    return word[:n], word[::-1][:n], (word[0], word[-1]) if len(word) == 4 else None


def _candidates(word: str, words: vocabulary.Vocabulary) -> list[str]:
    """Words of the roll that may be a few edits from `word`, not those it begins (they are
    found as its prefix), from the vocabulary this process holds (`honors.vocabulary`): the
    words keeping one of its ends whole (`ends_kept`) and on PostgreSQL, when two edits are
    forgiven, those whose trigrams are like its own (two edits that changed both ends), as its
    pg_trgm index found them before, now without a statement. SQLite, which had no trigram
    index, still does not correct those: doing so here too widened its searches enough to
    move its exact queries' p95 from 4.4 to 4.7-5.2 ms in the benchmark.
    """
    edits = max_edits(word)
    head, tail, both = ends_kept(word)
    shortest, longest = len(word) - edits, len(word) + edits
    found = [*words.starting(head), *words.ending(tail)]
    if both:
        found += [w for w in words.starting(both[0]) if w.endswith(both[1])]
    if edits > 1 and connection.vendor == "postgresql":  # as before: see the docstring
        found += words.similar(word, shortest, longest)
    return list(
        dict.fromkeys(w for w in found if shortest <= len(w) <= longest and not w.startswith(word))
    )


def corrections(word: str, words: vocabulary.Vocabulary | None = None) -> dict[str, int]:
    """Words of the roll within `max_edits` of `word` (not those it begins): word -> edits,
    from `words` (the vocabulary held now unless given: one look for a query's words)."""
    edits = max_edits(word)
    if not edits:
        return {}
    found = process.extract(
        word,
        _candidates(word, vocabulary.current() if words is None else words),
        scorer=OSA.distance,
        score_cutoff=edits,
        limit=MAX_CORRECTIONS,
    )
    return {w: int(d) for w, d, _ in found}


@dataclass(frozen=True)
class _Word:
    text: str
    fixes: dict[str, int]

    def terms(self, tier: int) -> list[tuple[str, bool]]:
        """(term, as a prefix) alternatives at `tier`: 0 exact, 1 prefix, 2 + one typo..."""
        if tier == 0:
            return [(self.text, False)]
        fixes = [w for w, d in sorted(self.fixes.items()) if d <= tier - 1]
        return [(self.text, True), *((w, False) for w in fixes)]


def _match(tier: Tier) -> str:
    """A tier's alternatives per typed word (`_Word.terms`) as the full-text index takes them."""
    if connection.vendor == "postgresql":
        alts = (" | ".join(f"{t}:*" if prefix else t for t, prefix in terms) for terms in tier)
        return " & ".join(f"({a})" for a in alts)
    alts = (" OR ".join(f'"{t}"*' if prefix else f'"{t}"' for t, prefix in terms) for terms in tier)
    return " AND ".join(f"({a})" for a in alts)


def _condition(match: str) -> tuple[str, list[str]]:
    if connection.vendor == "postgresql":
        return PG_MATCH, [match]
    return f"honors_hero.id IN ({FTS_MATCH})", [match]


def _relevance(matches: list[str], tier: int):
    """0 for the rows of the first tier, 1 for those of the second..., `tier` for the rest."""
    if tier == 0:
        return Value(0, output_field=IntegerField())
    conditions = [_condition(m) for m in matches[:tier]]
    cases = " ".join(f"WHEN {c} THEN {n}" for n, (c, _) in enumerate(conditions))
    params = [p for _, ps in conditions for p in ps]
    return RawSQL(f"CASE {cases} ELSE {tier} END", params, output_field=IntegerField())  # noqa: S611


def _filter(queryset, match: str, *, scan: bool = False):
    """`queryset` with the rows `match` finds; `scan` lets SQLite walk the name index and
    look each row up in the match (a broad match) rather than sort every row it finds."""
    if connection.vendor == "postgresql":
        condition = RawSQL(PG_MATCH, [match], output_field=BooleanField())  # noqa: S611
        return queryset.filter(condition)
    if scan:
        sql = f"+honors_hero.id IN ({FTS_MATCH})"
        return queryset.filter(RawSQL(sql, [match], output_field=BooleanField()))  # noqa: S611
    return queryset.filter(id__in=RawSQL(FTS_MATCH, [match]))  # noqa: S611


@dataclass(frozen=True)
class _Tiers:
    """The matches of a search from the narrowest (exact) to the widest (two typos), each
    finding every row the one before finds. Kept on the filter the search adds, so that the
    count and a page can be answered from fewer rows (`fast_count`, `narrowed`): `counts` per
    tier, and from the held roll or PostgreSQL's count `first`, the ids of the first rows in
    the wall's order."""

    matches: tuple[str, ...]  # as the database's full-text index takes them
    terms: tuple  # as the held roll takes them: each tier's alternatives per typed word
    counts: list[int] = field(default_factory=list, compare=False)
    first: list[int] = field(default_factory=list, compare=False)
    first_tiers: list[int] = field(default_factory=list, compare=False)
    roll_version: tuple | None = field(default=None, compare=False)  # `versions`: the roll's

    def count(self, tier: int) -> int:
        """Heroes the tier finds: every tier at once, once per search, since the count and the
        page both ask. From the roll this process holds (`honors.held_roll`), with the ids of
        the first `FIRST` in the wall's order (`first`), from which a page is then looked up by
        id (`narrowed`). Inside a transaction that wrote heroes, from the database: SQLite
        counts from its full-text index alone; PostgreSQL reads the rows of the widest tier
        anyway, so the same statement also keeps the first ids."""
        if not self.counts:
            held = held_roll.current(self.roll_version)
            if held is not None:
                counts, first, first_tiers = held.search(self.terms, FIRST)
                self.first[:], self.first_tiers[:], self.counts[:] = first, first_tiers, counts
                return self.counts[tier]
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute(*self._counting_pg())
                    counts, first, first_tiers = cursor.fetchone()
                    self.first[:] = first or []
                    self.first_tiers[:] = first_tiers or []
                else:
                    one = "(SELECT count(*) FROM honors_hero_fts WHERE honors_hero_fts MATCH %s)"
                    cursor.execute(f"SELECT {', '.join([one] * len(self.matches))}", self.matches)  # noqa: S608
                    counts = cursor.fetchone()
                self.counts[:] = counts
        return self.counts[tier]

    def _counting_pg(self) -> tuple[str, list]:
        """One scan of the widest tier: each row's tier (the CASE of `_relevance`), the count
        up to each tier, and the ids of the first rows in order of tier, then name (the order
        of `order_heroes` with a query: relevance, then name).

        Measured for "mar" (5,277 found at 100,000 heroes, 5.4 ms on the server): reading the
        rows found, 2,885 heap pages, 3.1 ms (counting alone 2.6); each row's tier 0.4; keeping
        them for the two readers 0.75; the top-100 sort 1.0. No cheaper form found: a window
        count instead of the CTE took 5.9 ms, a sorted array_agg more. Leave Django's
        client-side binding alone for this statement: with server-side binding (the
        `server_side_binding` option, or any prepared statement) the CASE calls to_tsquery
        again for every row, 7.8 ms, and preparing saves nothing (planning takes 0.1 ms)."""
        widest = len(self.matches) - 1
        cases = " ".join(f"WHEN {PG_MATCH} THEN {n}" for n in range(widest))
        tier = f"CASE {cases} ELSE {widest} END" if widest else "0"
        order = ", ".join(f'"{column}"' for column in SORTS["name"])
        counts = ", ".join(f"count(*) FILTER (WHERE tier <= {n})" for n in range(widest + 1))
        sql = (
            f"WITH found AS MATERIALIZED (SELECT {order}, {tier} AS tier "  # noqa: S608
            f"FROM honors_hero WHERE {PG_MATCH}) "
            f"SELECT (SELECT ARRAY[{counts}] FROM found), page.* FROM (SELECT array_agg(id), "
            f"array_agg(tier) FROM (SELECT id, tier FROM found ORDER BY tier, {order} LIMIT %s) "
            "AS top) AS page"
        )
        return sql, [*self.matches, FIRST]


BROAD = 2000  # rows a match finds beyond which SQLite pages by walking the name index
FIRST = 100  # ids PostgreSQL keeps from counting a search: two pages of the wall, one of the API


def _search_node(query):
    """The tiers of the search filtering `query`, when it is the query's only filter."""
    children = query.where.children
    if len(children) != 1 or query.where.negated or query.combinator or query.distinct:
        return None
    return getattr(children[0], "hero_search", None)


def fast_count(queryset) -> int | None:
    """The count of a search with no other filter, from one statement of our own: SQLite counts
    from the full-text index alone (counting through the roll looks up every row found: 10 ms
    for 1,000 rows, against 0.2); PostgreSQL counts every tier in the one scan the count needed
    anyway, so that `narrowed` knows them too."""
    tiers = _search_node(queryset.query)
    if tiers is None or queryset.query.is_sliced:
        return None
    return tiers.count(len(tiers.matches) - 1)


def narrowed(queryset):
    """A slice of a search in order of relevance, read from fewer rows than all it finds. The
    rows and their order are those of sorting every match.

    The slice is looked up by id when it is among the first `FIRST` rows the count kept
    (`_Tiers.count`, from the held roll, or PostgreSQL's count in a transaction that wrote
    heroes): the page joins its agencies for 50 rows only. For "sandel" (723 found, 100,000
    heroes) PostgreSQL took 0.9 ms to count and 3.5 to page (2 of them hashing all 6,527
    agencies for the join before the sort); it then took 1.4 ms to count and keep the ids,
    and 0.3 to page.

    Otherwise the slice is filtered by the narrowest tier that holds it: "jamison" finds 3
    heroes exactly, 34 with one typo, 1,042 with two; its first page of 50 comes from the
    1,042, a page of the first 20 from the 34. On PostgreSQL the order keeps a relevance that
    is not a constant, even when the tiers below find nobody: ordered by the name alone, the
    planner walks the name index and tests every hero until it has a page, 39 ms instead of
    1.5 for "sm" (Smith is near the end)."""
    query = queryset.query
    tiers = _search_node(query)
    if tiers is None or query.high_mark is None or query.order_by[:1] != ("relevance",):
        return queryset
    if query.order_by == ("relevance", *SORTS["name"]):
        total = tiers.count(len(tiers.matches) - 1)
        if query.high_mark <= len(tiers.first) or total == len(tiers.first):
            page = slice(query.low_mark, query.high_mark)
            return _by_ids(queryset, tiers.first[page], tiers.first_tiers[page])
    counts = []
    for tier in range(len(tiers.matches)):
        counts.append(tiers.count(tier))
        if counts[-1] >= query.high_mark:
            break
    tier = len(counts) - 1
    # The tiers below the chosen one find nobody: every row has the same relevance, and the
    # order is the name's, which SQLite reads from its index for a broad match (not PostgreSQL,
    # whose planner would walk that index for any match it thinks common, see above).
    constant = not any(counts[:tier]) and connection.vendor == "sqlite"
    scan = constant and counts[-1] > BROAD
    if tier == len(tiers.matches) - 1 and not scan:
        return queryset
    narrow = _filter(queryset.model.objects.all(), tiers.matches[tier], scan=scan)
    clone = queryset._chain()
    clone.query.where.children = list(narrow.query.where.children)
    clone.query.where.children[-1].hero_search = tiers
    ranked = tier if connection.vendor == "sqlite" else max(tier, 1)
    clone.query.annotations["relevance"] = _relevance(list(tiers.matches), ranked)
    if constant:
        clone.query.order_by = tuple(o for o in query.order_by if o != "relevance")
    return clone


class _InSearchOrder(ModelIterable):
    """The heroes of a page looked up by id (`_by_ids`), put back in the order the count found
    them, each with its tier as `relevance`."""

    def __iter__(self):
        place = self.queryset.query.search_order
        for hero in sorted(super().__iter__(), key=lambda hero: place[hero.pk][0]):
            hero.relevance = place[hero.pk][1]
            yield hero


def _by_ids(queryset, ids: list[int], tiers: list[int]):
    """The page `ids` of a search whose count kept them in order, with their `tiers`. Neither
    the order nor the relevance is asked of the database again: for "rive" (658 found) the
    statement took 0.58 ms with them and 0.39 without, most of it planning a sort of 50 rows
    and the three tiers' tests."""
    clone = queryset._chain()
    query = clone.query
    query.where.children = list(queryset.model.objects.filter(pk__in=ids).query.where.children)
    del query.annotations["relevance"]
    if query.annotation_select_mask is not None:
        query.set_annotation_mask(set(query.annotation_select_mask) - {"relevance"})
    query.clear_ordering(force=True)
    query.clear_limits()  # the ids are the slice
    query.set_limits(0, len(ids))
    query.search_order = {
        pk: (n, tier) for n, (pk, tier) in enumerate(zip(ids, tiers, strict=True))
    }
    clone._iterable_class = _InSearchOrder
    return clone


def joined_after_page(queryset):
    """A slice of a search whose `select_related` joins only the slice's rows (PostgreSQL).

    The planner joins before it sorts, and for a join of every hero found it hashes all 6,527
    agencies first: 2 of the 3.5 ms of a page of "sandel" (723 found). The page's ids are
    chosen by a subquery in the search's order, and only those 50 heroes are looked up, joined
    (an index lookup each) and sorted again by the same order, so the rows are the same. Only
    where the filters join no other table, so that dropping them from the outer query drops
    nothing but conditions."""
    query = queryset.query
    if (
        connection.vendor != "postgresql"
        or query.high_mark is None
        or not query.select_related
        or query.distinct
        or query.combinator
        or len(query.alias_map) > 1
        or not any(getattr(c, "hero_search", None) for c in query.where.children)
    ):
        return queryset
    page = queryset.values("pk")
    outer = queryset._chain()
    outer.query.clear_limits()
    outer.query.where = WhereNode()
    return outer.filter(pk__in=page)


def versions() -> tuple[tuple, tuple]:
    """The data versions of the held roll and of the vocabulary (`core.held`), in one read:
    a search asks both at every query, so that none is made from copies older than the
    version its page is cached under."""
    every, heroes, words = freshness.numbers((held_roll.TABLE, vocabulary.TABLE))
    return (every, heroes), (every, words)


def _match_words(queryset, words: list[str]):
    """Filter by the words (exact, prefix or typo) and annotate `relevance`, best first."""
    # Words to correct need the vocabulary now: the roll's version comes in the same read.
    # Without them the roll's count reads its own, if the search is counted from it at all.
    typos = any(max_edits(w) for w in words)
    roll, vocabulary_version = versions() if typos else (None, None)
    held = vocabulary.current(vocabulary_version) if typos else None
    parsed = [_Word(w, corrections(w, held)) for w in words]
    top = 1 + max((d for w in parsed for d in w.fixes.values()), default=0)
    terms = [tuple(tuple(w.terms(tier)) for w in parsed) for tier in range(top + 1)]
    # A tier that adds no word to the one before (no one-typo fixes, only two) is left out.
    terms = [t for n, t in enumerate(terms) if n == 0 or t != terms[n - 1]]
    matches = [_match(tier) for tier in terms]
    queryset = _filter(queryset, matches[-1])
    tiers = _Tiers(tuple(matches), tuple(terms), roll_version=roll)
    queryset.query.where.children[-1].hero_search = tiers
    return queryset.annotate(relevance=_relevance(matches, len(matches) - 1))


def _apply(queryset, query: Query):
    if query.state:
        queryset = queryset.filter(state=query.state)
    if query.k9:
        queryset = queryset.filter(k9=True)
    if query.year is not None:
        queryset = queryset.filter(end_of_watch__year=query.year)
    for rank in query.ranks:
        queryset = queryset.filter(
            Q(rank__iexact=rank)
            | Q(rank__istartswith=f"{rank} ")
            | Q(rank__iendswith=f" {rank}")
            | Q(rank__icontains=f" {rank} ")
        )
    if query.words:
        return _match_words(queryset, list(query.words))
    return queryset.annotate(relevance=Value(0, output_field=IntegerField()))


def hero_search(queryset, text: str):
    """Heroes matching `text` as a person means it; the literal words when that finds none."""
    query = parse_query(text)
    if not (query.words or query.interpreted):
        return queryset.annotate(relevance=Value(0, output_field=IntegerField()))
    found = _apply(queryset, query)
    if query.interpreted and query.literal and not found.exists():
        return _apply(queryset, Query(words=query.literal))
    return found


def order_heroes(queryset, params):
    """The wall's and the API's order: best match first when searching, unless a sort is asked."""
    sort = (params.get("sort") or "").strip()
    if sort in SORTS:
        return queryset.order_by(*SORTS[sort])
    if (params.get("q") or "").strip():
        return queryset.order_by("relevance", *SORTS["name"])
    return queryset.order_by(*SORTS["name"])


def did_you_mean(text: str) -> str | None:
    """A query close to `text` that finds someone, for when `text` finds nobody: the text as
    typed with each word the roll does not know replaced by the closest one it does."""
    from memorialmiles.honors.models import Hero

    query = parse_query(text)
    suggestion = text
    words = vocabulary.current()
    for word in query.words or query.literal:
        if len(word) < MIN_WORD or words.starting(word):
            continue
        best = process.extractOne(
            word, _wide_candidates(word, words), scorer=fuzz.ratio, score_cutoff=60
        )
        if best:
            typed = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
            suggestion = typed.sub(best[0], fold(suggestion))
    if suggestion == text or not Hero.objects.search(suggestion).exists():
        return None
    return suggestion


def _wide_candidates(word: str, words: vocabulary.Vocabulary) -> list[str]:
    """Candidates for "did you mean", a rare path (nobody found): the typo candidates, and the
    words sharing a first letter or any three letters in a row with `word`."""
    found = set(_candidates(word, words)) | set(words.starting(word[0]))
    for i in range(min(len(word) - 2, 8)):
        found.update(words.containing(word[i : i + 3]))
    return [w for w in found if abs(len(w) - len(word)) <= 3]
