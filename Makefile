# Two commands on a fresh machine: `make run` serves the demo, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run serve test lint format browser-test install-test messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo "Serving the demo network on http://127.0.0.1:8000 (admin: http://127.0.0.1:8000/admin/)"
	$(BIN)/python manage.py runserver 127.0.0.1:8000

$(VENV)/.production-installed: $(STAMP)
	$(BIN)/pip install --quiet -e ".[dev,production]"
	touch $@

# The production settings on PostgreSQL (DATABASE_URL): gunicorn and the task worker.
# `make serve DEMO=1` loads the demo network first.
serve: $(VENV)/.production-installed
	$(BIN)/python cop_site/serve.py $(if $(DEMO),--demo)

# One worker per core, each with its own test database; TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto

test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

$(VENV)/.browser-installed: $(STAMP)
	$(BIN)/pip install --quiet -e ".[dev,browser]"
	touch $@

browser-test: $(VENV)/.browser-installed
	$(BIN)/python -m pytest -m browser -p no:cacheprovider

# A fresh `wagtail start` site takes the wheel by the README's steps (needs no .venv here);
# on PostgreSQL when DATABASE_URL is set.
install-test:
	$(PYTHON) tests/install/run.py

messages: $(STAMP)
	cd leerkring && ../$(BIN)/django-admin makemessages -l nl -l en --no-obsolete --ignore=search
	cd practices && ../$(BIN)/django-admin makemessages -l nl -l en --no-obsolete
	cd leerkring/search && ../../$(BIN)/django-admin makemessages -l nl -l en --no-obsolete
	$(BIN)/python manage.py makemessages -l nl -l en --no-obsolete --ignore=.venv --ignore=leerkring --ignore=practices --ignore=search --ignore=tests
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 media media-test
