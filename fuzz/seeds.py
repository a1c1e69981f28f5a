"""Seed corpora from the test suite: the files the tests read become the fuzzer's first inputs.

Every string or bytes literal of the readers' test modules that the readers would take is a
seed (GPX, TCX, GeoJSON and polylines are recognised by ``sniff``, registry CSVs by their
commas and lines, chip files by their test module), FIT seeds come from the tests' FIT encoder
(``tests/fit_bytes.py``), and the head of each shared real file is added when ``shared/`` is
there. ``python fuzz/seeds.py DIR`` writes ``DIR/NAME/`` for each harness.
"""

from __future__ import annotations

import ast
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
SHARED = ROOT.parent / "shared" / "data"
sys.path[:0] = [str(ROOT / "src"), str(TESTS)]

from memorialmiles.gps.reading import sniff  # noqa: E402

CHIP_FORMATS = sorted(["csv", "raceresult", "chronotrack", "impinj", "ipico"])


def literals(paths) -> list[bytes]:
    out = []
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str | bytes):
                value = node.value if isinstance(node.value, bytes) else node.value.encode()
                if len(value) >= 8:
                    out.append(value)
    return out


def gps_seeds() -> dict[str, list[bytes]]:
    seeds: dict[str, list[bytes]] = {k: [] for k in ("gpx", "tcx", "fit", "geojson", "polyline")}
    for value in literals(sorted((TESTS / "gps").glob("*.py"))):
        fmt = sniff(value)
        if fmt in seeds:
            seeds[fmt].append(value)
    import fit_bytes

    start = 1714564800
    run = [(start + i, 34.73 + i * 1e-4, -86.58, 200.0 + i % 3) for i in range(8)]
    seeds["fit"].append(fit_bytes.fit_file(run, sessions=[("running", start, start + 7)]))
    stepped = run[:4] + [(start + 2, 34.7305, -86.58, 201.0)] + run[5:]
    seeds["fit"].append(
        fit_bytes.fit_file(
            stepped,
            sessions=[("running", start, start + 3), ("cycling", start + 2, start + 7)],
            stops=[(start + 3, "stop_all"), (start + 5, "start")],
        )
    )
    gpx = SHARED / "gps" / "gpxpy_cerknicko-jezero.gpx"
    if gpx.exists():
        text = gpx.read_bytes()
        points = re.findall(rb"<trkpt.*?</trkpt>", text, re.S)[:5]
        head = text[: text.index(b"<trkseg>") + 8]
        seeds["gpx"].append(head + b"".join(points) + b"</trkseg></trk></gpx>")
    tcx = SHARED / "gps" / "tcxparser_test.tcx"
    if tcx.exists():
        text = tcx.read_bytes()
        end = [m.end() for m in re.finditer(rb"</Trackpoint>", text)][4]
        seeds["tcx"].append(
            text[:end] + b"</Track></Lap></Activity></Activities></TrainingCenterDatabase>"
        )
    for path in sorted((TESTS / "gps" / "fuzz_findings").glob("*")):  # past findings
        fmt = path.name.split("-", 1)[0]
        if fmt in seeds:
            seeds[fmt].append(path.read_bytes())
    fit = SHARED / "gps" / "fitparse_activity-small-fenix2-run.fit"
    if fit.exists():
        seeds["fit"].append(fit.read_bytes()[:3000])  # a truncated real file
    return seeds


def registry_seeds() -> list[bytes]:
    paths = sorted((TESTS / "registry").glob("*.py")) + sorted((TESTS / "honors").glob("*.py"))
    seeds = [v for v in literals(paths) if b"," in v and b"\n" in v]
    for name in ("odmp_police_deaths_538_raw.csv", "odmp_police_deaths_538_clean.csv",
                 "odmp_officers_2024.csv"):  # fmt: skip
        path = SHARED / name
        if path.exists():
            with path.open("rb") as handle:
                seeds.append(b"".join(handle.readline() for _ in range(6)))
    return seeds


def chip_seeds() -> list[bytes]:
    seeds = []
    for index, fmt in enumerate(CHIP_FORMATS):
        path = TESTS / "results" / f"test_chipfile_{fmt}.py"
        values = [v for v in literals([path]) if b"\n" in v or len(v) > 15]
        body = b"\n".join(values)
        for road in (0x00, 0x10, 0x20, 0x30):  # lines or whole file, with or without tags
            seeds.append(bytes([index | road]) + body)
    return seeds


def write(base: Path) -> dict[str, int]:
    corpora = {**gps_seeds(), "registry": registry_seeds(), "chipfiles": chip_seeds()}
    counts = {}
    for name, values in corpora.items():
        folder = base / name
        folder.mkdir(parents=True, exist_ok=True)
        for value in values:
            (folder / hashlib.sha1(value).hexdigest()).write_bytes(value)  # noqa: S324
        counts[name] = len(set(values))
    return counts


if __name__ == "__main__":
    for name, count in write(Path(sys.argv[1])).items():
        print(f"seeds {name}: {count}")
