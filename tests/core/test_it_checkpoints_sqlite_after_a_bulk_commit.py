"""`core.bulk.sqlite_checkpoint_after`: a bulk write's commit leaves its pages in SQLite's
write-ahead log, and another thread copies them into the database file after it; the
connection's own checkpointing is put back. On a database file in WAL mode, as the site runs
(the tests' database lives in memory, with no log)."""

import os

import pytest
from django.db.utils import ConnectionHandler

from memorialmiles.core import bulk

ROWS = 3000  # about 1,500 pages of 4 KiB: past the 1,000 that make a commit checkpoint


@pytest.fixture(autouse=True)
def _own_databases(django_db_blocker):
    """Each test opens its own database, apart from the tests' one."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def wal_db(tmp_path, monkeypatch):
    """A Django connection to a database file in WAL mode, as `bulk.connection`."""
    path = tmp_path / "roll.sqlite3"
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": path,
                "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
            }
        }
    )
    conn = handler["default"]
    with conn.cursor() as cursor:
        cursor.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT)")
    monkeypatch.setattr(bulk, "connection", conn)
    threads, checkpoint_soon = [], bulk.checkpoint_soon

    def recorded(path):
        threads.append(checkpoint_soon(path))
        return threads[-1]

    monkeypatch.setattr(bulk, "checkpoint_soon", recorded)
    yield conn, path, threads
    conn.close()


def write_rows(conn):
    with conn.cursor() as cursor:
        cursor.execute("BEGIN")
        cursor.executemany("INSERT INTO t (text) VALUES (%s)", [("x" * 2000,)] * ROWS)
        cursor.execute("COMMIT")


def autocheckpoint(conn):
    with conn.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        return cursor.fetchone()[0]


def test_a_plain_commit_copies_the_log_into_the_file_before_it_returns(wal_db):
    conn, path, _ = wal_db
    write_rows(conn)
    assert os.path.getsize(path) > ROWS * 2000  # what makes the test below mean something


def test_the_commit_leaves_the_pages_in_the_log_and_a_thread_copies_them(wal_db):
    conn, path, threads = wal_db
    with bulk.sqlite_checkpoint_after():
        assert autocheckpoint(conn) == 0
        write_rows(conn)
        assert os.path.getsize(path) < ROWS * 2000  # the rows are in the log only
        assert not threads
    assert autocheckpoint(conn) == 1000
    (thread,) = threads
    thread.join(timeout=10)
    assert os.path.getsize(path) > ROWS * 2000
    with conn.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM t")
        assert cursor.fetchone() == (ROWS,)


def test_a_failing_block_keeps_its_error_and_puts_the_setting_back(wal_db):
    conn, _, _ = wal_db
    with pytest.raises(ZeroDivisionError), bulk.sqlite_checkpoint_after():
        1 / 0  # noqa: B018
    assert autocheckpoint(conn) == 1000


def test_an_in_memory_database_is_left_alone(monkeypatch):
    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
    )
    conn = handler["default"]
    monkeypatch.setattr(bulk, "connection", conn)
    started = []
    monkeypatch.setattr(bulk, "checkpoint_soon", started.append)
    with bulk.sqlite_checkpoint_after():
        assert autocheckpoint(conn) == 1000
    assert not started
    conn.close()
