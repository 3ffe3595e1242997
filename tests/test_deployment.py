"""docker-compose.yml, the Dockerfile and the README point at things that exist.

No Docker engine runs here, so these tests read the files and check each
service's command against the project: the ASGI application imports, the
Celery app resolves, the manage.py commands exist, the environment is one the
settings accept in production.
"""

import importlib
import json
import re
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app
from django.core.management import get_commands

from config.settings import database_from_url

BASE_DIR = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ("web", "worker", "beat")
DOCKERFILE = (BASE_DIR / "Dockerfile").read_text()
DEPLOY_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "journeys.example.org",
    "POSTGRES_PASSWORD": "s3cret",
}

VARIABLE = re.compile(r"\$\$|\$\{(\w+)(?:(:?[-?])([^}]*))?\}")


def interpolate(value: str, env: dict[str, str]) -> str:
    """Docker Compose's `${NAME}`, `${NAME:-default}`, `${NAME:?error}` and `$$`."""

    def substitute(match):
        if match.group(0) == "$$":
            return "$"
        name, operator, argument = match.groups()
        if env.get(name):
            return env[name]
        if operator and operator.endswith("?"):
            raise KeyError(f"{name} is required: {argument}")
        return argument or ""

    return VARIABLE.sub(substitute, value)


def environment(service: str, env: dict[str, str] = DEPLOY_ENV) -> dict[str, str]:
    return {name: interpolate(str(value), env) for name, value in SERVICES[service]["environment"].items()}


def command_lines(service: str) -> list[list[str]]:
    """The commands a service runs, each as argv; `sh -c "a && b"` gives two."""
    command = SERVICES[service]["command"]
    if isinstance(command, str):
        command = shlex.split(command)
    if command[:2] == ["sh", "-c"]:
        script = interpolate(command[2], {})
        return [shlex.split(part) for part in script.split("&&")]
    return [command]


def check_uvicorn_target(argv: list[str]) -> None:
    if argv[0] == "exec":
        argv = argv[1:]
    assert argv[0] == "uvicorn"
    module_name, attribute = argv[1].split(":")
    application = getattr(importlib.import_module(module_name), attribute)
    assert callable(application)


def settings_env_names() -> set[str]:
    source = (BASE_DIR / "config" / "settings.py").read_text()
    return set(re.findall(r'(?:env_str|env_bool|env_int|env_list|os\.environ\.get)\(\s*"([A-Z0-9_]+)"', source))


def test_compose_has_the_database_redis_web_worker_and_beat():
    assert set(SERVICES) >= {"db", "redis", "web", "worker", "beat"}
    assert SERVICES["db"]["image"] == "postgres:16"
    assert SERVICES["redis"]["image"] == "redis:7"


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_are_built_from_the_dockerfile_in_production_mode(service):
    assert SERVICES[service]["build"] == "."
    assert (BASE_DIR / "Dockerfile").is_file()
    assert environment(service)["DJANGO_ENV"] == "production"


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_use_postgresql_and_redis_from_the_compose_network(service):
    env = environment(service)

    database = database_from_url(env["DATABASE_URL"])
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["HOST"] == "db"
    assert database["NAME"] == SERVICES["db"]["environment"]["POSTGRES_DB"]
    assert database["USER"] == SERVICES["db"]["environment"]["POSTGRES_USER"]
    assert database["PASSWORD"] == DEPLOY_ENV["POSTGRES_PASSWORD"]
    assert env["REDIS_URL"].startswith("redis://redis:6379/")


def test_compose_refuses_to_start_without_the_production_secrets():
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "POSTGRES_PASSWORD"):
        incomplete = {key: value for key, value in DEPLOY_ENV.items() if key != name}
        with pytest.raises(KeyError, match=name):
            environment("web", incomplete)


def test_every_variable_compose_passes_to_the_app_is_read_by_the_settings():
    assert set(SERVICES["web"]["environment"]) <= settings_env_names()


def test_web_migrates_and_collects_static_files_before_serving_under_uvicorn():
    lines = command_lines("web")

    *setup, serve = lines
    assert [argv[:3] for argv in setup] == [
        ["python", "manage.py", "migrate"],
        ["python", "manage.py", "collectstatic"],
    ]
    commands = get_commands()
    for argv in setup:
        assert argv[2] in commands
    check_uvicorn_target(serve)
    assert "--host" in serve and serve[serve.index("--host") + 1] == "0.0.0.0"  # noqa: S104 - the container must listen beyond itself


@pytest.mark.parametrize(("service", "subcommand"), [("worker", "worker"), ("beat", "beat")])
def test_worker_and_beat_run_the_projects_celery_app(service, subcommand):
    [argv] = command_lines(service)

    assert argv[:4] == ["celery", "-A", argv[2], subcommand]
    app = find_app(argv[2])
    assert isinstance(app, Celery)
    assert app.main == "journeyboard"


def test_web_database_and_redis_have_healthchecks_and_web_waits_for_them():
    for service in ("db", "redis", "web"):
        assert SERVICES[service]["healthcheck"]["test"]
    assert SERVICES["web"]["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    # Workers start once web has run the migrations.
    assert SERVICES["worker"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_database_and_media_live_in_named_volumes():
    volumes = COMPOSE["volumes"]
    assert "db-data:/var/lib/postgresql/data" in SERVICES["db"]["volumes"]
    media_mount = f"media:{environment('web')['MEDIA_ROOT']}"
    assert media_mount in SERVICES["web"]["volumes"]
    assert media_mount in SERVICES["worker"]["volumes"]
    assert {"db-data", "media"} <= set(volumes)


def test_the_web_environment_passes_djangos_deploy_checks(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "VAR_DIR": str(tmp_path), **environment("web")}

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_dockerfile_installs_the_project_on_python_311_slim_as_a_non_root_user():
    instructions = [
        line.split(None, 1) for line in DOCKERFILE.splitlines() if line.strip() and not line.startswith("#")
    ]
    keywords = [instruction[0] for instruction in instructions if instruction[0].isupper()]
    arguments = {keyword: [i[1] for i in instructions if i[0] == keyword] for keyword in keywords}

    assert arguments["FROM"] == ["python:3.11-slim"]
    assert "fonts-noto-cjk" in DOCKERFILE
    assert arguments["WORKDIR"] == ["/app"]
    assert ". ." in arguments["COPY"]
    assert "pip install --no-deps -e ." in DOCKERFILE
    assert "pip install --require-hashes -r requirements.lock" in DOCKERFILE
    [user] = arguments["USER"]
    assert user not in {"root", "0"}
    check_uvicorn_target(json.loads(arguments["CMD"][0]))


def test_the_docker_build_context_leaves_out_local_state():
    ignored = set((BASE_DIR / ".dockerignore").read_text().split())

    assert {".git", ".venv", "/db.sqlite3", "/var", ".env"} <= ignored
    for needed in ("manage.py", "config", "templates", "static", "pyproject.toml", "README.md"):
        assert needed not in ignored and f"/{needed}" not in ignored
        assert (BASE_DIR / needed).exists()


def test_the_readme_documents_every_setting_read_from_the_environment():
    readme = (BASE_DIR / "README.md").read_text()

    missing = sorted(name for name in settings_env_names() if f"`{name}`" not in readme)
    assert not missing, f"README.md does not document {missing}"


def test_the_readme_leads_with_make_run_and_make_test():
    readme = (BASE_DIR / "README.md").read_text()

    head = readme[: readme.index("## ", readme.index("make test"))]
    assert "make run" in head and "make test" in head
    assert "demo / demo-journeys" in head
