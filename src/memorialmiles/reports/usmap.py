"""The United States shaded by state, drawn from the Census Bureau's shapes in us-atlas.

us-atlas (npm, installed by `make install`) ships `states-albers-10m.json`: TopoJSON already
projected (Albers USA, Alaska and Hawaii inset) to a 975 x 610 canvas, so drawing it is
decoding the arcs, with no projection code of ours. The SVG and the PDF draw the same rings.
"""

from __future__ import annotations

import json
from functools import cache
from html import escape
from pathlib import Path

from django.conf import settings

from memorialmiles.registry.states import STATE_NAMES

WIDTH, HEIGHT = 975, 610
# Light to dark blue, five steps; no miles: a light grey.
SHADES = ("#dbe9f6", "#a9cce3", "#6baed6", "#3182bd", "#08519c")
EMPTY = "#eeeeee"
_CODE = {name: code for code, name in STATE_NAMES.items()}


def atlas_path() -> Path:
    return Path(settings.US_ATLAS_DIR) / "states-albers-10m.json"


@cache
def states() -> dict[str, list[list[tuple[float, float]]]]:
    """State code -> rings (lists of x, y points on the 975 x 610 canvas); none when us-atlas
    is not installed (a server set up without `make install`): the tables still say it all."""
    if not atlas_path().is_file():
        return {}
    topo = json.loads(atlas_path().read_text())
    arcs = _decode_arcs(topo)
    out = {}
    for geometry in topo["objects"]["states"]["geometries"]:
        code = _CODE.get(geometry["properties"]["name"])
        if code is None:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        out[code] = [_ring(arcs, ring) for polygon in polygons for ring in polygon]
    return out


def _decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    decoded = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # delta-encoded, quantized positions
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(arcs, indexes: list[int]) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(points[1:] if ring else points)
    return ring


def shade(value: int, top: int) -> str:
    if value <= 0 or top <= 0:
        return EMPTY
    step = min(len(SHADES) - 1, (value * len(SHADES) - 1) // top)
    return SHADES[step]


def svg(miles_by_state: dict[str, int], title: str = "Miles run by state") -> str:
    """An accessible SVG: a title, and each state's name and miles as its own title."""
    top = max(miles_by_state.values(), default=0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="usmap-title" class="usmap"><title id="usmap-title">{escape(title)}'
        "</title>"
    ]
    for code, rings in sorted(states().items()):
        miles = miles_by_state.get(code, 0)
        d = "".join("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in ring) + "Z" for ring in rings)
        label = f"{STATE_NAMES.get(code, code)}: {miles} mile{'s' if miles != 1 else ''}"
        parts.append(
            f'<path d="{d}" fill="{shade(miles, top)}" stroke="#fff" stroke-width="0.6" '
            f'data-state="{code}"><title>{escape(label)}</title></path>'
        )
    parts.append("</svg>")
    return "".join(parts)
