"""`memorialmiles honors import` of a file pasted from a UTF-8 and a Windows-1252 export.

The wall must show "José" and "Renée", never "JosÃ©"; the line no one can decide is counted as
rejected and printed with its line and column, like any other rejected row.
"""

import pytest

from memorialmiles.honors.models import Hero

pytestmark = pytest.mark.django_db

MIXED = (
    b"Name,Agency,State,End of Watch\n"
    + "José Álvarez,Huntsville Police Department,AL,2001-02-03\n".encode()
    + "Renée Côté,Mobile Police Department,AL,2002-02-03\n".encode("cp1252")
    + b"Ann \x81Lee,Dothan Police Department,AL,2000-01-01\n"
)


def test_it_imports_each_line_in_its_encoding_and_reports_the_undecided(run, tmp_path):
    path = tmp_path / "pasted.csv"
    path.write_bytes(MIXED)
    status, out, err = run("honors", "import", str(path))
    assert (status, err) == (0, "")
    assert f"{path}: format csv, encoding utf-8, and cp1252 on 1 line(s): 3" in out
    assert "3 rows: 2 imported, 0 updated, 0 unchanged, 0 duplicate, 1 rejected" in out
    assert (
        "  rejected line 4, column Name: byte 0x81 is neither UTF-8 nor Windows-1252; "
        "not imported" in out
    )
    names = sorted(Hero.objects.values_list("first_name", "last_name"))
    assert names == [("José", "Álvarez"), ("Renée", "Côté")]
    assert not Hero.objects.filter(last_name__contains="Ã").exists()
