"""CSV that is safe to open in a spreadsheet.

A cell that starts with =, +, -, @ (or a tab or carriage return) is a formula to Excel and
LibreOffice; a hero's name or a runner's team typed by a stranger must never run as one. Such
cells get a leading apostrophe, which spreadsheets show as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    if text.startswith(DANGEROUS) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_stream(header: list[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """Yield the CSV line by line, for a streaming response that never holds the whole file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
        if buffer.tell() > 32_768:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_csv(path_or_file, header: list[str], rows: Iterable[Iterable]) -> None:
    if isinstance(path_or_file, str | bytes) or hasattr(path_or_file, "__fspath__"):
        with open(path_or_file, "w", newline="", encoding="utf-8") as handle:
            handle.writelines(csv_stream(header, rows))
    else:
        path_or_file.writelines(csv_stream(header, rows))
