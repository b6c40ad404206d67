"""logo: an application's 品牌标识 holds an image when `required` (seed 000: the logo must be there; the pages
show it). Fails when the 品牌标识 row is empty or the form has none. Off by default: no result at all."""

from __future__ import annotations

from checks.check import Check, Params
from pipeline.model.records import CheckResult, DocumentRecord


class LogoParams(Params):
    required: bool  # the 品牌标识 row must hold an image (false: the check is off)


def run(record: DocumentRecord, params: LogoParams) -> CheckResult | None:
    if not params.required:
        return None
    f = record.fields
    logo = f.logo if f else None
    if logo is None:
        return CheckResult(id="logo", status="fail", value=False, message="表中没有“品牌标识”一栏，未提交品牌标识")
    if not logo:
        return CheckResult(id="logo", status="fail", value=False, message="“品牌标识”一栏中没有图片，请插入品牌标识")
    assert f is not None
    return CheckResult(id="logo", status="pass", value=True, message="已附品牌标识图片", where=f.logo_target)


CHECK = Check(id="logo", params=LogoParams, run=run, applies_to=("application",), title="品牌标识图片")
