# Fadan: the two set-up commands of the README, plus the operator's and the benchmark's.
#   make demo   — offline demo: synthetic NFRA server → crawl → SQLite → static site in public/
#   make test   — the test suite (what CI runs); make quick — the same without the slow tests
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DEMO_NOTICES ?= 1500
DEMO_DB      ?= data/demo.db
DEMO_OUT     ?= public

.PHONY: demo test quick lint nightly bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,postgres]"
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m ops.demo --notices $(DEMO_NOTICES) --db $(DEMO_DB) --out $(DEMO_OUT)

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m pytest

# The quick local loop: everything but the slow tests (wheel builds, the demo, the fuzz run, benchmarks).
quick: $(STAMP)
	$(PY) -m pytest -m "not slow"

lint: $(STAMP)
	$(PY) -m ruff check .

# The operator's job (README, "Operations"): make nightly; NIGHTLY_ARGS=--full for the weekly full walk.
NIGHTLY_ARGS ?=
nightly: $(STAMP)
	$(PY) -m ops.nightly $(NIGHTLY_ARGS)

bench: $(STAMP)
	$(PY) -m pip install --quiet -e ".[bench]"
	$(PY) -m bench

clean:
	rm -rf public data/demo.db data/demo.db-wal data/demo.db-shm
