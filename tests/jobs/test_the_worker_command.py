"""`memorialmiles worker --burst` runs what is due on the configured backend and exits."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_backend_follows_redis_url():
    backend = settings.TASKS["default"]["BACKEND"]
    if os.environ.get("REDIS_URL"):
        assert backend == "django_tasks_rq.RQBackend"
    else:
        assert backend == "django_tasks_db.DatabaseBackend"


def test_the_command_line_has_it():
    done = subprocess.run(
        [sys.executable, "-m", "memorialmiles", "worker", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "--burst" in done.stdout and "Run every task that is due, then exit." in done.stdout


def test_a_burst_with_nothing_due_returns():
    call_command("worker", "--burst")
