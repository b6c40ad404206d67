"""The tool against hard, realistic submissions it has never seen (the tests/unseen package builds them).

Each case compares the record's projection with the truth as a whole dict, so one failure shows every
difference at once.
"""

from __future__ import annotations

import hashlib

import pytest
from unseen import CASES

from pipeline.judge import judge
from pipeline.model.records import Submission


def _project(rec, truth: dict) -> dict:
    """The record's values for exactly the keys the truth states."""
    out: dict = {"file": rec.file, "doc_type": rec.doc_type}
    if "fields" in truth:
        out["fields"] = rec.fields.model_dump() if rec.fields is not None else None
    if "report" in truth:
        if rec.report is None:
            out["report"] = None
        else:
            r = rec.report
            out["report"] = {"brand_name": r.brand_name, "branch_name": r.branch_name, "word_count": r.word_count,
                             "sections": list(r.sections), "photos": len(r.photos),
                             "captions": [p.caption for p in r.photos]}
    if "checks" in truth:
        got = {c.id: c.status for c in rec.checks}
        out["checks"] = {k: got.get(k) for k in truth["checks"]}
    return out


def _diff(actual: dict, truth: dict, prefix: str = "") -> list[str]:
    lines = []
    for key, want in truth.items():
        have = actual.get(key)
        if isinstance(want, dict) and isinstance(have, dict):
            lines += _diff(have, want, f"{prefix}{key}.")
        elif have != want:
            lines.append(f"{prefix}{key}: expected {want!r}, got {have!r}")
    return lines


@pytest.mark.parametrize("name", sorted(CASES))
def test_unseen_document(name, config, params):
    data, truth = CASES[name]()
    sub = Submission(file=truth["file"], data=data, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                     detected="docx", extension="docx")
    rec = judge(sub, config, params)
    assert rec.status == "ok", f"{name}: rejected: {rec.error}"
    actual = _project(rec, truth)
    problems = _diff(actual, truth)
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)
