# The README's commands. Everything runs from the project's own virtualenv in .venv.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench install migrate seed worker clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# the matching engine compiled with mypyc (screening/engine/compiled.py); rebuilt when its
# sources change, and the engine runs as plain Python until then
ENGINE := build/engine/SOURCE_DIGEST
ENGINE_SOURCES := $(filter-out %/__init__.py %/compiled.py,$(wildcard screening/engine/*.py)) $(wildcard screening/engine/*.pyx)

$(ENGINE): $(ENGINE_SOURCES) | $(STAMP)
	$(BIN)/python -m screening.engine.compiled

install: $(STAMP) $(ENGINE)

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

run: seed
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

bench: install
	$(BIN)/python -m screening.benchmarks
	rm -rf var/bench && TRADECONTROL_VAR_DIR=var/bench $(BIN)/python manage.py bench_revision --parties 100000
	$(BIN)/python -m tradecontrol.loadbench

worker: install
	$(BIN)/celery -A tradecontrol worker --loglevel=info --concurrency=2

clean:
	rm -rf $(VENV) build var/db.sqlite3 var/media var/static
