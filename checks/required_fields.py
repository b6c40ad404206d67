"""required_fields: an application form is filled in (the configured fields), signed and dated.

`fields` names ApplicationFields fields; an unknown name (or `signed`, which has its own setting) fails at
start-up, naming it.
"""

from __future__ import annotations

from pydantic import field_validator

from checks.check import Check, Params
from pipeline.model.records import FIELD_NAMES_ZH, ApplicationFields, CheckResult, CheckStatus, DocumentRecord

# What a form can have left blank: every ApplicationFields field but the signature (see `signed`).
FILLABLE: tuple[str, ...] = tuple(name for name in ApplicationFields.model_fields if name != "signed")


class RequiredFieldsParams(Params):
    fields: list[str]
    signed: bool
    dated: bool

    @field_validator("fields")
    @classmethod
    def _known_fields(cls, v: list[str]) -> list[str]:
        unknown = [name for name in v if name not in FILLABLE]
        if unknown:
            hint = " ('signed' has its own setting: signed = true)" if "signed" in unknown else ""
            raise ValueError(f"unknown field name(s) {unknown}{hint}; known: {list(FILLABLE)}")
        return v


def _blank(value: object) -> bool:
    """Not filled in: missing, only white space, or a list of such (成员 is a list of names)."""
    if isinstance(value, list):
        return all(_blank(item) for item in value)
    return value is None or not str(value).strip()


def run(record: DocumentRecord, params: RequiredFieldsParams) -> CheckResult:
    fields = record.fields
    assert fields is not None
    values = fields.model_dump()
    missing = [f for f in params.fields if _blank(values.get(f))]
    problems = []
    status: CheckStatus = "pass"
    if missing:
        problems.append("未填写：" + "、".join(FIELD_NAMES_ZH.get(f, f) for f in missing))
        status = "fail"
    if params.signed:
        if fields.signed is False:
            problems.append("签字栏未签字")
            status = "fail"
        elif fields.signed is None:
            problems.append("表中未找到签字栏，请人工核对是否签字")
            status = "warn" if status == "pass" else status
    if params.dated and not fields.date:
        problems.append("未填写日期")
        status = "fail"
    value = [*missing, *(["signed"] if params.signed and fields.signed is not True else []),
             *(["date"] if params.dated and not fields.date else [])]
    if problems:
        return CheckResult(id="required_fields", status=status, value=value, limit=params.fields,
                           message="；".join(problems))
    return CheckResult(id="required_fields", status="pass", value=[], limit=params.fields,
                       message="必填项均已填写，已签字并注明日期")


CHECK = Check(id="required_fields", params=RequiredFieldsParams, run=run,
              applies_to=("application",), title="必填项、签字与日期")
