"""The one table of Chinese names (pipeline.model.vocabulary): complete for every check, field, status,
verdict, kind, part, reason code, format and setting there is at run time, and limits and values written as a
person writes them — tested over the results every check gave on a real pass over the sample inbox."""

from __future__ import annotations

import re
from typing import Any, get_args

import pytest
from pydantic import BaseModel

from checks.registry import CAMPAIGN_CHECKS, CHECKS, validate_config
from pipeline import branches
from pipeline.model import records, vocabulary
from pipeline.model.config import Config, SectionVocabulary
from pipeline.model.errors import ReasonCode
from pipeline.model.vocabulary import (
    names,
    setting_name,
    zh_check,
    zh_doc_type,
    zh_field,
    zh_limit,
    zh_mark,
    zh_reason,
    zh_section,
    zh_status,
    zh_value,
    zh_verdict,
)
from pipeline.run import run_pass
from pipeline.store import Store
from pipeline.workspace import Workspace

CJK = re.compile(r"[\u4e00-\u9fff]")
PYTHON_LITERAL = re.compile(r"[\[\]()'\"]|\bTrue\b|\bFalse\b|\bNone\b|\{|\}")


def _literal(tp: Any) -> list[str]:
    return [str(v) for v in get_args(tp)]


def test_every_check_has_a_name_and_it_agrees_with_its_title():
    for check in (*CHECKS, *CAMPAIGN_CHECKS):
        assert check.id in names("checks"), check.id
        assert zh_check(check.id) == check.title, check.id


@pytest.mark.parametrize("model", [records.ApplicationFields, records.ReportFacts, records.DocumentRecord,
                                   records.Origin, records.Photo, records.SectionHit, records.OcrInfo,
                                   records.CheckResult, records.SimilarName])
def test_every_field_shown_to_reviewers_has_a_chinese_name(model: type[BaseModel]):
    for name in model.model_fields:
        assert name in names("fields"), f"{model.__name__}.{name}"
        assert CJK.search(zh_field(name)), name
    for prop in ("photo_count", "captioned_photos", "verdict"):
        assert CJK.search(zh_field(prop)), prop


@pytest.mark.parametrize(("kind", "literal", "fn"), [
    ("statuses", records.CheckStatus, zh_status), ("statuses", records.Status, zh_status),
    ("marks", records.CheckStatus, zh_mark), ("verdicts", records.Verdict, zh_verdict),
    ("doc_types", records.DocType, zh_doc_type), ("sections", records.SectionKey, zh_section),
    ("reasons", ReasonCode, zh_reason), ("formats", records.DetectedFormat, vocabulary.zh_format),
    ("branch_statuses", branches.Status, vocabulary.zh_branch_status),
])
def test_every_literal_value_has_a_chinese_name(kind, literal, fn):
    values = _literal(literal)  # read at run time: a code added to the Literal needs a name here
    assert values
    missing = [v for v in values if v not in names(kind)]
    assert not missing, f"{kind}: no Chinese name for {missing} (pipeline/model/vocabulary.toml)"
    for v in values:
        assert CJK.search(fn(v)) and fn(v) != v, (kind, v)


def test_marks_carry_their_sign():
    assert [zh_mark(s) for s in ("pass", "fail", "warn", "skip")] == ["✓ 通过", "✗ 不通过", "! 提醒", "– 未检查"]


def _settings(model: type[BaseModel], prefix: str = "") -> list[str]:
    keys = []
    for name, info in model.model_fields.items():
        dotted = f"{prefix}{name}"
        keys.append(dotted)
        if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel):
            keys += _settings(info.annotation, dotted + ".")
    return keys


def test_every_setting_has_a_chinese_name(config):
    keys = _settings(Config)
    keys += [f"report.sections.{k}" for k in records.SECTION_KEYS]
    keys += [f"report.sections.{k}.{f}" for k in records.SECTION_KEYS for f in SectionVocabulary.model_fields]
    for check_id, params in validate_config(config).items():
        keys.append(f"checks.{check_id}")
        keys += [f"checks.{check_id}.{p}" for p in type(params).model_fields]
    missing = [k for k in keys if setting_name(k) is None]
    assert not missing, f"no Chinese name for setting(s) {missing} (pipeline/model/vocabulary.toml [settings])"
    for key in keys:
        assert CJK.search(setting_name(key) or ""), key
    assert setting_name("intake.no_such_key") is None and setting_name("checks.nope.max") is None


