"""Shared fixtures: the real registry files (skipped cleanly when absent) and file writers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from memorialmiles.registry import HeroRow, RejectedRow, read_registry

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
TODAY = date(2025, 1, 1)


def real_file(name: str) -> Path:
    path = DATA / name
    if not path.exists():
        pytest.skip(f"real data file {name} not found in {DATA.resolve()}")
    return path


@pytest.fixture
def raw_538() -> Path:
    return real_file("odmp_police_deaths_538_raw.csv")


@pytest.fixture
def clean_538() -> Path:
    return real_file("odmp_police_deaths_538_clean.csv")


@pytest.fixture
def odmp_2024() -> Path:
    return real_file("odmp_officers_2024.csv")


@pytest.fixture
def fbi_agencies() -> Path:
    return real_file("fbi_ucr_agencies_2018.csv")


@pytest.fixture
def write(tmp_path: Path):
    """write(text, name=..., encoding=..., newline=...) -> path of a file in tmp_path."""

    def _write(
        text: str, name: str = "roll.csv", encoding: str = "utf-8", newline: str = "\n"
    ) -> Path:
        path = tmp_path / name
        path.write_bytes(text.replace("\n", newline).encode(encoding))
        return path

    return _write


def _heroes(name: str) -> list[HeroRow]:
    rows = list(read_registry(real_file(name)).rows)
    assert not [r for r in rows if isinstance(r, RejectedRow)]
    return rows  # type: ignore[return-value]


@pytest.fixture(scope="session")
def raw_rows() -> list[HeroRow]:
    return _heroes("odmp_police_deaths_538_raw.csv")


@pytest.fixture(scope="session")
def clean_rows() -> list[HeroRow]:
    return _heroes("odmp_police_deaths_538_clean.csv")
