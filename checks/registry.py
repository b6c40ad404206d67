"""The one place checks are registered, their config tables validated, and a record judged by all of them.

Adding a check: a module with CHECK = Check(...), one line in CHECKS, a [checks.<id>] table in
pipeline/model/defaults.toml and an entry in README. A crashing check gives 'skip' with the error, never a lost
document.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError

from checks import (
    brand_name_length,
    ocr_confidence,
    photo_count,
    report_length,
    report_structure,
    required_fields,
    similar_brand_name,
)
from checks.check import Check
from pipeline.model.config import Config, ConfigError
from pipeline.model.records import CheckResult, DocumentRecord

log = logging.getLogger(__name__)

CHECKS: tuple[Check, ...] = (
    brand_name_length.CHECK,
    report_length.CHECK,
    report_structure.CHECK,
    photo_count.CHECK,
    required_fields.CHECK,
    similar_brand_name.CHECK,
    ocr_confidence.CHECK,
)
BY_ID: dict[str, Check] = {c.id: c for c in CHECKS}


def validate_config(config: Config) -> dict[str, Any]:
    """Each check's Params from its [checks.<id>] table; unknown tables or keys fail by name."""
    unknown = sorted(set(config.checks) - set(BY_ID))
    if unknown:
        raise ConfigError(f"checks: unknown check table(s) {unknown}; known: {sorted(BY_ID)}")
    params: dict[str, Any] = {}
    for check in CHECKS:
        table = config.checks.get(check.id)
        if table is None:
            raise ConfigError(f"checks.{check.id}: missing table")
        try:
            params[check.id] = check.params.model_validate(table)
        except ValidationError as exc:
            detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise ConfigError(f"checks.{check.id}: {detail}") from exc
    return params


def run_checks(record: DocumentRecord, params: dict[str, Any]) -> list[CheckResult]:
    """Every applicable check on one record, in registry order."""
    results: list[CheckResult] = []
    if record.status != "ok":
        return results
    for check in CHECKS:
        if record.doc_type not in check.applies_to or (check.when is not None and not check.when(record)):
            continue
        try:
            results.append(check.run(record, params[check.id]))
        except Exception as exc:  # a broken check must not lose the document
            log.exception("check %s crashed on %s", check.id, record.file)
            results.append(CheckResult(id=check.id, status="skip", message=f"检查出错，已跳过：{exc!r}"))
    return results
