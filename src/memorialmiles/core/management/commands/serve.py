"""`memorialmiles serve`: the one command that serves the site, on a laptop and in production.

One port carries everything: pages, JSON, static files (WhiteNoise) and the live pages'
server-sent events. Underneath it is granian (a Rust HTTP server) with `--workers` processes,
each running core/server.py's router: synchronous views go through Django's WSGI handler on a
few threads (the fast path, about three times Django's ASGI path for the same view), async
views (streams) through Django's ASGI handler, where a long-lived response costs no thread.
docs/deploy.md has the production shape and bench/serve.py the figures.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# Streams are long-lived: on a stop, a worker waits this long for them to end, then goes.
STOP_SECONDS = 5


class Command(BaseCommand):
    help = (
        "Serve the site (pages, API, static files and live streams) on one port: granian "
        "with WSGI for pages and ASGI for server-sent events."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="processes; one per core is right for a server (docs/deploy.md)",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=8,
            help="threads per process for the pages (database and cache waits overlap)",
        )
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="skip collecting static files (a release step did it already)",
        )

    def handle(self, *args, host: str, port: int, workers: int, threads: int, **options):
        from granian import Granian
        from granian.constants import Interfaces

        if workers < 1 or threads < 1:
            raise CommandError("--workers and --threads: at least 1")
        if not options["no_collectstatic"]:
            call_command("collectstatic", "--noinput", verbosity=0)
        self.stdout.write(
            f"Memorial Miles on http://{host}:{port}/ ({workers} process(es), "
            f"{threads} threads each; Ctrl+C to stop)"
        )
        if settings.DEBUG:
            self.stdout.write("DEBUG is on: never do this on a public server.")
        self.stdout.flush()
        # The workers import the router afresh: the thread count reaches them this way (it is
        # the command's option, not a setting).
        os.environ["MEMORIALMILES_SERVE_THREADS"] = str(threads)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "memorialmiles.settings")
        Granian(
            "memorialmiles.core.server:application",
            address=host,
            port=port,
            interface=Interfaces.ASGI,
            workers=workers,
            backlog=2048,
            log_level="warning",
            websockets=False,
            workers_kill_timeout=STOP_SECONDS,
        ).serve()
