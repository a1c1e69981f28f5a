"""A tagged PDF from a ReportLab canvas: structure tree, reading order, language, title.

ReportLab writes no structure tree of its own. Each piece of text is drawn inside a marked
content sequence (``BDC /P <</MCID n>> ... EMC``) and named by a structure element of the
document, in reading order; drawings are a ``Figure`` with alternative text, and the frame
and rules are artifacts a screen reader skips. The catalog says so (``MarkInfo``), names the
language, and asks viewers to show the title rather than the file name.
"""

from __future__ import annotations

from contextlib import contextmanager

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFPage,
    PDFString,
)
from reportlab.pdfgen.canvas import Canvas


class TaggedCanvas:
    """Wraps one single-page canvas; call ``finish()`` instead of ``showPage(); save()``."""

    def __init__(self, canvas: Canvas, lang: str = "en-US"):
        self.canvas = canvas
        self.lang = lang
        self.elements: list[tuple[str, str]] = []  # (structure type, alternative text)

    @contextmanager
    def tag(self, kind: str, alt: str = ""):
        mcid = len(self.elements)
        self.elements.append((kind, alt))
        self.canvas._code.append(f"/{kind} <</MCID {mcid}>> BDC")
        yield
        self.canvas._code.append("EMC")

    @contextmanager
    def artifact(self):
        self.canvas._code.append("/Artifact BMC")
        yield
        self.canvas._code.append("EMC")

    def finish(self) -> None:
        canvas = self.canvas
        canvas.showPage()
        doc = canvas._doc
        page = doc.Pages.pages[-1]
        page.__NoDefault__ = [*PDFPage.__NoDefault__, "StructParents", "Tabs"]
        page.StructParents = 0
        page.Tabs = PDFName("S")
        page_ref = doc.Reference(page)
        root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
        root_ref = doc.Reference(root)
        document = PDFDictionary(
            {"Type": PDFName("StructElem"), "S": PDFName("Document"), "P": root_ref}
        )
        document_ref = doc.Reference(document)
        kids = []
        for mcid, (kind, alt) in enumerate(self.elements):
            element = {
                "Type": PDFName("StructElem"),
                "S": PDFName(kind),
                "P": document_ref,
                "Pg": page_ref,
                "K": mcid,
            }
            if alt:
                element["Alt"] = PDFString(alt)
            kids.append(doc.Reference(PDFDictionary(element)))
        document.dict["K"] = PDFArray(kids)
        root.dict["K"] = document_ref
        root.dict["ParentTree"] = PDFDictionary({"Nums": PDFArray([0, PDFArray(kids)])})
        catalog = doc.Catalog
        catalog.StructTreeRoot = root
        catalog.MarkInfo = PDFDictionary({"Marked": "true"})
        catalog.ViewerPreferences = PDFDictionary({"DisplayDocTitle": "true"})
        catalog.Lang = PDFString(self.lang)
        canvas.save()
