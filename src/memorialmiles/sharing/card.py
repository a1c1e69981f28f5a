"""Draw a 1200x630 share card (the Open Graph size) from a handful of facts.

Pure: Pillow and the Bitstream Vera faces that reportlab installs, so a card looks the same on
every machine without a system font, and nothing here imports Django. Long names shrink before
they wrap, and wrap before they are cut: a hero's name is never truncated.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
NAVY = (20, 33, 61)
GOLD = (212, 175, 55)
WHITE = (255, 255, 255)
MIST = (205, 213, 228)


@dataclass(frozen=True)
class CardFacts:
    """What a card says, top to bottom. ``kicker`` is the small line above the title."""

    title: str
    kicker: str = ""
    lines: tuple[str, ...] = field(default_factory=tuple)
    footer: str = "Memorial Miles"


@cache
def _font_file(bold: bool) -> str:
    import reportlab

    name = "VeraBd.ttf" if bold else "Vera.ttf"
    return str(Path(reportlab.__file__).parent / "fonts" / name)


@cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    # The basic layout engine: the same drawing with or without libraqm on the machine, and
    # no failure on text raqm refuses (a lone surrogate, a control character).
    return ImageFont.truetype(_font_file(bold), size, layout_engine=ImageFont.Layout.BASIC)


def _printable(text: str) -> str:
    """Drop what no font draws: control characters, lone surrogates, unassigned code points."""
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cs", "Cn", "Co"))


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _fit(draw, text: str, width: int, sizes: tuple[int, ...], max_lines: int, bold=True):
    """The largest size at which ``text`` fits in ``max_lines`` lines; the smallest otherwise."""
    for size in sizes:
        font = _font(size, bold)
        lines = _wrap(draw, text, font, width)
        if len(lines) <= max_lines and all(
            draw.textlength(line, font=font) <= width for line in lines
        ):
            return font, lines
    font = _font(sizes[-1], bold)
    return font, _wrap(draw, text, font, width)


def render_png(facts: CardFacts) -> bytes:
    facts = CardFacts(
        title=_printable(facts.title),
        kicker=_printable(facts.kicker),
        lines=tuple(_printable(line) for line in facts.lines),
        footer=_printable(facts.footer),
    )
    image = Image.new("RGB", (WIDTH, HEIGHT), NAVY)
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN
    draw.rectangle((0, 0, 16, HEIGHT), fill=GOLD)
    y = MARGIN - 8
    if facts.kicker:
        kicker = _font(34, bold=True)
        draw.text((MARGIN, y), facts.kicker.upper(), font=kicker, fill=GOLD)
        y += 58
    title_font, title_lines = _fit(draw, facts.title, inner, (76, 66, 58, 50, 44, 38), 2)
    for line in title_lines:
        draw.text((MARGIN, y), line, font=title_font, fill=WHITE)
        y += int(title_font.size * 1.2)
    y += 18
    body = _font(32)
    footer_top = HEIGHT - MARGIN - 30
    for text in facts.lines:
        for line in _wrap(draw, text, body, inner):
            if y + 40 > footer_top - 12:
                break
            draw.text((MARGIN, y), line, font=body, fill=MIST)
            y += 44
    draw.line((MARGIN, footer_top - 16, WIDTH - MARGIN, footer_top - 16), fill=GOLD, width=2)
    draw.text((MARGIN, footer_top), facts.footer, font=_font(28, bold=True), fill=WHITE)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
