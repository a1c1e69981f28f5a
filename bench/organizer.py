"""The organizer's and the liaison's effort from "new hero on the board" to "published".

Scripted in Chromium (Debian's /usr/bin/chromium, through Playwright) on a fresh database: a
registry check brings a new hero; the organizer plans the mile and invites the agency from the
board; the liaison opens the emailed link on a phone and confirms; the organizer approves. Every
click, every typed field and every typed character is counted, per person. The peer is the same
path before the pipeline, as the issue measured it by hand on a fresh demo (11 clicks, 18 typed
fields, about 674 characters, all the organizer's). Target: the organizer at most 5 clicks and
no typed field. Usage: python bench/organizer.py [--quick] (quick: no docs update)
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from _markdown import write_section  # noqa: E402

BEFORE = {"clicks": 11, "fields": 18, "chars": 674}  # issue 10, measured by hand
TARGET_CLICKS = 5
CHROMIUM = os.environ.get("MEMORIALMILES_CHROMIUM", "/usr/bin/chromium")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@dataclass
class Effort:
    """What one person did with their hands: clicks, fields typed into, characters typed."""

    clicks: int = 0
    fields: int = 0
    chars: int = 0


class Counted:
    """A Playwright page whose clicks and typing are counted; navigation is free (a link in an
    email or a bookmark is opened, not clicked on our pages)."""

    def __init__(self, page, effort: Effort) -> None:
        self.page = page
        self.effort = effort

    def click(self, locator) -> None:
        self.effort.clicks += 1
        locator.click()
        self.page.wait_for_load_state()

    def fill(self, locator, text: str) -> None:
        self.effort.fields += 1
        self.effort.chars += len(text)
        locator.fill(text)


LIAISON_ANSWERS = {
    "Meeting place": "Big Spring Park, east lawn",
    "Officers expected": "24",
    "Family's contact for the flag": "Mary Crumby",
    "Family contact email": "mary@example.com",
    "Who presents the flag": "Chief Kirk Giles",
}


def publish_path(organizer: Counted, liaison: Counted, hero_name: str, read_link) -> None:
    """From the board showing `hero_name` to the run published: the shared script of the bench
    and the browser test (`tests/e2e/test_mile_pipeline.py`)."""
    board = organizer.page
    board.goto("/pipeline/")
    organizer.click(board.get_by_role("button", name=f"Plan a mile for {hero_name}"))
    organizer.click(board.get_by_role("button", name=re.compile(r"^Invite the agency: ")))
    phone = liaison.page
    phone.goto(read_link())
    liaison.click(phone.get_by_role("radio").first)
    for label, text in LIAISON_ANSWERS.items():
        liaison.fill(phone.get_by_label(label, exact=True), text)
    liaison.click(phone.get_by_role("button", name="Confirm"))
    phone.get_by_role("heading", name="Thank you").wait_for(timeout=5000)
    board.goto("/pipeline/")
    organizer.click(board.get_by_role("button", name=re.compile(r"^Approve and publish: ")))
    board.get_by_text("Approved: the run is published.").wait_for()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="no docs update")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mm-bench-organizer-") as tmp:
        os.environ["MEMORIALMILES_DATA_DIR"] = tmp
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "memorialmiles.settings")
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        organizer, liaison = run(Path(tmp))
    report(organizer, liaison, quick=args.quick)


def run(tmp: Path) -> tuple[Effort, Effort]:
    import django

    django.setup()
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ALLOWED_HOSTS = ["*"]
    from django.core import mail
    from django.core.management import call_command

    mail.outbox = []
    call_command("migrate", verbosity=0)
    hero_name = seed(tmp)
    url = serve()
    settings.SITE_URL = url
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        desk = browser.new_context(base_url=url).new_page()
        desk.goto("/accounts/login/")  # signing in is before the path, not counted
        desk.get_by_label("Username").fill("alice")
        desk.get_by_label("Password").fill("pw-alice")
        desk.get_by_role("button", name="Log in").click()
        phone = browser.new_context(base_url=url, **PHONE).new_page()
        organizer, liaison = Effort(), Effort()

        def read_link() -> str:
            call_command("worker", "--burst", verbosity=0)  # the worker delivers the email
            body = mail.outbox[-1].body
            return re.search(r"https?://[^/\s]+(/pipeline/agency/[\w-]+/)", body).group(1)

        publish_path(Counted(desk, organizer), Counted(phone, liaison), hero_name, read_link)
        browser.close()
    return organizer, liaison


def seed(tmp: Path) -> str:
    """An organizer, an agency with its contact, and a registry folder with one new hero."""
    import datetime as dt

    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.utils import timezone

    from memorialmiles.honors.models import Agency
    from memorialmiles.pipeline.models import RegistrySource

    User.objects.create_superuser("alice", "alice@example.com", "pw-alice")
    folder = tmp / "registry"
    folder.mkdir()
    eow = timezone.localdate() - dt.timedelta(days=4)
    (folder / "odmp.csv").write_text(
        "person,dept,eow,cause\n"
        f'Officer Ann Newcomb,"Decatur Police Department, AL",'
        f'"EOW: {eow:%A, %B} {eow.day}, {eow.year}",Gunfire\n'
    )
    RegistrySource.objects.create(name="Drop folder", folder=str(folder))
    call_command("pipeline", "watch", verbosity=0)
    Agency.objects.filter(name="Decatur Police Department").update(
        contact_name="Lt. Dana Reyes", contact_email="reyes@decatur.example"
    )
    return "Officer Ann Newcomb"


def serve() -> str:
    """The site in a thread of this process (so the bench reads the emails it sends)."""
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args) -> None:
            pass

    class Threaded(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    server = make_server(
        "127.0.0.1", 0, StaticFilesHandler(get_wsgi_application()), Threaded, Quiet
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


def report(organizer: Effort, liaison: Effort, *, quick: bool) -> None:
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    ratio = BEFORE["clicks"] / max(organizer.clicks, 1)
    verdict = "met" if organizer.clicks <= TARGET_CLICKS and not organizer.fields else "MISSED"
    lines = [
        "## The organizer's effort per mile (bench/organizer.py)",
        "",
        'From "new hero on the board" to "published", scripted in Chromium on a fresh '
        "database (a registry check brings the hero; the liaison answers on a phone).",
        "",
        "| who | clicks | typed fields | typed characters |",
        "|---|---:|---:|---:|",
        f"| organizer, before the pipeline (issue 10, by hand) | {BEFORE['clicks']} "
        f"| {BEFORE['fields']} | {BEFORE['chars']} |",
        f"| organizer, with the pipeline | {organizer.clicks} | {organizer.fields} "
        f"| {organizer.chars} |",
        f"| agency liaison (new: the agency's own part) | {liaison.clicks} | {liaison.fields} "
        f"| {liaison.chars} |",
        "",
        f"Organizer clicks: {ratio:.1f}x fewer; target (at most {TARGET_CLICKS} clicks and no "
        f"typed field): {verdict}. Load: `{load}`.",
    ]
    text = "\n".join(lines)
    print(text)
    if not quick:
        write_section("organizer", text)


if __name__ == "__main__":
    main()
