from io import StringIO

import pytest
from django.core.management import call_command

from memorialmiles.events.bulk import import_registrations
from memorialmiles.events.models import Registration

pytestmark = pytest.mark.django_db

CSV = """first_name,last_name,email,sex,age,agency,bib,role
Ann,Able,ann@example.com,F,34,Huntsville Police Department,501,officer in uniform
Bob,Baker,,M,41,Huntsville Police Department,,runner
Ann,Able,ann@example.com,F,34,Huntsville Police Department,501,officer
,NoFirst,,,,,,
Cy,Young,cy@example.com,Q,abc,,,
Dee,Dup,,F,29,,501,
"""


def run(tmp_path, event, text=CSV):
    path = tmp_path / "officers.csv"
    path.write_text(text)
    from io import StringIO

    out = StringIO()
    call_command("registrations", "import", str(path), "--event", str(event.pk), stdout=out)
    return out.getvalue()


def test_it_reports_each_row_with_its_line(tmp_path, scheduled_run, huntsville_pd):
    out = run(tmp_path, scheduled_run)
    assert "6 rows: 2 imported, 0 updated, 0 unchanged, 1 duplicate, 3 rejected" in out
    assert "duplicate lines: 4" in out
    assert "rejected line 5: first_name and last_name are both needed" in out
    assert "rejected line 6: sex 'Q': use M, F or X" in out
    assert "rejected line 7: bib 501 is already given to someone else" in out
    ann = Registration.objects.get(last_name="Able")
    assert (ann.bib, ann.role, ann.agency, ann.age, ann.sex) == (
        501,
        "officer",
        huntsville_pd,
        34,
        "F",
    )
    assert Registration.objects.get(last_name="Baker").bib is not None


def test_it_changes_nothing_the_second_time(tmp_path, scheduled_run, huntsville_pd):
    run(tmp_path, scheduled_run)
    before = list(Registration.objects.values_list("id", "bib", "role").order_by("id"))
    out = run(tmp_path, scheduled_run)
    assert "0 imported, 0 updated, 2 unchanged, 1 duplicate, 3 rejected" in out
    assert list(Registration.objects.values_list("id", "bib", "role").order_by("id")) == before


def test_it_updates_a_changed_row(tmp_path, scheduled_run, huntsville_pd):
    run(tmp_path, scheduled_run)
    out = run(
        tmp_path, scheduled_run, "first_name,last_name,email,bib\nAnn,Able,ann@example.com,777\n"
    )
    assert "1 updated" in out
    assert Registration.objects.get(last_name="Able").bib == 777


def test_it_accepts_birth_dates_and_refuses_bad_ones(scheduled_run):
    report = import_registrations(
        scheduled_run,
        "first_name,last_name,birth_date\nEve,Early,1990-02-03\nFay,Late,03/02/1990\n",
    )
    assert report.counts["imported"] == 1
    assert report.rejected[0].line == 3
    assert "birth_date" in report.rejected[0].reason


def test_it_refuses_a_file_without_names(tmp_path, scheduled_run):
    path = tmp_path / "x.csv"
    path.write_text("first_name,email\nA,a@example.com\n")
    with pytest.raises(SystemExit):
        call_command("registrations", "import", str(path), "--event", str(scheduled_run.pk))


def test_it_keeps_a_liaison_to_their_own_agencies(scheduled_run, huntsville_pd):
    from memorialmiles.honors.models import Agency

    other = Agency.objects.create(name="Madison Police Department", key="madison", state="AL")
    report = import_registrations(
        scheduled_run,
        "first_name,last_name,agency\nAl,Mine,Huntsville Police Department\n"
        "Bo,Theirs,Madison Police Department\nCy,Default,\n",
        agencies=Agency.objects.filter(pk=huntsville_pd.pk),
        default_agency=huntsville_pd,
    )
    assert report.counts["imported"] == 2
    assert report.rejected[0].line == 3
    assert "not one you are a liaison for" in report.rejected[0].reason
    assert not Registration.objects.filter(agency=other).exists()
    assert Registration.objects.get(last_name="Default").agency == huntsville_pd


def test_it_puts_rows_past_the_capacity_on_the_waitlist(tmp_path, scheduled_run):
    text = "first_name,last_name\nAnn,One\nBob,Two\nCy,Three\n"
    out = run(tmp_path, scheduled_run, text)
    assert "3 imported" in out and "1 of the imported on the waitlist" in out
    statuses = dict(Registration.objects.values_list("last_name", "status"))
    assert statuses == {"One": "registered", "Two": "registered", "Three": "waitlisted"}
    assert Registration.objects.get(last_name="Three").bib is None


def test_it_reads_a_roster_saved_by_an_old_spreadsheet(tmp_path, scheduled_run):
    path = tmp_path / "roster.csv"
    path.write_bytes("first_name,last_name\r\nJosé,Núñez\r\n".encode("cp1252"))
    out = StringIO()
    call_command("registrations", "import", str(path), "--event", str(scheduled_run.pk), stdout=out)
    assert "1 imported" in out.getvalue()
    assert Registration.objects.get().first_name == "José"


def test_it_refuses_a_binary_file_naming_it(tmp_path, scheduled_run):
    path = tmp_path / "roster.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 64)
    err = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "registrations", "import", str(path), "--event", str(scheduled_run.pk), stderr=err
        )
    assert exit_info.value.code == 2
    assert "roster.xls: not a CSV file: it is an old Excel or Word file" in err.getvalue()
    assert not Registration.objects.exists()
