"""Run the worker in a test, the way a server does: `memorialmiles worker --burst`.

A test runs inside a transaction that never commits, so work queued "on commit" (the RQ
backend's way; the database backend's queue rows are written in the transaction itself) is
handed over first, as a commit would, and again after each burst for what the tasks queued.
"""

from __future__ import annotations

from unittest import mock

from django.core.management import call_command
from django.db import connection


def _commit_callbacks() -> int:
    pending = list(connection.run_on_commit)
    connection.run_on_commit.clear()
    for _sids, func, _robust in pending:
        func()
    return len(pending)


def burst(rounds: int = 5) -> None:
    """Deliver everything that is due, including what the tasks themselves queue."""
    # The database backend's worker closes connections it finds in a transaction, as a
    # server's must between tasks; here that transaction is the test's own, which SQLite's
    # in-memory database survives and PostgreSQL's did not ("the connection is closed").
    # Django's test client keeps the test's connection open the same way.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        for _ in range(rounds):
            _commit_callbacks()
            call_command("worker", "--burst")
            if not connection.run_on_commit:
                return