def test_records_names_are_derived_from_the_table():
    assert records.FIELD_NAMES_ZH == {f: zh_field(f) for f in records.ApplicationFields.model_fields}
    assert list(records.FIELD_NAMES_ZH) == list(records.ApplicationFields.model_fields)
    assert records.SECTION_NAMES_ZH == {k: zh_section(k) for k in records.SECTION_KEYS}
    assert set(records.STATUS_ZH) == set(_literal(records.CheckStatus))
    assert set(records.VERDICT_ZH) == set(_literal(records.Verdict))
    assert set(records.DOC_TYPE_ZH) == set(_literal(records.DocType))


@pytest.fixture(scope="module")
def results(samples_dir, tmp_path_factory) -> list[records.CheckResult]:
    """Every check result of a real pass over the sample inbox (every version, every document)."""
    home = tmp_path_factory.mktemp("vocab_home")
    ws = Workspace.open(home, inbox=samples_dir)
    run_pass(ws)
    store = Store(ws.db_url)
    try:
        recs = store.records(None, current_only=False)
    finally:
        store.close()
    return [c for r in recs for c in r.checks]


# Off by default (no result at all): the presets switch them on; tests/test_preset_checks_fields.py reads their
# limits and values the same way
OFF_BY_DEFAULT = {"budget", "slogan", "logo", "eligibility_age", "news_count"}


def test_every_check_ran_on_the_samples(results):
    assert {c.id for c in results} == {c.id for c in CHECKS} - OFF_BY_DEFAULT


def test_limits_and_values_of_real_results_are_never_python_literals(results):
    assert len(results) > 50
    for c in results:
        for text in (zh_limit(c.id, c.limit), zh_value(c.id, c.value)):
            assert text and not PYTHON_LITERAL.search(text), (c.id, c.value, c.limit, text)


def test_limits_and_values_read_as_a_person_writes_them(results, config):
    limits = config.checks
    by_id: dict[str, list[records.CheckResult]] = {}
    for c in results:
        by_id.setdefault(c.id, []).append(c)
    photo = limits["photo_count"]
    for c in by_id["photo_count"]:
        if c.limit is not None:
            assert zh_limit(c.id, c.limit) == f"{photo['min_photos']}–{photo['max_photos']} 张"
            assert zh_value(c.id, c.value) == f"{c.value} 张"
    for c in by_id["report_length"]:
        assert zh_limit(c.id, c.limit) == f"≤ {limits['report_length']['max_chars']:,} 字"
        assert zh_value(c.id, c.value) == f"{c.value:,} 字"
        assert c.value < 1000 or "," in zh_value(c.id, c.value)
    for c in by_id["brand_name_length"]:
        assert zh_limit(c.id, c.limit) == f"≤ {limits['brand_name_length']['max_chars']} 字"
    for c in by_id["report_structure"]:
        assert zh_limit(c.id, c.limit) == "、".join(zh_section(k) for k in limits["report_structure"]["required"])
        assert zh_value(c.id, c.value) == ("、".join(zh_section(k) for k in c.value) or "无")
    for c in by_id["required_fields"]:
        assert zh_value(c.id, c.value) == ("、".join(zh_field(k) for k in c.value) or "无")
        assert all(CJK.search(part) for part in zh_limit(c.id, c.limit).split("、"))
    sim = limits["similar_brand_name"]
    for c in by_id["similar_brand_name"]:
        assert zh_limit(c.id, c.limit) == f"≥ {sim['similar']:g} 分相近，≥ {sim['near_identical']:g} 分雷同"
    for c in by_id["ocr_confidence"]:
        assert zh_limit(c.id, c.limit) == f"≥ {limits['ocr_confidence']['min_confidence']:.2f}"
        assert re.fullmatch(r"[01]\.\d\d", zh_value(c.id, c.value))


@pytest.mark.parametrize("value", [None, True, False, [], [1.5, 2.25], {"a": [1, None]}, ["x", ["y"]], 0.8,
                                   12345, "", ("a", "b")])
def test_any_value_of_any_check_is_written_without_python_syntax(value):
    for check_id in [*names("checks"), "no_such_check"]:
        for text in (zh_limit(check_id, value), zh_value(check_id, value)):
            assert not PYTHON_LITERAL.search(text), (check_id, value, text)
