"""The check statuses README's check table gives for a case's truth, with the configured limits.

Owns the verdict side of the truth: every limit and list comes from the configuration as the checks receive it
(`checks.registry.validate_config`), by default the shipped one (`pipeline.model.config.load_config()`); none is
written here, so a changed default moves the truth with it. It must not call the checks nor read the
documents: statuses follow from the truth values alone.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from checks.registry import validate_config
from pipeline.model.config import load_config
from pipeline.model.wordcount import count_units, count_words

FORM_KEYS = ("branch_name", "brand_name", "leader", "summary", "measures", "expected_outcomes", "branch_opinion",
             "signed", "date")


@cache
def shipped() -> dict[str, Any]:
    """Each check's params from the shipped defaults, as a pass validates them."""
    return validate_config(load_config())


def brand_name_length(name: str | None, params: dict[str, Any]) -> str:
    if not name:
        return "skip"
    return "fail" if count_words(name) > params["brand_name_length"].max_chars else "pass"


def required_fields(fields: dict, params: dict[str, Any]) -> str:
    p = params["required_fields"]
    missing = any(not (fields.get(k) or "").strip() for k in p.fields)
    if missing or (p.signed and fields["signed"] is False) or (p.dated and not fields["date"]):
        return "fail"
    return "warn" if p.signed and fields["signed"] is None else "pass"


def report_structure(sections: list[str], params: dict[str, Any]) -> str:
    p = params["report_structure"]
    if any(k not in sections for k in p.required):
        return "fail"
    present = [k for k in sections if k in p.required]
    return "fail" if p.in_order and present != [k for k in p.required if k in present] else "pass"


def photo_count(captions: list[str | None], params: dict[str, Any]) -> str:
    p = params["photo_count"]
    if not p.min_photos <= len(captions) <= p.max_photos:
        return "fail"
    return "warn" if p.caption_required and any(c is None for c in captions) else "pass"


def report_length(word_count: int, params: dict[str, Any]) -> str:
    return "fail" if word_count > params["report_length"].max_chars else "pass"


def statuses(truth: dict, params: dict[str, Any] | None = None) -> dict[str, str]:
    """{check id: status} of a form's or a report's truth under `params` (the shipped ones by default)."""
    params = shipped() if params is None else params
    if truth["doc_type"] == "application":
        fields = truth["fields"]
        return {"required_fields": required_fields(fields, params),
                "brand_name_length": brand_name_length(fields["brand_name"], params)}
    report = truth["report"]
    return {"report_structure": report_structure(report["sections"], params),
            "photo_count": photo_count(report["captions"], params),
            "report_length": report_length(report["word_count"], params),
            "brand_name_length": brand_name_length(report["brand_name"], params)}


def app_truth(file: str, **fields) -> dict:
    """An application form's truth: these field values as written, and the statuses they give."""
    missing = set(FORM_KEYS) - set(fields)
    assert not missing, missing
    truth = {"file": file, "doc_type": "application", "fields": {k: fields[k] for k in FORM_KEYS}}
    return {**truth, "checks": statuses(truth)}


def report_truth(file: str, brand: str | None, branch: str | None, sections: list[str], units: list[str],
                 captions: list[str | None]) -> dict:
    """An outcome report's truth: 字数 over exactly the counted body units, one caption (or None) per photo."""
    truth = {"file": file, "doc_type": "outcome_report",
             "report": {"brand_name": brand, "branch_name": branch, "word_count": count_units(units),
                        "sections": sections, "photos": len(captions), "captions": list(captions)}}
    return {**truth, "checks": statuses(truth)}
