"""What every harness shares: instrumenting our readers, the libFuzzer loop, the error contract.

A harness hands each input to one reader and lets through only the errors that reader
documents (``GpsError``, ``RegistryError``...); any other exception is a finding: libFuzzer
saves the input under ``var/fuzz/artifacts/NAME/`` and the run fails.
"""

from __future__ import annotations

import hashlib
import os
import sys
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path

import atheris


def instrumented():
    """Instrument our code and fitdecode, which parses the FIT bytes (numpy and lxml are C)."""
    return atheris.instrument_imports(include=["memorialmiles", "fitdecode"])


def fuzz(test_one_input: Callable[[bytes], None]) -> None:
    """Run libFuzzer on ``test_one_input``.

    With ``FUZZ_COLLECT=DIR`` a finding does not stop the run: its input is kept as
    ``DIR/<exception>-<place>-<sha1>`` once per distinct exception and place (libFuzzer's fork
    mode, which would keep going too, cannot restart a Python harness), and fuzzing goes on.
    """
    # fitdecode warns on every odd definition it meets; printing thousands of them a second
    # would slow the fuzzer down, and a warning is no finding.
    warnings.simplefilter("ignore")
    collect = os.environ.get("FUZZ_COLLECT")
    target = test_one_input if not collect else _collecting(test_one_input, Path(collect))
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()


def _collecting(test_one_input: Callable[[bytes], None], folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()

    def target(data: bytes) -> None:
        try:
            test_one_input(data)
        except Exception as exc:  # every escape is a finding to keep
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            place = f"{type(exc).__name__}-{Path(frame.filename).stem}-{frame.lineno}"
            if place in seen:
                return
            seen.add(place)
            digest = hashlib.sha1(data).hexdigest()[:12]  # noqa: S324
            (folder / f"{place}-{digest}").write_bytes(data)
            print(f"FINDING {place}: {exc!r}"[:300], flush=True)

    return target
