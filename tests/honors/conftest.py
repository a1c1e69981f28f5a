import io

import pytest
from django.core.management import call_command


@pytest.fixture
def run():
    """Run a `memorialmiles` management command; returns (exit status, stdout, stderr)."""

    def run(*args):
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command(*args, stdout=out, stderr=err)
            status = 0
        except SystemExit as exc:
            status = exc.code
        return status, out.getvalue(), err.getvalue()

    return run


@pytest.fixture
def firefighters(tmp_path):
    """A firefighter-fatality list as such registries publish it: CRLF, Sr, 'Dec 31, 1999'."""
    path = tmp_path / "firefighters.csv"
    path.write_bytes(
        b"First Name,Last Name,Rank,Date of Death\r\n"
        b'John,Smith Sr,Captain,"Dec 31, 1999"\r\n'
        b'Mary,O\'Neil,Firefighter,"Jan 5, 2001"\r\n'
        b'Jos\xe9,Garc\xeda,Lieutenant,"Mar 3, 2003"\r\n'
    )
    return path
