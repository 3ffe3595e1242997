"""Settings come from the environment: safe when nothing is set, strict in production.

Each case runs Python in a subprocess with a clean environment, because
settings are read once per process.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import database_from_url

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION_SECRET = secrets.token_urlsafe(60)

DUMP_SETTINGS = """
import json
import config.settings as s
db = s.DATABASES["default"]
print(json.dumps({
    "DEBUG": s.DEBUG,
    "ENGINE": db["ENGINE"],
    "NAME": str(db["NAME"]),
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "CACHE": s.CACHES["default"]["BACKEND"],
    "BROKER": s.CELERY_BROKER_URL,
    "SECRET_KEY_LENGTH": len(s.SECRET_KEY),
}))
"""


@pytest.fixture
def run(tmp_path):
    """Run a command of this project with only the given variables in its environment."""

    def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
        clean = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "VAR_DIR": str(tmp_path / "var"), **env}
        return subprocess.run(
            [sys.executable, *args], cwd=BASE_DIR, env=clean, capture_output=True, text=True, timeout=120
        )

    return run


def dump(run, **env) -> dict:
    result = run(["-c", DUMP_SETTINGS], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_with_nothing_set_the_app_runs_on_sqlite_with_debug_off(run, tmp_path):
    values = dump(run)

    assert values["DEBUG"] is False
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["NAME"] == str(BASE_DIR / "db.sqlite3")
    assert values["CACHE"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["BROKER"] == "filesystem://"
    assert "*" not in values["ALLOWED_HOSTS"]
    # A development secret is generated once and kept in VAR_DIR.
    assert values["SECRET_KEY_LENGTH"] >= 50
    assert (tmp_path / "var" / "secret_key").exists()


def test_with_nothing_set_manage_py_check_passes(run):
    result = run(["manage.py", "check"])

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_without_secret_key_fails_with_a_clear_message(run):
    result = run(["manage.py", "check"], DJANGO_ENV="production", ALLOWED_HOSTS="journeys.example.org")

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY (50+ characters) is required with DJANGO_ENV=production" in result.stderr


def test_production_with_a_short_secret_key_fails(run):
    result = run(["manage.py", "check"], DJANGO_ENV="production", SECRET_KEY="too-short", ALLOWED_HOSTS="example.org")

    assert result.returncode != 0
    assert "SECRET_KEY (50+ characters) is required" in result.stderr


def test_production_without_allowed_hosts_fails_with_a_clear_message(run):
    result = run(["manage.py", "check"], DJANGO_ENV="production", SECRET_KEY=PRODUCTION_SECRET)

    assert result.returncode != 0
    assert "ImproperlyConfigured: ALLOWED_HOSTS is required with DJANGO_ENV=production" in result.stderr


def test_production_with_secret_and_hosts_passes_the_deploy_checks(run):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_ENV="production",
        SECRET_KEY=PRODUCTION_SECRET,
        ALLOWED_HOSTS="journeys.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_cannot_be_turned_on_in_production(run):
    result = run(
        ["manage.py", "check"],
        DJANGO_ENV="production",
        SECRET_KEY=PRODUCTION_SECRET,
        ALLOWED_HOSTS="journeys.example.org",
        DEBUG="1",
    )

    assert result.returncode != 0
    assert "DEBUG cannot be on with DJANGO_ENV=production" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DJANGO_ENV", "staging", "DJANGO_ENV must be 'development' or 'production'"),
        ("DEBUG", "maybe", "DEBUG must be a boolean"),
        ("EMAIL_PORT", "twenty-five", "EMAIL_PORT must be an integer"),
        ("DATABASE_URL", "mysql://root@localhost/journeys", "DATABASE_URL scheme 'mysql' is not supported"),
    ],
)
def test_a_value_the_settings_do_not_understand_fails_loudly(run, name, value, message):
    result = run(["manage.py", "check"], **{name: value})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_database_url_and_redis_url_switch_to_postgresql_and_redis(run):
    values = dump(
        run,
        DATABASE_URL="postgres://journeys:secret@db.internal:5433/journeyboard",
        REDIS_URL="redis://cache.internal:6379/0",
    )

    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["NAME"] == "journeyboard"
    assert values["CACHE"] == "django.core.cache.backends.redis.RedisCache"
    assert values["BROKER"] == "redis://cache.internal:6379/0"


def test_a_postgres_url_parses_to_the_postgresql_backend():
    config = database_from_url("postgresql://jb%40user:p%2Fss@db.internal:5433/journeyboard?sslmode=require")

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "journeyboard"
    assert config["USER"] == "jb@user"
    assert config["PASSWORD"] == "p/ss"
    assert config["HOST"] == "db.internal"
    assert config["PORT"] == "5433"
    assert config["OPTIONS"]["sslmode"] == "require"
    assert "pool" in config["OPTIONS"]


def test_a_postgres_url_can_turn_the_connection_pool_off():
    config = database_from_url("postgres://postgres@127.0.0.1/journeyboard?pool=false")

    assert "pool" not in config["OPTIONS"]
    assert config["PORT"] == ""


def test_a_sqlite_url_with_four_slashes_is_an_absolute_path():
    config = database_from_url("sqlite:////tmp/journeys.sqlite3")

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert os.path.realpath(config["NAME"]) == "/tmp/journeys.sqlite3"


def test_a_sqlite_url_with_three_slashes_is_relative_to_the_project():
    config = database_from_url("sqlite:///var/journeys.sqlite3")

    assert Path(config["NAME"]) == BASE_DIR / "var" / "journeys.sqlite3"


def test_an_unknown_database_url_scheme_fails_loudly():
    with pytest.raises(ImproperlyConfigured, match="'mysql' is not supported"):
        database_from_url("mysql://root@localhost/journeys")
