import csv

import pytest

from memorialmiles.honors.models import Agency, Hero, ImportRun, SourceLink
from tests_shared import shared_file

pytestmark = pytest.mark.django_db


def test_it_accounts_for_every_row_of_the_raw_file_and_imports_it_once(run):
    path = shared_file("odmp_police_deaths_538_raw.csv")
    status, out, _ = run("honors", "import", str(path))
    assert status == 0
    assert "22,800 rows: 22,800 imported, 0 updated, 0 unchanged, 0 duplicate, 0 rejected" in out
    assert Hero.objects.count() == 22_800
    assert Hero.objects.filter(k9=True).count() == 263
    quimby = Hero.objects.get(last_name="Quimby")
    assert (quimby.rank, quimby.first_name, quimby.state) == ("Constable", "Darius", "NY")
    assert quimby.agency.name == "Albany County Constable's Office"
    assert quimby.cause == "Gunfire"

    status, out, _ = run("honors", "import", str(path))
    assert "0 imported, 0 updated, 22,800 unchanged" in out
    assert Hero.objects.count() == 22_800

    status, out, _ = run("honors", "import", str(shared_file("odmp_police_deaths_538_clean.csv")))
    assert "22,800 rows:" in out and "0 imported" in out
    assert Hero.objects.count() == 22_800
    assert ImportRun.objects.count() == 3


def test_it_reads_a_generic_registry_with_a_column_mapping(run, firefighters):
    status, out, _ = run(
        "honors",
        "import",
        str(firefighters),
        "--format",
        "csv",
        "--service",
        "fire",
        "--map",
        "Date of Death=end_of_watch",
        "--map",
        "Rank=rank",
    )
    assert status == 0, out
    assert "3 imported" in out
    smith = Hero.objects.get(first_name="John")
    assert (smith.last_name, smith.suffix, smith.rank) == ("Smith", "Sr", "Captain")
    assert smith.end_of_watch.isoformat() == "1999-12-31"
    assert smith.service == "fire" and smith.agency is None and smith.state == ""
    assert Hero.objects.get(last_name="García").first_name == "José"  # Windows-1252 detected
    status, out, _ = run(
        "honors", "import", str(firefighters), "--format", "csv", "--service", "fire"
    )
    assert "0 imported, 0 updated, 3 unchanged, 0 duplicate" in out and Hero.objects.count() == 3


def test_it_rejects_bad_rows_with_line_and_column_and_keeps_the_good(run, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "person,dept,eow,cause\n"
        'Officer Good Row,"Springfield Police Department, IL","EOW: Monday, January 3, 1994",'
        "Cause of Death: Gunfire\n"
        'Officer Bad Date,"Springfield Police Department, IL","EOW: Someday",x\n'
        'Officer Future,"Springfield Police Department, IL","EOW: Monday, January 3, 2095",x\n'
        'Officer Nowhere,"Springfield Police Department, ZZ","EOW: Monday, January 3, 1994",x\n'
    )
    report = tmp_path / "rejects.csv"
    status, out, _ = run("honors", "import", str(path), "--report", str(report))
    assert status == 0
    assert "1 imported" in out and "3 rejected" in out
    assert "rejected line 3, column eow" in out
    assert "rejected line 4, column eow" in out
    rows = list(csv.DictReader(report.open()))
    assert [r["line"] for r in rows] == ["3", "4", "5"]
    assert Hero.objects.count() == 1


def test_it_writes_nothing_in_strict_mode_when_a_row_is_rejected(run, tmp_path):
    path = tmp_path / "strict.csv"
    path.write_text(
        "person,dept,eow,cause\n"
        'Officer Good Row,"Springfield Police Department, IL","EOW: Monday, January 3, 1994",x\n'
        'Officer Bad Date,"Springfield Police Department, IL","EOW: Someday",x\n'
    )
    status, out, _ = run("honors", "import", str(path), "--strict")
    assert status == 1
    assert "nothing written" in out
    assert Hero.objects.count() == 0 and Agency.objects.count() == 0


def test_it_writes_nothing_in_a_dry_run(run, firefighters):
    status, out, _ = run("honors", "import", str(firefighters), "--format", "csv", "--dry-run")
    assert "3 imported" in out and "dry run" in out
    assert Hero.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02\xff\xfe" * 50, "not a csv"),
        (b"Rank,Date of Death\nCaptain,2001-01-01\n", "column"),
    ],
)
def test_it_refuses_an_unreadable_file_naming_it(run, tmp_path, content, message):
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    status, _, err = run("honors", "import", str(path), "--format", "csv")
    assert status == 2
    assert "broken.csv" in err and message in err.lower()
    assert Hero.objects.count() == 0


