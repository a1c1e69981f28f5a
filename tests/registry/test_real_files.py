"""The three real memorial-registry files read completely and agree with one another."""

from __future__ import annotations

from collections import Counter
from datetime import date

from memorialmiles.registry import HeroRow, read_registry


def test_it_recognises_each_format_from_the_header(raw_538, clean_538, odmp_2024):
    assert read_registry(raw_538).format == "odmp-538-raw"
    assert read_registry(clean_538).format == "odmp-538-clean"
    assert read_registry(odmp_2024).format == "odmp-2024"


def test_it_reads_every_raw_record(raw_rows):
    assert len(raw_rows) == 22_800
    first = raw_rows[0]
    assert (first.line, first.rank, first.first_name, first.last_name) == (
        2,
        "Constable",
        "Darius",
        "Quimby",
    )
    assert first.agency == "Albany County Constable's Office"
    assert (first.state, first.end_of_watch, first.cause) == ("NY", date(1791, 1, 3), "Gunfire")
    assert (first.source_id, first.service, first.country) == ("1", "police", "US")
    assert raw_rows[-1].source_id == "22800"


def test_it_reads_every_clean_record(clean_rows):
    assert len(clean_rows) == 22_800
    assert clean_rows[0].source_id == "1"


def test_it_gives_both_538_files_the_same_identities_and_sources(raw_rows, clean_rows):
    raw_ids = {h.identity() for h in raw_rows}
    clean_ids = {h.identity() for h in clean_rows}
    assert len(raw_ids) == len(clean_ids) == 22_800
    assert raw_ids == clean_ids
    assert [(h.source_registry, h.source_id) for h in raw_rows] == [
        (h.source_registry, h.source_id) for h in clean_rows
    ]


def test_it_trims_the_one_raw_agency_with_a_leading_space(raw_rows):
    assert all(h.agency == h.agency.strip() for h in raw_rows)
    assert raw_rows[22_761].agency == "Hilliard Division of Police"


def test_it_finds_the_263_dogs_and_not_the_k9_officer(raw_rows, clean_rows):
    assert sum(h.k9 for h in raw_rows) == 263
    assert [h.k9 for h in raw_rows] == [h.k9 for h in clean_rows]
    handler = next(h for h in raw_rows if h.rank == "K9 Officer")
    assert (handler.k9, handler.first_name, handler.last_name) == (False, "Ryan", "Copeland")
    dog = next(h for h in raw_rows if h.k9)
    assert dog.rank == "K9" and dog.last_name and not dog.first_name


def test_it_keeps_the_two_same_named_officers_of_one_agency_apart(raw_rows):
    by_name_agency = Counter((h.name_key, h.agency_key, h.state) for h in raw_rows)
    twice = [key for key, n in by_name_agency.items() if n > 1]
    assert len(twice) == 1
    dates = {h.end_of_watch for h in raw_rows if (h.name_key, h.agency_key, h.state) == twice[0]}
    assert len(dates) == 2


def test_it_splits_suffixes_and_nicknames(raw_rows):
    assert sum(1 for h in raw_rows if h.suffix) >= 1_300
    assert sum(1 for h in raw_rows if h.nickname) >= 630
    assert not [h for h in raw_rows if '"' in h.first_name + h.middle_name + h.last_name]
    assert not [h for h in raw_rows if "," in h.last_name]


def test_it_reads_the_pseudo_states(raw_rows):
    states = {h.state for h in raw_rows}
    assert {"US", "RR", "TR", "PR", "VI", "GU", "AS", "MP", "CZ"} <= states
    assert len(states) == 60


def test_it_reads_the_2024_file_without_the_memorial_sites_content(odmp_2024):
    registry = read_registry(odmp_2024)
    rows = list(registry.rows)
    assert len(rows) == 159
    assert all(isinstance(r, HeroRow) for r in rows)
    first = rows[0]
    assert first.source_url == "https://www.odmp.org/officer/26884-deputy-sheriff-justin-smith"
    assert (first.source_id, first.rank, first.first_name, first.last_name) == (
        "26884",
        "Deputy Sheriff",
        "Justin",
        "Smith",
    )
    assert "incident_description" not in registry.columns
    assert "photo_url" not in registry.columns
    assert sum(h.k9 for h in rows) == 20
    assert rows[-1].line > 159  # narratives with newlines push the line numbers on


def test_it_counts_records_for_a_progress_bar(raw_538, odmp_2024):
    from memorialmiles.registry import count_records

    assert count_records(raw_538) == 22_800
    assert count_records(odmp_2024) == 159


def test_readers_sharing_a_file_by_blocks_read_it_as_one_does(raw_538):
    """`rows_skipping(share=...)`: the blocks of each reader, taken in turn, are the rows."""
    path = raw_538
    whole = list(read_registry(path).rows)
    for readers, block in ((2, 500), (3, 7)):
        shares = [
            list(read_registry(path).rows_skipping({}, (mine, readers, block)))
            for mine in range(readers)
        ]
        merged = []
        for start in range(0, len(whole), block):
            merged += shares[start // block % readers][:block]
            shares[start // block % readers] = shares[start // block % readers][block:]
        assert merged == whole
