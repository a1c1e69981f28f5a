"""A registry file pasted together from a UTF-8 and a Windows-1252 export: decided per line.

Read whole as Windows-1252 it put "JosÃ©" on the public wall without a word. Each line is now
UTF-8 where it is valid UTF-8 and Windows-1252 otherwise; the lines that cannot be decided
become rejected rows with their line and column, and the rest is kept.
"""

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from memorialmiles.registry import HeroRow, RegistryError, RejectedRow, read_registry
from memorialmiles.registry.sources import csv_records, decode_lines, decode_text

HEADER = b"Name,Agency,State,End of Watch\n"
UTF8 = "José Álvarez,Huntsville Police Department,AL,2001-02-03\n".encode()
CP1252 = "Renée Côté,Mobile Police Department,AL,2002-02-03\n".encode("cp1252")
NEITHER = b"Ann \x81Lee,Dothan Police Department,AL,2000-01-01\n"  # 0x81: undefined in both
C1 = "Zoë Smith,Dothan Police Department,AL,2000-01-0\x85\n".encode()  # valid UTF-8, U+0085
HALF = b"Jos\xc3\xa9 M\xe9ndez,Dothan Police Department,AL,2000-01-01\n"  # UTF-8 "é", cp1252 "é"
MIXED = HEADER + UTF8 + CP1252 + NEITHER + C1 + HALF + UTF8.replace(b"2001", b"1999")


def rows(path):
    registry = read_registry(path)
    return registry, list(registry.rows)


def test_it_reads_each_line_in_its_own_encoding_and_rejects_the_undecided(tmp_path):
    path = tmp_path / "pasted.csv"
    path.write_bytes(MIXED)
    registry, out = rows(path)
    assert registry.encoding == "utf-8, and cp1252 on 1 line(s): 3"
    heroes = [r for r in out if isinstance(r, HeroRow)]
    assert [(h.line, h.first_name, h.last_name) for h in heroes] == [
        (2, "José", "Álvarez"),
        (3, "Renée", "Côté"),
        (7, "José", "Álvarez"),
    ]
    rejected = [r for r in out if isinstance(r, RejectedRow)]
    assert [(r.line, r.column, r.reason) for r in rejected] == [
        (4, "Name", "byte 0x81 is neither UTF-8 nor Windows-1252; not imported"),
        (
            5,
            "End of Watch",
            'the line could be UTF-8 or Windows-1252 (control characters in UTF-8, "Â" and a '
            "symbol in Windows-1252); not imported",
        ),
        (
            6,
            "Name",
            "the line is part UTF-8 and part not (byte 0xe9 at byte 8 of the line); not imported",
        ),
    ]
    assert "Ã" not in repr(out)


def test_it_names_the_physical_line_inside_a_quoted_field(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_bytes(
        b'Name,Cause\nJohn Smith,"Gunfire\nduring a \x81 stop"\nMary Jones,Vehicular assault\n'
    )
    _, out = rows(path)
    assert isinstance(out[1], HeroRow) and out[1].last_name == "Jones"
    rejected = out[0]
    assert (rejected.line, rejected.column) == (2, "Cause")
    assert rejected.reason == "line 3: byte 0x81 is neither UTF-8 nor Windows-1252; not imported"


def test_it_refuses_the_whole_file_when_the_header_is_undecided(tmp_path):
    path = tmp_path / "header.csv"
    path.write_bytes(b"Na\x81me,Agency\nJos\xc3\xa9,X\n")
    try:
        read_registry(path)
    except RegistryError as exc:
        assert (exc.line, exc.message) == (
            1,
            "header: byte 0x81 is neither UTF-8 nor Windows-1252; not imported",
        )
    else:
        raise AssertionError("an undecided header must refuse the file")


def test_it_keeps_whole_files_in_one_encoding_as_they_were():
    assert decode_lines("a.csv", HEADER + CP1252).encoding == "cp1252"
    assert decode_lines("a.csv", HEADER + UTF8).encoding == "utf-8"
    assert decode_lines("a.csv", b"\xef\xbb\xbf" + HEADER + UTF8).encoding == "utf-8-sig"
    text, encoding = decode_text("a.csv", b"\xef\xbb\xbf" + HEADER + UTF8 + CP1252)
    assert encoding == "utf-8, and cp1252 on 1 line(s): 3"
    assert text.splitlines()[1:] == [UTF8.decode().strip(), CP1252.decode("cp1252").strip()]


def test_it_refuses_an_undecided_line_where_a_caller_takes_text_only():
    # Rosters take the text whole (events): an undecided line stops them, with its number.
    try:
        decode_text("roster.csv", HEADER + UTF8 + NEITHER)
    except RegistryError as exc:
        assert exc.line == 3 and "byte 0x81 is neither UTF-8 nor Windows-1252" in exc.message
    else:
        raise AssertionError("an undecided line must be refused")


# Names as registries hold them: Windows-1252 lines use its letters (all at 0xC0 and above, so
# never a UTF-8 continuation byte); UTF-8 lines may use any letter at all.
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ '-." + "".join(
    chr(c) for c in range(0xC0, 0x100) if chr(c).isalpha()
)
NAME_1252 = st.text(alphabet=LATIN, min_size=1, max_size=30)
NAME_UTF8 = st.text(
    alphabet=st.characters(categories=("L", "Zs"), exclude_characters="\x85\xa0\u2028\u2029"),
    min_size=1,
    max_size=30,
)
LINE = st.one_of(st.tuples(st.just("utf-8"), NAME_UTF8), st.tuples(st.just("cp1252"), NAME_1252))


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE, min_size=1, max_size=20))
def test_it_round_trips_any_mix_of_utf8_and_cp1252_lines_of_names(lines):
    fields = [[f"#{i}", name] for i, (_, name) in enumerate(lines)]
    data = b"id,Name\r\n"
    for (encoding, _), row in zip(lines, fields, strict=True):
        buffer = io.StringIO()
        csv.writer(buffer).writerow(row)
        data += buffer.getvalue().encode(encoding)
    decoded = decode_lines("names.csv", data)
    assert decoded.undecided == {}
    records = [fields for _, fields in csv_records("names.csv", decoded.text)]
    assert records[1:] == fields


def test_it_numbers_lines_as_the_csv_reader_does_with_any_line_end(tmp_path):
    # Old Mac exports end lines with a lone CR; the undecided line must still be line 4.
    path = tmp_path / "mac.csv"
    path.write_bytes(b'Name,Cause\r"Ann Lee","Gunfire\rat night"\rBo \x81Ray,x\rRen\xe9e Roy,y\r')
    out = list(read_registry(path).rows)
    assert [(r.line, type(r).__name__) for r in out] == [
        (2, "HeroRow"),
        (4, "RejectedRow"),
        (5, "HeroRow"),
    ]
    assert out[2].first_name == "Renée"
