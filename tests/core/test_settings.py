import importlib

import pytest
from django.core.exceptions import ImproperlyConfigured


def reload_settings(monkeypatch, **env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    import memorialmiles.settings as settings_module

    return importlib.reload(settings_module)


@pytest.fixture(autouse=True)
def restore_settings(monkeypatch):
    yield
    monkeypatch.undo()
    import memorialmiles.settings as settings_module

    importlib.reload(settings_module)


def test_it_names_the_variable_with_a_bad_boolean(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe'"):
        reload_settings(monkeypatch, DEBUG="maybe")


def test_it_names_the_variable_with_a_bad_database_url(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        reload_settings(monkeypatch, DATABASE_URL="mysql//nowhere")


def test_it_names_the_variable_with_a_bad_redis_url(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        reload_settings(monkeypatch, REDIS_URL="http://cache")


def test_it_requires_a_secret_key_on_a_server(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY: required .* memorial.example"):
        reload_settings(monkeypatch, ALLOWED_HOSTS="memorial.example", DEBUG="0")
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        reload_settings(monkeypatch, MEMORIALMILES_REQUIRE_SECRET_KEY="1", DEBUG="0")


def test_it_refuses_a_short_secret_key(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY: must be at least 32"):
        reload_settings(monkeypatch, SECRET_KEY="short")


def test_it_serves_a_server_with_its_own_key(monkeypatch):
    module = reload_settings(
        monkeypatch,
        ALLOWED_HOSTS="memorial.example",
        DEBUG="0",
        SECRET_KEY="k" * 50,
        SITE_URL="https://memorial.example/",
    )
    assert module.SECRET_KEY == "k" * 50
    assert module.ALLOWED_HOSTS == ["memorial.example"]


def test_it_keeps_a_generated_key_for_a_laptop(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = reload_settings(monkeypatch, MEMORIALMILES_DATA_DIR=str(tmp_path)).SECRET_KEY
    second = reload_settings(monkeypatch, MEMORIALMILES_DATA_DIR=str(tmp_path)).SECRET_KEY
    assert first == second
    assert (tmp_path / "secret_key").read_text() == first
    assert len(first) >= 50


def test_it_reads_postgres_and_redis_from_the_environment(monkeypatch):
    # As one process reads it: a pytest-xdist worker gets a Redis database of its own.
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    module = reload_settings(
        monkeypatch, DATABASE_URL="postgres://u@db.example:5432/mm", REDIS_URL="redis://r:6379/1"
    )
    assert module.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert module.DATABASES["default"]["HOST"] == "db.example"
    assert module.CACHES["default"]["LOCATION"] == "redis://r:6379/1"


def test_it_is_safe_by_default(monkeypatch):
    monkeypatch.delenv("DEBUG", raising=False)
    monkeypatch.delenv("ALLOWED_HOSTS", raising=False)
    module = reload_settings(monkeypatch)
    assert module.DEBUG is False
    assert "*" not in module.ALLOWED_HOSTS
    assert module.X_FRAME_OPTIONS == "DENY"
    assert module.SITE_URL == "http://127.0.0.1:8000"


def test_it_requires_a_site_url_on_a_server(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SITE_URL: required when DEBUG is off"):
        reload_settings(
            monkeypatch, ALLOWED_HOSTS="memorial.example", DEBUG="0", SECRET_KEY="k" * 50
        )
    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        reload_settings(
            monkeypatch, MEMORIALMILES_REQUIRE_SECRET_KEY="1", DEBUG="0", SECRET_KEY="k" * 50
        )


def test_it_does_not_require_a_site_url_in_debug(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    module = reload_settings(
        monkeypatch, ALLOWED_HOSTS="memorial.example", DEBUG="1", SECRET_KEY="k" * 50
    )
    assert module.SITE_URL == "http://127.0.0.1:8000"


@pytest.mark.parametrize("bad", ["miles.example.org", "ftp://miles.example.org", "https://"])
def test_it_names_the_variable_with_a_bad_site_url(monkeypatch, bad):
    with pytest.raises(ImproperlyConfigured, match="SITE_URL="):
        reload_settings(monkeypatch, SITE_URL=bad)


def test_it_keeps_the_site_url_without_its_trailing_slash(monkeypatch):
    module = reload_settings(monkeypatch, SITE_URL="https://miles.example.org/")
    assert module.SITE_URL == "https://miles.example.org"
