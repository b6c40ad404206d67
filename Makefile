# brandreview — the two commands a newcomer runs: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
DEMO_HOME ?= brandreview-home
export PREFECT_SERVER_ANALYTICS_ENABLED = false
export DO_NOT_TRACK = 1

.PHONY: demo test lint bench clean system-deps

# LibreOffice (legacy .doc/.wps, and the tests' docx → PDF/.doc conversions), a CJK font, bsdtar (libarchive:
# rarfile unpacks compressed .rar members with it), Chromium (the browser test of the review pages drives it
# with Playwright) and Dovecot (tests/test_mailbox.py starts a throwaway IMAP server), from Debian's packages;
# skipped when already there or when this machine cannot install packages.
system-deps:
	@if command -v soffice >/dev/null 2>&1 && command -v bsdtar >/dev/null 2>&1 && command -v chromium >/dev/null 2>&1 && { command -v dovecot || test -x /usr/sbin/dovecot; } >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi -e wqy -e "noto.*cjk"; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing LibreOffice, a CJK font, bsdtar, Chromium and Dovecot (Debian packages)…"; \
	  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    libreoffice-writer-nogui fonts-wqy-zenhei libarchive-tools chromium dovecot-imapd >/dev/null; \
	else echo "warning: LibreOffice, bsdtar, Chromium or Dovecot missing and cannot be installed here: .doc/.wps files and compressed .rar members will be rejected, the browser and mailbox tests cannot run"; fi

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

# Fresh sample submissions → one full pass (the Prefect flow) into $(DEMO_HOME)/ → summary and report paths.
demo: $(VENV)/.installed system-deps
	$(PY) samples/make_samples.py --out samples/out
	rm -rf $(DEMO_HOME)
	$(VENV)/bin/brandreview run --home $(DEMO_HOME) --inbox samples/out

test: $(VENV)/.installed system-deps
	$(VENV)/bin/ruff check pipeline extractors checks flows samples tests bench
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest -q

bench: $(VENV)/.installed
	$(PY) bench/bench_pass.py 1000 && $(PY) bench/bench_intake.py

clean:
	rm -rf $(VENV) $(DEMO_HOME) samples/out .pytest_cache
