# Two commands do all the set-up: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# What installs is the lock file (`make lock` writes it from pyproject.toml); uv installs it in
# seconds, and is itself installed with pip at this version.
UV_VERSION := 0.13.9
LOCK := requirements-dev.lock
STAMP := $(VENV)/.installed-$(shell cat $(LOCK) pyproject.toml | cksum | cut -d' ' -f1)
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: install lock lint run worker test test-browser migrate demo messages bench bench-lighthouse clean

$(BIN)/uv:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(STAMP): $(LOCK) pyproject.toml | $(BIN)/uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes -r $(LOCK)
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

# After changing the dependencies in pyproject.toml: pins every package (and its hashes) for the
# app (requirements.lock, what the image installs) and for development (requirements-dev.lock).
lock: | $(BIN)/uv
	$(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes --quiet \
	  --custom-compile-command "make lock" -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 --generate-hashes --quiet \
	  --custom-compile-command "make lock" -o requirements-dev.lock

# ruff (lint and format), mypy, and the apps' import layers (import-linter, pyproject.toml).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

# Serves the app under ASGI (uvicorn) with a Celery worker beside it on the
# embedded filesystem broker (or Redis when REDIS_URL is set). Ctrl-C, or a
# TERM to make, stops both. DEBUG stays off (visitors get our error pages, not
# Django's debug page); `DEBUG=1 make run` for tracebacks on your own machine.
run: demo
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C to stop). Log in as demo / demo-journeys"
	@export DEBUG=$${DEBUG:-0}; \
	  $(BIN)/celery -A config worker --pool=solo --loglevel=WARNING --beat --schedule=$${VAR_DIR:-var}/celerybeat-schedule & worker=$$!; \
	  $(BIN)/uvicorn config.asgi:application --host $(HOST) --port $(PORT) --log-level warning --timeout-graceful-shutdown 5 & web=$$!; \
	  trap 'kill $$web $$worker 2>/dev/null; wait' INT TERM EXIT; \
	  wait $$web

# A Celery worker on its own (exports, imports, and with --beat the periodic removal of old
# export files), for a server started some other way. Uses REDIS_URL when set, else var/broker.
worker: migrate
	$(BIN)/celery -A config worker --pool=solo --loglevel=INFO --beat --schedule=$${VAR_DIR:-var}/celerybeat-schedule

# In parallel, one process per CPU (pytest-xdist); each has a test database of its own.
test: install
	$(BIN)/python -m pytest -q -n auto

# pytest exits 5 when it collects nothing: no browser tests is not a failure.
test-browser: install
	@$(BIN)/python -m pytest -q -m browser; status=$$?; \
	  if [ $$status -eq 5 ]; then echo "No browser tests collected."; exit 0; fi; exit $$status

bench: install
	$(BIN)/python bench/board.py
	$(BIN)/python bench/export.py
	$(BIN)/python bench/backup.py

# Lighthouse (npm's, installed under /tmp on first use) in Debian's Chromium on the demo board and a
# board of 500 touchpoints, served as in production; needs Node.js and /usr/bin/chromium (CHROME_PATH).
bench-lighthouse: install
	$(BIN)/python bench/lighthouse.py

# Extracts every marked string into locale/<lang>/LC_MESSAGES/django.po and compiles
# the .mo files beside them (needs gettext: apt install gettext). Both are committed,
# so a fresh checkout needs only Python. Translate new msgids, then run it again
# (locale/README.md).
messages: install
	$(BIN)/python manage.py makemessages -l ko -l pl -l ru --no-obsolete --ignore=.venv --ignore=staticfiles
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) .pytest_cache
