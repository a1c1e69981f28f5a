import io
import subprocess
import sys

from memorialmiles.results.cli import main

START = "2025-05-01T12:00:00-05:00"


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def files(tmp_path):
    e = tmp_path / "entries.csv"
    e.write_text("bib,first_name,last_name,sex,age,agency,wave\n1,Ann,Lee,F,34,HPD,\n"
                 "2,Bo,Ray,M,41,HPD,B\n3,Cy,Kim,M,29,,\n")  # fmt: skip
    r = tmp_path / "reads.csv"
    r.write_text("bib,time\n1,12:07:58.4\n2,12:09:00\n2,12:09:02\nbad line\n")
    w = tmp_path / "waves.csv"
    w.write_text("wave,time\nB,12:01:00\n")
    return e, r, w


def test_it_computes_csv_from_files(tmp_path):
    e, r, w = files(tmp_path)
    code, out, err = run("compute", "--entries", str(e), "--reads", str(r), "--start", START,
                         "--wave-starts", str(w), "--tz", "America/Chicago", "--csv")  # fmt: skip
    assert code == 0
    lines = out.splitlines()
    assert lines[1].startswith("1,1,Ann Lee,") and ",0:07:58.4,0:07:58.4," in lines[1]
    assert lines[2].startswith("2,2,Bo Ray,") and ",0:08:00,0:08:00," in lines[2]
    assert lines[3].endswith(",DNS")
    assert f"{r}: line 5: expected at least 2 columns" in err


def test_it_fails_cleanly_on_bad_input(tmp_path):
    e, r, _ = files(tmp_path)
    e.write_text("bib,age\n1,40\n1,41\n")
    code, out, err = run("compute", "--entries", str(e), "--reads", str(r), "--start", START)
    assert (code, out) == (2, "")
    assert err.strip() == f"{e}: line 3: bib 1 already on line 2"
    code, _, err = run("compute", "--entries", str(tmp_path / "nope.csv"), "--reads", str(r),
                       "--start", START)  # fmt: skip
    assert code == 2 and "No such file" in err and "Traceback" not in err
    code, _, err = run("compute", "--entries", str(e), "--reads", str(r), "--start", "noon")
    assert code == 2 and "--start" in err


def test_it_is_strict_on_request(tmp_path):
    e, r, _ = files(tmp_path)
    code, _, err = run("compute", "--entries", str(e), "--reads", str(r), "--start", START,
                       "--strict", "--tz", "America/Chicago")  # fmt: skip
    assert code == 2 and "1 unreadable line(s)" in err


def test_it_runs_as_a_module(tmp_path):
    e, r, w = files(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "memorialmiles.results", "compute", "--entries", str(e),
         "--reads", str(r), "--start", START, "--tz", "America/Chicago", "--csv",
         "--columns", "upload"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0
    assert done.stdout.splitlines()[:2] == [
        "place,bib,first,last,age,sex,time,division",
        "1,1,Ann,Lee,34,F,0:07:58.4,F30-34",
    ]
