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


def refuse_dtd(data: bytes, file: str) -> int:
    """Raise if the prolog declares a DTD or entities; return where the root element starts.

    A DOCTYPE (and so any ENTITY) may only stand in the prolog, before the root element: one
    anywhere else is not well-formed XML and the parser refuses it. So only the prolog is read
    here, not the whole file. Returns -1 where the offset does not apply (UTF-16, no root).
    """
    utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff")
    head = data.decode("utf-16", errors="replace").encode("utf-8") if utf16 else data
    i = 0
    while (i := head.find(b"<", i)) >= 0:
        if head.startswith(b"<?", i):
            i = head.find(b"?>", i + 2)
        elif head.startswith(b"<!--", i):
            i = head.find(b"-->", i + 4)
        elif head.startswith((b"<!DOCTYPE", b"<!ENTITY"), i):
            raise GpsError(
                file,
                line=head.count(b"\n", 0, i) + 1,
                message="refused: the file declares a DTD or entities (<!DOCTYPE/<!ENTITY), "
                "which GPS files never need and attacks such as billion laughs or XXE use",
            )
        else:
            return -1 if utf16 else i
    return -1


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
