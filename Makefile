# Two commands do all the set-up: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: install run worker test test-browser migrate demo messages bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

# Serves the app under ASGI (uvicorn) with a Celery worker beside it on the
# embedded filesystem broker (or Redis when REDIS_URL is set). Ctrl-C, or a
# TERM to make, stops both.
run: demo
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C to stop). Log in as demo / demo-journeys"
	@export DEBUG=$${DEBUG:-1}; \
	  $(BIN)/celery -A config worker --pool=solo --loglevel=WARNING --beat --schedule=$${VAR_DIR:-var}/celerybeat-schedule & worker=$$!; \
	  $(BIN)/uvicorn config.asgi:application --host $(HOST) --port $(PORT) --log-level warning --timeout-graceful-shutdown 5 & web=$$!; \
	  trap 'kill $$web $$worker 2>/dev/null; wait' INT TERM EXIT; \
	  wait $$web

# A Celery worker on its own (exports, imports, and with --beat the periodic removal of old
# export files), for a server started some other way. Uses REDIS_URL when set, else var/broker.
worker: migrate
	$(BIN)/celery -A config worker --pool=solo --loglevel=INFO --beat --schedule=$${VAR_DIR:-var}/celerybeat-schedule

test: install
	$(BIN)/python -m pytest -q

# pytest exits 5 when it collects nothing: no browser tests is not a failure.
test-browser: install
	@$(BIN)/python -m pytest -q -m browser; status=$$?; \
	  if [ $$status -eq 5 ]; then echo "No browser tests collected."; exit 0; fi; exit $$status

bench: install
	$(BIN)/python bench/board.py
	$(BIN)/python bench/export.py

# Extracts every marked string into locale/<lang>/LC_MESSAGES/django.po and compiles
# the .mo files beside them (needs gettext: apt install gettext). Both are committed,
# so a fresh checkout needs only Python. Translate new msgids, then run it again
# (locale/README.md).
messages: install
	$(BIN)/python manage.py makemessages -l ko -l pl -l ru --no-obsolete --ignore=.venv --ignore=staticfiles
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) .pytest_cache
