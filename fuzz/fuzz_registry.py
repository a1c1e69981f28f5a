"""Fuzz the registry reader: no exception but ``RegistryError`` may leave it (docs/fuzzing.md).

Rows are read to the end, since a row problem must come back as a ``RejectedRow`` and never
raise. The input is written to a file because ``read_registry`` opens a path, as the import
command does.
"""

import os
import tempfile

from harness import fuzz, instrumented

with instrumented():
    from memorialmiles.registry import RegistryError, read_registry

_FD, PATH = tempfile.mkstemp(prefix="fuzz-registry-", suffix=".csv")
os.close(_FD)


def test_one_input(data: bytes) -> None:
    with open(PATH, "wb") as handle:
        handle.write(data)
    try:
        registry = read_registry(PATH)
        for _ in registry.rows:
            pass
    except RegistryError:
        return


if __name__ == "__main__":
    fuzz(test_one_input)
