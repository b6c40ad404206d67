"""The nightly re-judging: every stored document checked again under the current rules, reading no document.

Owns choosing what to re-check (documents whose stored rule-set version differs from the current
campaign.toml's, see pipeline.model.config.ruleset_of) and storing the new results. Extraction is not
repeated: the stored record holds what was extracted (fields, report facts), and identical bytes are never
extracted twice (pipeline.run). The campaign-wide checks and the reports follow in the same pass
(pipeline.run.run_nightly), and are kept as they are when nothing they follow from changed since a pass last
made them: this module also owns writing down, and comparing, what they were made from (below).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import functools
import hashlib
import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from checks.registry import CHECKS, run_checks
from pipeline.model.config import Config, ruleset_of
from pipeline.store import Store
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)


def rejudge(store: Store, config: Config, params: dict[str, Any]) -> int:
    """Re-run the per-document checks of every document judged under other rules; the number re-judged."""
    ruleset = ruleset_of(config)
    stale = store.stale(config.campaign.id, ruleset)
    results = {}
    for doc_id, rec in stale:
        results[doc_id] = run_checks(rec, params) if rec.status == "ok" else []
    if results:
        store.replace_checks(results, [c.id for c in CHECKS], ruleset)
        log.info("re-judged %d documents under rule set %s", len(results), ruleset)
    return len(results)


# --- what the campaign results and the reports were last made from -------------------------------------------
#
# The campaign step (similar names over every document of the campaign and the earlier campaigns' names) and
# the reports are a function of what is stored and of the settings. Each pass that makes them writes down what
# they were made from (`MADE_FILE` in the workspace, written after they are, under `MADE_LOCK`); a later pass
# (the nightly run when nothing arrived and no rule changed, an intake sweep of an empty inbox) that finds the
# same inputs keeps them instead of making them again. The inputs:
#   campaign — Store.digest (which documents there are, their bytes, names, status, versions and the keys
#              their extraction and checks were made under; the other campaigns' names), the rule-set hash,
#              the extraction key and extractor version, the registered checks, the roster file (documents
#              are grouped by organisation against it) and the code (its files' sizes and modification times:
#              a new brandreview version makes everything again once);
#   reports  — the campaign inputs now and the ones the stored campaign results were made from (equal once
#              the campaign step has run), every setting (deadlines, roster, time zones are not rules but
#              show on the pages), the roster file's bytes and which deadlines have passed (a branch with no
#              report turns from 待提交 to 未完成 when the report deadline passes).
# Reports that are missing from reports/ are written again whatever the inputs say.

MADE_FILE = ".made.json"
MADE_LOCK = ".made.lock"
_CODE = ("pipeline", "checks", "extractors")
_CODE_SUFFIXES = (".py", ".html", ".css", ".js", ".toml", ".svg")
REPORT_FILES = ("index.html", "export.jsonl", "export.csv", "汇总表.xlsx")


@contextmanager
def made_lock(ws: Workspace) -> Iterator[None]:
    """Held while a pass makes the campaign results or the reports and writes down what from (one process
    at a time per workspace; released when the process dies)."""
    with open(ws.home / MADE_LOCK, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_made(ws: Workspace) -> dict[str, Any]:
    try:
        data = json.loads((ws.home / MADE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def record_made(ws: Workspace, part: str, values: dict[str, Any]) -> None:
    """Write down what `part` ('campaign' or 'reports') was just made from (atomically)."""
    path = ws.home / MADE_FILE
    made = {**read_made(ws), part: values}
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    tmp.write_text(json.dumps(made, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def _hash(value: object) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


@functools.cache
def code_version() -> str:
    """The code that judges and renders, as installed: its files' names, sizes and modification times."""
    root = Path(__file__).resolve().parent.parent
    seen = []
    for package in _CODE:
        for path in sorted((root / package).rglob("*")):
            if path.suffix in _CODE_SUFFIXES and "__pycache__" not in path.parts:
                info = path.stat()
                seen.append((str(path.relative_to(root)), info.st_size, info.st_mtime_ns))
    return _hash(seen)


def roster_digest(home: Path, config: Config) -> object:
    """The workspace's roster file as the inputs name it: its path and bytes' hash (None: no roster)."""
    from pipeline.roster import RosterError, roster_path

    try:
        path = roster_path(home, config)
        return [str(path), hashlib.sha256(path.read_bytes()).hexdigest()] if path else None
    except (OSError, RosterError) as exc:
        return f"unreadable: {exc}"


def campaign_inputs(store: Store, config: Config, home: Path | None = None) -> str:
    """What the campaign step's results follow from (see above); with `home`, its roster too (the campaign
    checks group the documents by organisation against it)."""
    from checks.registry import CAMPAIGN_CHECKS
    from extractors import registry as extractors

    return _hash({"documents": store.digest(config.campaign.id), "ruleset": ruleset_of(config),
                  "extraction": extractors.extraction_key(config), "extractor": extractors.EXTRACTOR_VERSION,
                  "checks": [c.id for c in CHECKS], "campaign_checks": [c.id for c in CAMPAIGN_CHECKS],
                  "code": code_version(), **({"roster": roster_digest(home, config)} if home is not None else {})})


def report_inputs(ws: Workspace, config: Config, campaign: str, made: dict[str, Any]) -> str:
    """What the reports follow from, given the campaign inputs now (see above)."""
    from pipeline.branches import deadline

    roster = roster_digest(ws.home, config)
    now = dt.datetime.now(dt.UTC)
    passed = {kind: due is not None and now > due
              for kind in ("application", "outcome_report") if (due := deadline(config.deadlines, kind)) is not None}
    return _hash({"campaign": campaign, "campaign_made_from": (made.get("campaign") or {}).get("inputs"),
                  "settings": config.model_dump(mode="json"), "roster": roster, "deadlines_passed": passed,
                  "home": str(ws.home), "reports": str(ws.reports)})


def reports_present(ws: Workspace) -> bool:
    return all((ws.reports / name).is_file() for name in REPORT_FILES)
