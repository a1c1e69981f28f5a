"""Bad files stop before anything is written; bad rows are refused with line and column."""

from __future__ import annotations

from datetime import date

import pytest

from memorialmiles.registry import RegistryError, RejectedRow, read_registry

TODAY = date(2025, 1, 1)  # fixed, so that 'future' does not move


def rejects(path, **options) -> list[RejectedRow]:
    return [
        r for r in read_registry(path, today=TODAY, **options).rows if isinstance(r, RejectedRow)
    ]


def error(path, **options) -> RegistryError:
    with pytest.raises(RegistryError) as info:
        read_registry(path, today=TODAY, **options)
    return info.value


def test_it_refuses_an_empty_file(write):
    for text in ("", "\n\n", "\ufeff"):
        exc = error(write(text))
        assert str(exc).endswith(": file is empty")


def test_it_refuses_a_binary_file(write, tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "binary data" in str(error(path))
    path.write_bytes(b"PK\x03\x04 some workbook")
    assert "Excel workbook" in str(error(path))


def test_it_refuses_json_as_not_csv(write):
    exc = error(write('[{"name": "John Smith"}]'))
    assert exc.line == 1 and "not a CSV file" in exc.message


def test_it_rejects_a_line_in_an_unknown_encoding_and_keeps_the_rest(tmp_path):
    # Per line since files mixing UTF-8 and Windows-1252 (test_it_decodes_each_line.py).
    path = tmp_path / "roll.csv"
    path.write_bytes(b"Name,Date\nJohn Smith,1999-01-01\nAnn \x81Lee,2000-01-01\n")
    good, bad = read_registry(path).rows
    assert good.last_name == "Smith"
    assert (bad.line, bad.column) == (3, "Name")
    assert bad.reason == "byte 0x81 is neither UTF-8 nor Windows-1252; not imported"


def test_it_refuses_a_file_over_the_size_limit(write):
    exc = error(write("Name\n" + "John Smith\n" * 100), max_bytes=100)
    assert "over the limit of 100" in str(exc)


def test_it_names_the_missing_required_column(write):
    exc = error(write("Agency,State\nHuntsville Police Department,AL\n"))
    assert exc.line == 1 and "missing required column" in exc.message
    exc = error(write("person,dept,eow\nJohn Smith,X,Y\n"), format="odmp-538-raw")
    assert (exc.line, exc.column) == (1, "cause")
    assert str(exc).endswith("line 1, column cause: missing required column for odmp-538-raw")


def test_it_refuses_a_bad_mapping(write):
    path = write("Who,When\nJohn Smith,1999-01-01\n")
    assert error(path, mapping={"Nobody": "name"}).column == "Nobody"
    assert "target 'nickname' is unknown" in str(error(path, mapping={"Who": "nickname"}))
    assert "two columns" in str(error(path, mapping={"Who": "name", "When": "name"}))
    assert "unknown format" in str(error(path, format="excel"))
    assert "unknown service" in str(error(path, service="navy"))


def test_it_rejects_bad_rows_with_line_and_column(write):
    path = write(
        "Name,State,Date of Death,Canine\n"
        "John Smith,AL,1999-01-01,no\n"
        "Ann Lee,ZZ,1999-01-01,no\n"
        "Bo Diaz,AL,1999-02-30,no\n"
        "Cy Young,AL,2030-01-01,no\n"
        ",AL,1999-01-01,no\n"
        '"Dee\nEvans",AL,someday,no\n'
        "Flo Gray,AL,1999-01-01,maybe\n"
        "Gus Hill,AL\n"
    )
    found = [(r.line, r.column, r.reason) for r in rejects(path)]
    assert found == [
        (3, "State", "unknown state code 'ZZ'"),
        (
            4,
            "Date of Death",
            "date '1999-02-30' is not a real date (day is out of range for month)",
        ),
        (5, "Date of Death", "end of watch 2030-01-01 is in the future"),
        (6, "Name", "the name is missing"),
        (
            7,
            "Date of Death",
            "cannot read the date 'someday' (expected e.g. 1999-12-31, Dec 31, 1999 or"
            " 12/31/1999; give --date-format for others)",
        ),
        (9, "Canine", "k9 must be true or false, not 'maybe'"),
        (10, None, "the row has 2 fields, the header has 4"),
    ]


def test_it_keeps_the_raw_row_with_a_reject(write):
    (reject,) = rejects(write("Name,State\nAnn Lee,ZZ\n"))
    assert reject.raw == {"Name": "Ann Lee", "State": "ZZ"}


def test_it_reports_the_odmp_dept_column_for_a_bad_state(write):
    record = 'Officer Ann Lee,"Some PD, ZZ","EOW: Monday, January 3, 1791",Cause of Death: Gunfire'
    path = write(f"person,dept,eow,cause\n{record}\n")
    (reject,) = rejects(path)
    assert (reject.line, reject.column, reject.reason) == (2, "dept", "unknown state code 'ZZ'")
