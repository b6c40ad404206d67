"""The nightly re-judging: every stored document checked again under the current rules, reading no document.

Owns choosing what to re-check (documents whose stored rule-set version differs from the current
campaign.toml's, see pipeline.model.config.ruleset_of) and storing the new results. Extraction is not
repeated: the stored record holds what was extracted (fields, report facts), and identical bytes are never
extracted twice (pipeline.run). The campaign-wide checks and the reports follow in the same pass
(pipeline.run.run_nightly).
"""

from __future__ import annotations

import logging
from typing import Any

from checks.registry import CHECKS, run_checks
from pipeline.model.config import Config, ruleset_of
from pipeline.store import Store

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
