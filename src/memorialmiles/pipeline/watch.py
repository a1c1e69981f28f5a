"""Registry watch: each source's new files go through the honor roll's own import.

A source is a URL (fetched, size-capped) or a folder (every file in it). A file already
imported, byte for byte, is skipped by its sha256; the import itself is idempotent, so a file
seen twice still adds nothing. Heroes the import added join the board; when the organization
allows it and the hero's agency invites by itself with a contact, the run is planned and the
agency invited at once.
"""

from __future__ import annotations

import hashlib
import tempfile
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from memorialmiles.honors.importer import import_heroes
from memorialmiles.honors.models import Hero
from memorialmiles.pipeline import services
from memorialmiles.pipeline.models import OrganizationDefaults, RegistrySource
from memorialmiles.registry import RegistryError

FILE_TYPES = {".csv", ".txt", ".tsv"}
FETCH_TIMEOUT = 30


@dataclass
class WatchReport:
    source: str
    files: int = 0
    skipped: int = 0
    new_heroes: list[int] = field(default_factory=list)
    invited: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"{self.source}: {self.files} file(s) read, {self.skipped} unchanged, "
            f"{len(self.new_heroes)} new hero(es), {len(self.invited)} agency invitation(s)"
        )
        return text + "".join(f"; {p}" for p in self.problems)


def check_all(progress=None) -> list[WatchReport]:
    reports = []
    for source in RegistrySource.objects.filter(enabled=True):
        report = check(source)
        reports.append(report)
        if progress:
            progress(report.summary())
    return reports


def check(source: RegistrySource) -> WatchReport:
    report = WatchReport(source.name)
    for name, path in _files(source, report):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if source.seen.get(name) == digest:
            report.skipped += 1
            continue
        _import(source, path, report)
        if not any(p.startswith(name) for p in report.problems):
            source.seen[name] = digest
    source.last_checked_at = timezone.now()
    source.last_result = report.summary()[:500]
    source.save(update_fields=["seen", "last_checked_at", "last_result"])
    return report


def _files(source: RegistrySource, report: WatchReport):
    if source.folder:
        folder = Path(source.folder)
        if not folder.is_dir():
            report.problems.append(f"{folder} is not a folder on this server")
            return
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.suffix.lower() in FILE_TYPES:
                yield path.name, path
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "registry.csv"
        try:
            _fetch(source.url, path)
        except (OSError, ValueError) as exc:
            report.problems.append(f"{source.url}: could not be fetched ({exc})")
            return
        yield source.url, path


def _fetch(url: str, path: Path) -> None:
    if not url.startswith(("https://", "http://")):
        raise ValueError("only http and https addresses are fetched")
    limit = settings.MAX_UPLOAD_BYTES
    with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as answer:  # noqa: S310 - scheme checked
        data = answer.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"larger than the limit of {limit:,} bytes")
    path.write_bytes(data)


def _import(source: RegistrySource, path: Path, report: WatchReport) -> None:
    before = Hero.objects.aggregate(m=Max("pk"))["m"] or 0
    try:
        result = import_heroes(path, format=source.format or None)
    except RegistryError as exc:
        report.problems.append(f"{path.name}: {exc}")
        return
    report.files += 1
    if result.rejected:
        report.problems.append(f"{path.name}: {len(result.rejected)} row(s) rejected")
    new = Hero.objects.filter(pk__gt=before).select_related("agency").order_by("pk")
    report.new_heroes += [h.pk for h in new]
    if OrganizationDefaults.load().auto_invite:
        for hero in new:
            _invite_by_itself(hero, report)


def _invite_by_itself(hero: Hero, report: WatchReport) -> None:
    agency = hero.agency
    if agency is None or not agency.auto_invite or not agency.contact_email:
        return
    event, _ = services.plan_run(hero)
    try:
        services.invite(event)
    except services.PipelineError as exc:
        report.problems.append(f"{hero.display_name}: {exc}")
    else:
        report.invited.append(event.pk)
