"""Inputs the fuzzer found in the registry reader (docs/fuzzing.md), kept as bytes literals.

Each escaped `read_registry` as an exception other than `RegistryError` before its fix; now a
whole-file problem is a `RegistryError` with its line, a row problem a `RejectedRow`.
"""

import pytest

from memorialmiles.registry import RegistryError, read_agencies, read_registry


def test_it_refuses_a_file_of_separators_only_instead_of_stopping_the_iteration(tmp_path):
    # Finding StopIteration-reader-43: text, but no record (every field blank) and so no header.
    path = tmp_path / "semicolon.csv"
    path.write_bytes(b"; ")
    with pytest.raises(RegistryError) as err:
        read_registry(path)
    assert str(err.value) == f"{path}: line 1: no header: every line is blank or only separators"
    with pytest.raises(RegistryError, match="no header"):
        list(read_agencies(path))
