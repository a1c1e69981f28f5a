"""What every operation of /api/v1 shares: the bounds of ids and pages, and the error shape.

Bounds live in the schema so a client reads them in the OpenAPI document and a value outside
them is refused with 422 before any query runs: a page is at most 500 rows (a larger `limit`
is refused, never clamped), an offset is at most a billion, an id fits a 64-bit key.
"""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Path, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import StringConstraints

from memorialmiles.core.converters import MAX_ID

PAGE_MAX = 500
PAGE_DEFAULT = 100
OFFSET_MAX = 1_000_000_000

# Text a database can hold: PostgreSQL refuses NUL in a text column.
Text = Annotated[str, StringConstraints(pattern=r"^[^\x00]*$")]
# Text with something left after str.strip(), which also strips \x1c-\x1f and \x85.
NON_BLANK = r"^[^\x00]*[^\s\x00\x1c-\x1f\x85][^\x00]*$"

Id = Annotated[int, Path(ge=1, le=MAX_ID, description="A positive 64-bit id.")]


class ErrorOut(Schema):
    """Every 4xx answer: `detail` is a message, or for a 422 the list of invalid fields."""

    detail: str | list[dict[str, Any]]


class PageIn(Schema):
    limit: int = Field(
        PAGE_DEFAULT, ge=1, le=PAGE_MAX, description=f"Rows per page, 1 to {PAGE_MAX}."
    )
    offset: int = Field(0, ge=0, le=OFFSET_MAX, description="Rows to skip.")


class Pagination(LimitOffsetPagination):
    """Ninja's limit/offset pages with our bounds (its own input has no upper bound)."""

    class Input(PageIn):
        pass


def errors(*codes: int) -> dict[int, type[ErrorOut]]:
    """The documented error answers of an operation, to merge into its `response`."""
    return dict.fromkeys(codes, ErrorOut)


# What each kind of operation can answer besides its success.
READ = (422,)
READ_ONE = (404, 422)
SESSION_WRITE = (401, 403, 404, 422)  # 403 also when the CSRF token is missing
