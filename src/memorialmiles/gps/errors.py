"""The one error type of the GPS library.

Every problem a person can fix in their file is reported as ``FILE: line L: what`` (where the
parser knows the line) or ``FILE: point N: what`` (where the problem is a value of the N-th
point of the file, counted from 1 as a person counts: the first point is point 1, whatever the
segment; code that indexes a :class:`~memorialmiles.gps.track.Track` uses N - 1), so the command
line and the upload pages can show one plain line instead of a traceback.
"""

from __future__ import annotations


class GpsError(ValueError):
    """A file that cannot be read as a track, with where and why.

    ``line`` is the 1-based line of the file; ``point`` the 1-based number of the point.
    """

    def __init__(
        self, file: str, line: int | None = None, point: int | None = None, message: str = ""
    ) -> None:
        self.file = file
        self.line = line
        self.point = point
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.file}: line {self.line}: {self.message}"
        if self.point is not None:
            return f"{self.file}: point {self.point}: {self.message}"
        return f"{self.file}: {self.message}"
