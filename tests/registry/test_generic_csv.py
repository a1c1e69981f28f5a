"""Any other registry reads through the generic CSV mode, by header names or a --map."""

from __future__ import annotations

from datetime import date

from memorialmiles.registry import HeroRow, read_registry

TODAY = date(2025, 1, 1)  # fixed, so that 'future' does not move

FIREFIGHTERS = """First Name,Last Name,Rank,Date of Death,Department
John,Smith Sr,Captain,"Dec 31, 1999",Springfield Fire Department
José,Núñez,Firefighter,"January 5, 2001",
Mary,O'Neil,Lieutenant,03/04/2002,Shelby County Fire Dept.
"""


def rows(path, **options) -> list[HeroRow]:
    return list(read_registry(path, today=TODAY, **options).rows)  # type: ignore[arg-type]


def test_it_reads_a_crlf_firefighter_list_by_its_header_names(write):
    path = write(FIREFIGHTERS, newline="\r\n")
    registry = read_registry(path, service="fire", today=TODAY)
    assert registry.format == "csv"
    assert registry.columns == {
        "First Name": "first_name",
        "Last Name": "last_name",
        "Rank": "rank",
        "Date of Death": "end_of_watch",
        "Department": "agency",
    }
    smith, nunez, oneil = registry.rows
    assert (smith.line, smith.first_name, smith.last_name, smith.suffix) == (
        2,
        "John",
        "Smith",
        "Sr",
    )
    assert (smith.rank, smith.end_of_watch, smith.service) == (
        "Captain",
        date(1999, 12, 31),
        "fire",
    )
    assert (smith.agency_key, smith.state, smith.country) == (
        "springfield fire department",
        "",
        "US",
    )
    assert (nunez.last_name, nunez.agency, nunez.end_of_watch) == ("Núñez", "", date(2001, 1, 5))
    assert oneil.end_of_watch == date(2002, 3, 4)
    assert oneil.agency_key == "shelby county fire department"
    assert registry.source_registry == "roll.csv"


def test_it_reads_utf8_with_a_bom(write):
    path = write("\ufeff" + FIREFIGHTERS)
    registry = read_registry(path, today=TODAY)
    assert registry.encoding == "utf-8-sig"
    assert [h.first_name for h in registry.rows] == ["John", "José", "Mary"]


def test_it_reads_windows_1252(write):
    path = write(FIREFIGHTERS.replace("O'Neil", "O’Neil"), encoding="cp1252", newline="\r\n")
    registry = read_registry(path, today=TODAY)
    assert registry.encoding == "cp1252"
    names = [h.last_name for h in registry.rows]
    assert names == ["Smith", "Núñez", "O’Neil"]


def test_it_follows_a_mapping_and_splits_a_full_name(write):
    path = write(
        "Who,Dept,ST,Died,Why,Dog,Ref\n"
        'Deputy Sheriff William "Bill" Jones Jr.,Madison Co. S.O.,AL,2010-05-06,Gunfire,no,A1\n'
        "K9 Rex,Madison Police Dept,AL,2011-01-02,Struck by vehicle,yes,A2\n"
    )
    mapping = {
        "Who": "name",
        "Dept": "agency",
        "ST": "state",
        "Died": "end_of_watch",
        "Why": "cause",
        "Dog": "k9",
        "Ref": "source_id",
    }
    jones, rex = rows(path, mapping=mapping, service="police")
    assert (jones.rank, jones.first_name, jones.nickname, jones.last_name, jones.suffix) == (
        "Deputy Sheriff",
        "William",
        "Bill",
        "Jones",
        "Jr.",
    )
    assert (jones.agency_key, jones.source_id, jones.k9) == ("madison county sheriff", "A1", False)
    assert (rex.k9, rex.rank, rex.last_name, rex.agency_key) == (
        True,
        "K9",
        "Rex",
        "madison police",
    )


def test_it_takes_a_date_format_for_day_first_dates(write):
    path = write("Name,Date\nJohn Smith,31.12.1999\n")
    (hero,) = rows(path, date_format="%d.%m.%Y")
    assert hero.end_of_watch == date(1999, 12, 31)


def test_it_accepts_spelled_out_states_and_services(write):
    path = write("Name,State,Service\nAnn Lee,Alabama,Firefighter\nBo Diaz,pr,EMS\n")
    lee, diaz = rows(path)
    assert (lee.state, lee.service, diaz.state, diaz.service) == ("AL", "fire", "PR", "ems")
