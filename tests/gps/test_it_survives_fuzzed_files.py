"""Inputs the fuzzer found (docs/fuzzing.md), each kept with what the reader must now say.

Before the fix every one of them escaped the reader as an exception other than GpsError: a 500
on the course upload page. The files are in ``fuzz_findings/``, named for what escaped and
where.
"""

from pathlib import Path

import pytest

from memorialmiles.gps import GpsError, reading

FINDINGS = Path(__file__).parent / "fuzz_findings"

# file -> (format, the GpsError message, or None when the file is read, and a warning)
EXPECTED = {
    # fitdecode asserted on a record running past the declared data size.
    "fit-AssertionError-reader-368.fit": (
        "fit",
        None,
        "FIT file ends early or is damaged at byte 232 after 6 records (AssertionError); "
        "the points read so far are kept",
    ),
    # A position field declared as an array: a tuple of semicircles.
    "fit-TypeError-fit-65.fit": ("fit", "line 1: the FIT file has no record with a position", None),
    "fit-TypeError-fit-66.fit": ("fit", "line 1: the FIT file has no record with a position", None),
    # fitdecode compared a tuple with an int, then a struct ran out of bytes.
    "fit-TypeError-processors-144.fit": (
        "fit",
        "line 1: not a readable FIT file: '>=' not supported between instances of 'tuple' and "
        "'int'",
        None,
    ),
    "fit-error-reader-442.fit": (
        "fit",
        "line 1: not a readable FIT file: unpack requires a buffer of 2 bytes",
        None,
    ),
}


def test_every_kept_finding_has_its_expectation():
    assert sorted(p.name for p in FINDINGS.iterdir()) == sorted(EXPECTED)


@pytest.mark.filterwarnings("ignore::UserWarning")  # fitdecode's own words on the bad bytes
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_it_answers_a_fuzzed_file_with_gps_error_or_a_warning(name):
    fmt, error, warning = EXPECTED[name]
    data = (FINDINGS / name).read_bytes()
    if error is not None:
        with pytest.raises(GpsError) as err:
            reading.read_format(data, name, fmt)
        assert str(err.value) == f"{name}: {error}"
        return
    track = reading.read_format(data, name, fmt)
    assert warning in track.warnings
    track.metrics()  # and it can be measured
