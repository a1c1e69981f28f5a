"""A QR code as inline SVG (segno), for a phone to scan off the lead's screen."""

from __future__ import annotations

import io


def qr_svg(url: str) -> str:
    import segno

    out = io.BytesIO()
    segno.make(url, error="m").save(
        out, kind="svg", scale=5, xmldecl=False, svgns=True, title="QR code of the sign-in link"
    )
    return out.getvalue().decode()
