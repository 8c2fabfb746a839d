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

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

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
	rm -rf $(VENV) var/db.sqlite3 var/media var/static
