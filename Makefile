# brandreview — the two commands a newcomer runs: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
DEMO_HOME ?= brandreview-home
export PREFECT_SERVER_ANALYTICS_ENABLED = false
export DO_NOT_TRACK = 1

.PHONY: demo test lint bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

# Fresh sample submissions → one full pass (the Prefect flow) into $(DEMO_HOME)/ → summary and report paths.
demo: $(VENV)/.installed
	$(PY) samples/make_samples.py --out samples/out
	rm -rf $(DEMO_HOME)
	$(VENV)/bin/brandreview run --home $(DEMO_HOME) --inbox samples/out

test: $(VENV)/.installed
	$(VENV)/bin/ruff check pipeline extractors checks flows samples tests bench
	$(VENV)/bin/lint-imports
	$(VENV)/bin/pytest -q

bench: $(VENV)/.installed
	$(PY) bench/bench_pass.py 1000

clean:
	rm -rf $(VENV) $(DEMO_HOME) samples/out .pytest_cache
