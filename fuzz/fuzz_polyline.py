"""Fuzz the POLYLINE reader: no exception but ``GpsError`` may leave it (docs/fuzzing.md)."""

from gps_common import read_and_measure
from harness import fuzz


def test_one_input(data: bytes) -> None:
    read_and_measure(data, "polyline")


if __name__ == "__main__":
    fuzz(test_one_input)
