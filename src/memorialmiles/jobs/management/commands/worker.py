"""`memorialmiles worker`: run background tasks; `--burst` runs what is due and exits.

The database backend's worker (django-tasks-db) or an RQ worker on Redis, whichever
``TASKS`` names, so `make demo` and a server start the same command. RQ runs jobs in the
worker's own process (``SimpleWorker``): our tasks are short and take ids, and one process
per core is how a server scales them.
"""

from __future__ import annotations

import socket

from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from memorialmiles.jobs.background import sweep


class Command(BaseCommand):
    help = "Run background tasks (emails, reminders, imports, certificates)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--burst", action="store_true", help="Run every task that is due, then exit."
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between looks at the queue."
        )

    def handle(self, *args, burst: bool, interval: float, **options) -> None:
        swept = sweep()
        if swept:
            self.stderr.write(f"{swept} task(s) whose worker stopped mid-run queued again.")
        backend = task_backends["default"]
        if isinstance(backend, DatabaseBackend):
            self._database(backend, burst, interval)
        else:
            self._rq(backend, burst)

    def _database(self, backend, burst: bool, interval: float) -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        worker = Worker(
            queue_names=sorted(backend.queues),
            interval=interval,
            batch=burst,
            backend_name=backend.alias,
            startup_delay=not burst,
            max_tasks=None,
            worker_id=f"{socket.gethostname()[:40]}-{get_random_string(8)}",
            excluded_queue_names=[],
        )
        if not burst:
            worker.configure_signals()
        worker.run()

    def _rq(self, backend, burst: bool) -> None:
        import django_rq
        from django_tasks_rq.backend import Job
        from rq import SimpleWorker

        queues = [django_rq.get_queue(name, job_class=Job) for name in sorted(backend.queues)]
        worker = SimpleWorker(queues, connection=queues[0].connection, job_class=Job)
        worker.work(burst=burst, with_scheduler=True, logging_level="WARNING")
