"""`memorialmiles tours plan` prints the plan's exact JSON shape, and names bad input's place."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from memorialmiles.tours.cli import main

STOPS = (
    "id,name,lat,lon,earliest,latest\n"
    "dec,Decatur PD,34.6059,-86.9833,2027-03-04,2027-03-04\n"
    "nas,Metro Nashville PD,36.1627,-86.7816,,\n"
    "bhm,Birmingham PD,33.5186,-86.8104,,\n"
)


def run(tmp_path, text, *args):
    path = tmp_path / "stops.csv"
    path.write_text(text)
    out, err = io.StringIO(), io.StringIO()
    code = main(
        [
            "plan",
            str(path),
            "--start",
            "34.73,-86.59",
            "--from",
            "2027-03-01",
            "--seconds",
            "0.2",
            *args,
        ],
        out,
        err,
    )
    return code, out.getvalue(), err.getvalue()


def test_it_prints_the_plan_as_json(tmp_path):
    code, out, _ = run(tmp_path, STOPS, "--json", "--rest-every", "3", "--max-drive-hours", "6")
    assert code == 0
    plan = json.loads(out)
    assert set(plan) == {"days", "unplanned", "total_drive_km"}
    assert plan["unplanned"] == []
    days = plan["days"]
    assert [set(d) for d in days] == [{"date", "stops", "drive_km", "drive_hours"}] * len(days)
    assert days[0]["date"] == "2027-03-01"
    on = {sid: d["date"] for d in days for sid in d["stops"]}
    assert on["dec"] == "2027-03-04" and set(on) == {"dec", "nas", "bhm"}
    assert days[2]["stops"] == [] and days[2]["drive_km"] == 0  # day 3 rests
    assert round(sum(d["drive_km"] for d in days), 1) == plan["total_drive_km"]
    assert all(d["drive_hours"] <= 6 for d in days)


def test_it_lists_a_stop_that_cannot_fit(tmp_path):
    text = STOPS + "old,Old,34,-86,2026-01-01,2026-01-02\n"
    _, out, _ = run(tmp_path, text, "--json")
    (unplanned,) = json.loads(out)["unplanned"]
    assert unplanned["id"] == "old" and "before the tour starts" in unplanned["reason"]


def test_it_names_line_and_column_of_bad_input(tmp_path):
    text = "id,name,lat,lon,earliest\na,A,91,-86,\na,B,34,east,2027-02-30\n"
    code, out, err = run(tmp_path, text, "--json")
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert any("line 2, column lat: 91 is not between -90 and 90" in x for x in lines)
    assert any("line 3, column id: 'a' is already the id of line 2" in x for x in lines)
    assert any("line 3, column lon: 'east' is not a number" in x for x in lines)
    assert any("line 3, column earliest: '2027-02-30' is not a date" in x for x in lines)


def test_it_refuses_a_file_without_the_columns(tmp_path):
    code, _, err = run(tmp_path, "id,name,latitude\n", "--json")
    assert code == 2 and "missing column(s) lat, lon" in err


def test_it_runs_without_django(tmp_path):
    """The command configures no Django: a laptop with nothing set up can plan a tour."""
    path = tmp_path / "stops.csv"
    path.write_text(STOPS)
    script = (
        "import sys; from memorialmiles.cli import main; "
        f"code = main(['tours','plan',{str(path)!r},'--start','34.7,-86.6','--from',"
        "'2027-03-01','--seconds','0.1','--json']); "
        "assert 'django.conf' not in sys.modules, 'django was imported'; sys.exit(code)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["unplanned"] == []
