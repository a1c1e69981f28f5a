"""XML from strangers: no DTD, no entities, no network, bounded size.

GPX and TCX never need a document type declaration, and a DTD is the only door to the classic
attacks (billion laughs: nested entities that expand to gigabytes; XXE: an entity that pulls in
``/etc/passwd`` or a URL). So a file whose prolog declares a DOCTYPE is refused before parsing,
and the parser is configured with entity resolution, DTD loading and network access off as a
second line of defence.
"""

from __future__ import annotations

from lxml import etree

from .errors import GpsError


def refuse_dtd(data: bytes, file: str) -> None:
    """Raise if the document declares a DTD or entities (anywhere: they are never legitimate)."""
    head = data
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        head = data.decode("utf-16", errors="replace").encode("utf-8")
    hits = [i for i in (head.find(b"<!DOCTYPE"), head.find(b"<!ENTITY")) if i >= 0]
    if hits:
        line = head.count(b"\n", 0, min(hits)) + 1
        raise GpsError(
            file,
            line=line,
            message="refused: the file declares a DTD or entities (<!DOCTYPE/<!ENTITY), "
            "which GPS files never need and attacks such as billion laughs or XXE use",
        )


def parser_options() -> dict[str, object]:
    return {
        "resolve_entities": False,
        "load_dtd": False,
        "no_network": True,
        "huge_tree": False,
        "dtd_validation": False,
        "remove_comments": True,
        "remove_pis": True,
    }


def syntax_error(file: str, exc: etree.XMLSyntaxError) -> GpsError:
    line = exc.lineno or (exc.position[0] if exc.position else None) or 1
    msg = str(exc.msg or exc).split(", line ")[0]
    return GpsError(file, line=line, message=f"not well-formed XML: {msg}")
