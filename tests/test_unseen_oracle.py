"""The unseen cases' verdict oracle (tests/unseen/oracle.py) takes its limits from the configuration: under a
campaign that changes every check's limits, the statuses it derives from each case's truth are the ones the
checks give on the document, and they differ from the shipped ones for every check."""

from __future__ import annotations

import hashlib

from unseen import CASES
from unseen.oracle import statuses

from checks.registry import validate_config
from pipeline.judge import judge
from pipeline.model.config import load_config
from pipeline.model.records import Submission

# Limits on the other side of the cases' values (brand names of 5–10 字, reports of 302–487 字 with 3–5
# photos, forms signed, unsigned and without a signature line, reports out of order or without 品牌内涵).
CAMPAIGN = {"checks": {
    "brand_name_length": {"max_chars": 6},
    "report_length": {"max_chars": 410},
    "photo_count": {"min_photos": 4, "max_photos": 5, "caption_required": False},
    "required_fields": {"fields": ["brand_name", "leader", "branch_opinion"], "signed": False, "dated": True},
    "report_structure": {"required": ["brand_name", "background", "measures", "outcomes"], "in_order": False},
}}


def test_oracle_statuses_follow_the_configured_limits():
    config = load_config(overrides=CAMPAIGN)
    params = validate_config(config)
    problems, moved = [], set()
    for name in sorted(CASES):
        data, truth = CASES[name]()
        if "checks" not in truth:
            continue
        sub = Submission(file=truth["file"], data=data, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                         detected="docx", extension="docx")
        got = {c.id: c.status for c in judge(sub, config, params).checks}
        want = statuses(truth, params)
        problems += [f"{name} {k}: oracle {v}, checks {got.get(k)}" for k, v in want.items() if got.get(k) != v]
        moved |= {k for k, v in want.items() if truth["checks"][k] != v}
    assert not problems, "\n".join(problems)
    assert moved == set(CAMPAIGN["checks"]), moved
