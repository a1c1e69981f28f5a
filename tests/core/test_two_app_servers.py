"""Scale-out: two app servers on one PostgreSQL and one Redis behave as one site.

Runs where CI gives both (DATABASE_URL and REDIS_URL); a laptop on SQLite skips it, since an
in-memory test database cannot be shared between processes.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from http.cookiejar import CookieJar

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def two_servers(tmp_path):
    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        pytest.skip("needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL), as CI runs it")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = dict(
        os.environ, DATABASE_URL=url, SECRET_KEY="s" * 50, MEMORIALMILES_DATA_DIR=str(tmp_path)
    )
    servers, ports = [], []
    for _ in range(2):
        port = free_port()
        servers.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "memorialmiles.asgi:application",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--log-level",
                    "warning",
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        )
        ports.append(port)
    deadline = time.monotonic() + 30
    for port in ports:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("the app servers did not start")
                time.sleep(0.2)
    yield [f"http://127.0.0.1:{port}" for port in ports]
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


def test_it_keeps_a_login_across_servers_and_shows_one_honor_roll(two_servers, alice, crumby):
    first, second = two_servers
    jar = CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = browser.open(f"{first}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
    body = f"username=alice&password=pw-alice&csrfmiddlewaretoken={token}".encode()
    request = urllib.request.Request(
        f"{first}/accounts/login/", data=body, headers={"Referer": f"{first}/accounts/login/"}
    )
    browser.open(request)
    # Logged in on the first server, recognised by the second (sessions live in the database).
    page = browser.open(f"{second}/").read().decode()
    assert "Log out" in page
    for base in (first, second):
        wall = browser.open(f"{base}/heroes/?q=crum").read().decode()
        assert "Officer Garrett Crumby" in wall