def test_it_updates_what_the_registry_changed_but_keeps_the_organizers_edits(run, tmp_path):
    path = tmp_path / "reg.csv"
    header = "rownames,person,cause_of_death,date,year,canine,dept_name,state\n"
    path.write_text(
        header + '1,Officer Ann Lee,Gunfire,1994-01-03,1994,FALSE,"Springfield '
        'Police Department",IL\n'
    )
    run("honors", "import", str(path))
    hero = Hero.objects.get()
    hero.rank = "Sergeant"  # the organizer corrects the rank
    hero.save()
    path.write_text(
        header + "1,Detective Ann Lee,Vehicle pursuit,1994-01-03,1994,FALSE,"
        '"Springfield Police Department",IL\n'
    )
    status, out, _ = run("honors", "import", str(path))
    assert "1 updated" in out
    hero.refresh_from_db()
    assert hero.rank == "Sergeant"
    assert hero.cause == "Vehicle pursuit"
    assert SourceLink.objects.get().snapshot["cause"] == "Vehicle pursuit"


def test_it_counts_a_hero_already_on_the_roll_as_a_duplicate_and_keeps_both_sources(run, tmp_path):
    first = tmp_path / "a.csv"
    first.write_text(
        'person,dept,eow,cause\nOfficer Ann Lee,"Springfield Police Department, '
        'IL","EOW: Monday, January 3, 1994",Cause of Death: Gunfire\n'
    )
    second = tmp_path / "b.csv"
    second.write_text(
        "Name,Agency,State,End of Watch\nOfficer Ann Lee,Springfield Police Dept.,IL,1994-01-03\n"
    )
    run("honors", "import", str(first))
    status, out, _ = run("honors", "import", str(second), "--format", "csv")
    assert "1 duplicate" in out
    hero = Hero.objects.get()
    assert hero.sources.count() == 2
    status, out, _ = run("honors", "import", str(second), "--format", "csv")
    assert hero.sources.count() == 2


def test_it_imports_from_the_back_office_with_a_dry_run_first(client, alice, firefighters):
    alice.is_staff = alice.is_superuser = True
    alice.save()
    client.force_login(alice)
    url = "/admin/honors/importrun/upload/"
    with firefighters.open("rb") as handle:
        page = client.post(
            url, {"file": handle, "format": "csv", "service": "fire", "dry_run": "on"}
        )
    assert "3 imported" in page.text and "dry run" in page.text
    assert Hero.objects.count() == 0
    with firefighters.open("rb") as handle:
        page = client.post(url, {"file": handle, "format": "csv", "service": "fire"})
    assert Hero.objects.filter(service="fire").count() == 3
    assert ImportRun.objects.filter(user=alice, dry_run=False).count() == 1


def test_it_refuses_an_upload_over_the_size_limit(client, alice, settings, firefighters):
    settings.MAX_UPLOAD_BYTES = 10
    alice.is_staff = alice.is_superuser = True
    alice.save()
    client.force_login(alice)
    with firefighters.open("rb") as handle:
        page = client.post("/admin/honors/importrun/upload/", {"file": handle})
    assert "the limit is 10" in page.text
    assert Hero.objects.count() == 0


def test_it_keeps_the_upload_page_from_volunteers(client, val):
    client.force_login(val)
    assert client.get("/admin/honors/importrun/upload/").status_code == 302


def test_it_shows_progress_on_a_terminal(monkeypatch, firefighters):
    import io
    import sys

    from memorialmiles.honors.importer import import_heroes, terminal_progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    import_heroes(firefighters, format="csv", progress=terminal_progress(lambda: 3))
    assert "0/3 [" in terminal.getvalue() and "rows/s" in terminal.getvalue()
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert terminal_progress(lambda: 3) is None  # a file or a pipe gets no bar


def test_it_updates_a_registry_without_ids_by_the_hero_it_gave(run, firefighters):
    run("honors", "import", str(firefighters), "--format", "csv", "--service", "fire")
    firefighters.write_bytes(firefighters.read_bytes().replace(b"Captain", b"Battalion Chief"))
    status, out, _ = run(
        "honors", "import", str(firefighters), "--format", "csv", "--service", "fire"
    )
    assert "0 imported, 1 updated, 2 unchanged, 0 duplicate, 0 rejected" in out
    assert Hero.objects.get(first_name="John").rank == "Battalion Chief"
    assert SourceLink.objects.count() == 3
