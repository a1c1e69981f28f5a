"""Pictures of a course that need no map tiles: the route and its elevation profile.

Both are plain SVG with a ``viewBox`` and ``width="100%"``, so they scale to a phone screen and
print sharp; shapes (not only colours) tell start from finish so a grey printout still reads.
Each has a ``<title>`` and ``<desc>`` for screen readers.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

import numpy as np

from . import geodesy
from .metrics import MILE_M, smoothed_elevation, step_arrays
from .track import Track

_W, _H, _PAD = 800.0, 600.0, 40.0


def course_svg(track: Track, *, title: str | None = None, mark_every_m: float = MILE_M) -> str:
    """The course as an SVG string: line, start/finish, a mark each mile, scale bar, north."""
    t = track.clean()
    label = title or t.name or "Course"
    d, _ = step_arrays(t)
    cum = np.concatenate([[0.0], np.cumsum(d)])
    total = float(cum[-1]) if cum.size else 0.0
    shown = t.simplify(1.0) if len(t) > 2000 else t
    x, y = geodesy.local_xy(shown.lat, shown.lon, *_centre(t))
    xs, ys = geodesy.local_xy(t.lat, t.lon, *_centre(t))
    span = max(float(np.ptp(x)) if x.size else 0.0, float(np.ptp(y)) if y.size else 0.0, 1.0)
    scale = min((_W - 2 * _PAD) / max(np.ptp(x), 1e-9), (_H - 2 * _PAD - 40) / max(np.ptp(y), 1e-9))
    scale = min(scale, (_W - 2 * _PAD) / span * 10)
    x0 = float(x.min()) if x.size else 0.0
    y1 = float(y.max()) if y.size else 0.0

    def px(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return _PAD + (a - x0) * scale, _PAD + 40 + (y1 - b) * scale

    miles = total / MILE_M
    desc = (
        f"Map of {label}: {total / 1000:.2f} km ({miles:.2f} miles), "
        f"from {_ll(t, 0)} to {_ll(t, -1)}; north is up."
    )
    out = [_open("course", label, desc)]
    heading = _fit(label, _W - 2 * _PAD - 30)  # the north arrow stands at the right
    out.append(f'<text x="{_PAD}" y="28" class="h">{escape(heading)}</text>')
    for idx in np.split(np.arange(len(shown)), np.flatnonzero(np.diff(shown.segment)) + 1):
        if idx.size < 2:
            continue
        a, b = px(x[idx], y[idx])
        pts = " ".join(f"{p:.1f},{q:.1f}" for p, q in zip(a, b, strict=True))
        out.append(f'<polyline points="{pts}" class="route"/>')
    if total > 0 and mark_every_m > 0:
        marks = np.arange(mark_every_m, total, mark_every_m)
        mx, my = px(np.interp(marks, cum, xs), np.interp(marks, cum, ys))
        for k, (p, q) in enumerate(zip(mx, my, strict=True), start=1):
            out.append(f'<circle cx="{p:.1f}" cy="{q:.1f}" r="7" class="mile"/>')
            out.append(f'<text x="{p:.1f}" y="{q + 3.5:.1f}" class="n">{k}</text>')
    if len(t):
        sx, sy = px(xs[:1], ys[:1])
        fx, fy = px(xs[-1:], ys[-1:])
        out.append(f'<circle cx="{sx[0]:.1f}" cy="{sy[0]:.1f}" r="9" class="start"/>')
        out.append(
            f'<rect x="{fx[0] - 8:.1f}" y="{fy[0] - 8:.1f}" width="16" height="16" class="finish"/>'
        )
        out.append(_label("Start", float(sx[0]), float(sy[0]) - 12))
        out.append(_label("Finish", float(fx[0]), float(fy[0]) + 24))
    out.append(_scale_bar(scale))
    out.append(_north_arrow())
    out.append("</svg>\n")
    return "\n".join(out)


def elevation_svg(track: Track, *, title: str | None = None) -> str:
    """The elevation profile (distance across, height up) as an SVG string."""
    t = track.clean()
    label = f"Elevation profile of {title or t.name or 'the course'}"
    d, _ = step_arrays(t)
    cum = np.concatenate([[0.0], np.cumsum(d)])
    ele = smoothed_elevation(t)
    known = np.isfinite(ele)
    if known.sum() < 2 or cum[-1] <= 0:
        desc = "This file has no elevation data."
        return "\n".join(
            [
                _open("profile", label, desc, height=200),
                f'<text x="{_PAD}" y="100" class="h">{desc}</text>',
                "</svg>\n",
            ]
        )
    dist, ele = cum[known], ele[known]
    lo, hi = float(ele.min()), float(ele.max())
    if hi - lo < 10:
        lo, hi = (lo + hi) / 2 - 5, (lo + hi) / 2 + 5
    h = 300.0
    top, bottom, left, right = 50.0, h - 40.0, 70.0, _W - 20.0
    xs = left + dist / cum[-1] * (right - left)
    ys = bottom - (ele - lo) / (hi - lo) * (bottom - top)
    if xs.size > 1500:
        pick = np.unique(np.linspace(0, xs.size - 1, 1500).astype(int))
        xs, ys = xs[pick], ys[pick]
    pts = " ".join(f"{p:.1f},{q:.1f}" for p, q in zip(xs, ys, strict=True))
    desc = (
        f"Elevation from {lo:.0f} m to {hi:.0f} m over {cum[-1] / 1000:.2f} km "
        f"({cum[-1] / MILE_M:.2f} miles)."
    )
    out = [_open("profile", label, desc, height=h)]
    out.append(f'<text x="{left}" y="28" class="h">{escape(_fit(label, right - left))}</text>')
    out.append(
        f'<polygon points="{left:.1f},{bottom:.1f} {pts} {right:.1f},{bottom:.1f}" class="fill"/>'
    )
    out.append(f'<polyline points="{pts}" class="route"/>')
    out.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" class="axis"/>')
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" class="axis"/>')
    out.append(f'<text x="{left - 6}" y="{top + 4}" class="r">{hi:.0f} m</text>')
    out.append(f'<text x="{left - 6}" y="{bottom}" class="r">{lo:.0f} m</text>')
    for k in range(1, int(cum[-1] // MILE_M) + 1):
        p = left + k * MILE_M / cum[-1] * (right - left)
        out.append(
            f'<line x1="{p:.1f}" y1="{bottom}" x2="{p:.1f}" y2="{bottom + 6}" class="axis"/>'
        )
        out.append(f'<text x="{p:.1f}" y="{bottom + 20}" class="n">{k} mi</text>')
    out.append("</svg>\n")
    return "\n".join(out)


_STYLE = (
    "<style>"
    ".route{fill:none;stroke:#1a4d8f;stroke-width:4;stroke-linejoin:round;stroke-linecap:round}"
    ".fill{fill:#c9d8ec}.axis{stroke:#333;stroke-width:1.5}"
    ".start{fill:#1b7f3b;stroke:#fff;stroke-width:3}.finish{fill:#111;stroke:#fff;stroke-width:3}"
    ".mile{fill:#fff;stroke:#1a4d8f;stroke-width:2}"
    "text{font-family:system-ui,sans-serif;fill:#111}.h{font-size:22px;font-weight:600}"
    ".n{font-size:10px;text-anchor:middle}.l{font-size:15px;font-weight:600}"
    ".r{font-size:13px;text-anchor:end}"
    "</style>"
)


def _open(kind: str, title: str, desc: str, height: float = _H) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W:.0f} {height:.0f}" '
        f'width="100%" preserveAspectRatio="xMidYMid meet" role="img" '
        f'aria-labelledby="{kind}-title {kind}-desc">\n'
        f'<title id="{kind}-title">{escape(title)}</title>\n'
        f'<desc id="{kind}-desc">{escape(desc)}</desc>\n{_STYLE}\n'
        f'<rect width="100%" height="100%" fill="#fff"/>'
    )


# Widest a heading character may be, in ems: no font is measured here (the SVG is drawn with
# the reader's system-ui), so this errs on the wide side of bold sans-serif capitals and digits.
_EM_PER_CHAR = 0.62
_HEADING_PX = 22


def _fit(text: str, width: float, size: float = _HEADING_PX) -> str:
    """``text`` cut at a word with an ellipsis if it could run past ``width`` pixels.

    The full text stays in the ``<title>`` for screen readers and tooltips.
    """
    room = int(width / (size * _EM_PER_CHAR))
    if len(text) <= room:
        return text
    cut = text[: room - 1]
    word = cut.rsplit(" ", 1)[0] if " " in cut[room // 2 :] else cut
    return word.rstrip(" ,;:-(") + "\u2026"


def _label(text: str, x: float, y: float) -> str:
    """A label beside a mark, turned to the left near the right edge so it is never cut."""
    if x > _W - 120:
        return f'<text x="{x - 12:.1f}" y="{y:.1f}" class="l" text-anchor="end">{text}</text>'
    return f'<text x="{x + 12:.1f}" y="{y:.1f}" class="l">{text}</text>'


def _scale_bar(scale: float) -> str:
    """A bar of a round length (in metres or km) near a fifth of the width."""
    target = (_W - 2 * _PAD) / 5 / scale
    exp = 10 ** math.floor(math.log10(target))
    length = max(m * exp for m in (1, 2, 5) if m * exp <= target) if target >= 1 else 1.0
    width = length * scale
    text = f"{length / 1000:g} km" if length >= 1000 else f"{length:g} m"
    x, y = _PAD, _H - 20
    return (
        f'<g aria-hidden="true"><line x1="{x}" y1="{y}" x2="{x + width:.1f}" y2="{y}" '
        f'class="axis" style="stroke-width:4"/>'
        f'<text x="{x + width + 8:.1f}" y="{y + 5}" class="l">{text}</text></g>'
    )


def _north_arrow() -> str:
    x, y = _W - _PAD, 30.0
    return (
        f'<g aria-hidden="true"><polygon points="{x},{y} {x - 9},{y + 26} {x},{y + 20} '
        f'{x + 9},{y + 26}" fill="#111"/>'
        f'<text x="{x}" y="{y + 44}" class="l" text-anchor="middle">N</text></g>'
    )


def _centre(t: Track) -> tuple[float, float]:
    if not len(t):
        return 0.0, 0.0
    return float((t.lat.min() + t.lat.max()) / 2), float(t.lon[0])


def _ll(t: Track, i: int) -> str:
    return f"{t.lat[i]:.5f}, {t.lon[i]:.5f}" if len(t) else "nowhere"
