# Two commands do all the set-up: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: install run serve worker test test-browser test-all migrate demo messages bench clean

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
# embedded broker; Ctrl-C stops both.
run: demo
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	@trap 'kill 0' EXIT INT TERM; \
	  DEBUG=$${DEBUG:-1} $(BIN)/celery -A config worker --pool=solo --loglevel=WARNING --beat --schedule=$${VAR_DIR:-var}/celerybeat-schedule & \
	  DEBUG=$${DEBUG:-1} $(BIN)/uvicorn config.asgi:application --host $(HOST) --port $(PORT) --log-level warning

# A Celery worker on its own (exports, imports, and with --beat the periodic removal of old
# export files), for a server started some other way. Uses REDIS_URL when set, else var/broker.
worker: migrate
	$(BIN)/celery -A config worker --pool=solo --loglevel=INFO --beat --schedule=$${VAR_DIR:-var}/celerybeat-schedule

test: install
	$(BIN)/python -m pytest -q

test-browser: install
	$(BIN)/python -m pytest -q -m browser

bench: install
	$(BIN)/python bench/board.py
	$(BIN)/python bench/export.py

messages: install
	cd $(CURDIR) && $(BIN)/python manage.py makemessages -l ko -l pl -l ru --no-obsolete && $(BIN)/python manage.py compilemessages

clean:
	rm -rf $(VENV) .pytest_cache
