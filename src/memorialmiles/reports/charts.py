"""Bar charts as SVG, drawn on the server: no chart library in the browser, nothing for the
CSP to allow, and every chart has its table beside it for screen readers and print."""

from __future__ import annotations

from html import escape

WIDTH, HEIGHT, PAD = 640, 260, 36
BAR = "#1f4e79"


def bars(rows: list[tuple[str, int]], title: str) -> str:
    top = max((v for _, v in rows), default=0) or 1
    n = max(len(rows), 1)
    slot = (WIDTH - 2 * PAD) / n
    inner = HEIGHT - 2 * PAD
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" class="chart"><title>{escape(title)}</title>',
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" '
        'stroke="#555"/>',
    ]
    for i, (label, value) in enumerate(rows):
        h = inner * value / top
        x = PAD + i * slot + slot * 0.15
        y = HEIGHT - PAD - h
        w = slot * 0.7
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{BAR}">'
            f"<title>{escape(label)}: {value}</title></rect>"
            f'<text x="{x + w / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
            f'font-size="12">{value}</text>'
            f'<text x="{x + w / 2:.1f}" y="{HEIGHT - PAD + 16}" text-anchor="middle" '
            f'font-size="12">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
