"""Where the shared public data lives: beside the repository, in CI and on a developer's machine."""

from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def shared_file(name: str) -> Path:
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared data folder ships beside the repo in CI)")
    return path


def shared_gps_file(name: str) -> Path:
    """A real GPS file from the shared data (skipped with a reason when the folder is absent)."""
    return shared_file(f"gps/{name}")
