"""The one exception for problems that make a whole file unreadable.

Row-level problems never raise: they become `RejectedRow`s so an import can account for every
row. A `RegistryError` means nothing in the file can be trusted (wrong encoding, not CSV, a
required column missing), so the caller must write nothing.
"""

from __future__ import annotations


class RegistryError(Exception):
    """A whole-file problem, located as precisely as we can for the person who must fix it."""

    def __init__(
        self, path: object, message: str, *, line: int | None = None, column: str | None = None
    ) -> None:
        self.path = str(path)
        self.line = line
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __reduce__(self):
        """Rebuilt whole when pickled: an import reads its rows in another process."""
        return _rebuild, (self.path, self.message, self.line, self.column)

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (
                f"line {self.line}" if self.line is not None else "",
                f"column {self.column}" if self.column is not None else "",
            )
            if part
        )
        return f"{self.path}: {where}: {self.message}" if where else f"{self.path}: {self.message}"


def _rebuild(path: str, message: str, line: int | None, column: str | None) -> RegistryError:
    return RegistryError(path, message, line=line, column=column)
