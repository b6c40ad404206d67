"""Each check at its edges (20/21 字, 3000/3001 字, 2/3/5/6 photos, missing and out-of-order parts, unsigned
and undated forms, similar names of the same and another branch), plus config validation."""

from __future__ import annotations

import pytest

from checks.registry import BY_ID, run_checks, validate_config
from pipeline.model.config import ConfigError, load_config
from pipeline.model.records import ApplicationFields, DocumentRecord, Photo, ReportFacts, SimilarName


def _app(**fields) -> DocumentRecord:
    base = dict(branch_name="信息学院第一党支部", brand_name="红烛先锋", leader="张明", summary="简介",
                measures="措施", expected_outcomes="成效", signed=True, date="2023-04-12")
    base.update(fields)
    return DocumentRecord(file="a.docx", sha256="x", doc_type="application", fields=ApplicationFields(**base))


def _report(**facts) -> DocumentRecord:
    base = dict(brand_name="红烛先锋", branch_name="信息学院第一党支部", word_count=2000,
                sections=["brand_name", "background", "connotation", "measures", "outcomes"],
                photos=[Photo(caption=f"图{i} 活动", where="x") for i in range(4)])
    base.update(facts)
    return DocumentRecord(file="r.docx", sha256="y", doc_type="outcome_report", report=ReportFacts(**base))


def _run(check_id, record, params):
    return BY_ID[check_id].run(record, params[check_id])


@pytest.mark.parametrize(("name", "status"), [("一" * 20, "pass"), ("一" * 21, "fail"),
                                              ("红色引擎·先锋领航" + "一" * 11, "pass"),
                                              ("红色引擎·先锋领航" + "一" * 12, "fail"),
                                              ("AI+党建" + "一" * 18, "fail"), ("AI+党建" + "一" * 17, "pass")])
def test_brand_name_length_edges(name, status, params):
    result = _run("brand_name_length", _app(brand_name=name), params)
    assert result.status == status
    if status == "fail":
        assert name in result.message and "20" in result.message


def test_brand_name_missing_is_skipped(params):
    assert _run("brand_name_length", _app(brand_name=None), params).status == "skip"


@pytest.mark.parametrize(("count", "status"), [(3000, "pass"), (3001, "fail"), (0, "pass")])
def test_report_length_edges(count, status, params):
    result = _run("report_length", _report(word_count=count), params)
    assert (result.status, result.value, result.limit) == (status, count, 3000)


def test_report_length_shows_words_own_count(params):
    result = _run("report_length", _report(word_count=3100, word_count_office=3098), params)
    assert "3098" in result.message and "100" in result.message


@pytest.mark.parametrize(("n", "status"), [(2, "fail"), (3, "pass"), (5, "pass"), (6, "fail")])
def test_photo_count_edges(n, status, params):
    photos = [Photo(caption=f"图{i}", where="x") for i in range(n)]
    assert _run("photo_count", _report(photos=photos), params).status == status


def test_uncaptioned_photo_warns_with_its_place(params):
    photos = [Photo(caption="图1 a", where="第 3 段"), Photo(where="第 9 段"), Photo(caption="图3", where="x")]
    result = _run("photo_count", _report(photos=photos), params)
    assert result.status == "warn" and result.where == "第 9 段"


def test_structure_names_missing_and_out_of_order(params):
    missing = _run("report_structure", _report(sections=["brand_name", "background", "measures", "outcomes"]), params)
    assert missing.status == "fail" and "品牌内涵" in missing.message
    swapped = _run("report_structure",
                   _report(sections=["brand_name", "background", "measures", "connotation", "outcomes"]), params)
    assert swapped.status == "fail" and "顺序" in swapped.message
    assert _run("report_structure", _report(), params).status == "pass"


def test_required_fields(params):
    assert _run("required_fields", _app(), params).status == "pass"
    unsigned = _run("required_fields", _app(signed=False, date=None), params)
    assert unsigned.status == "fail" and "签字" in unsigned.message and "日期" in unsigned.message
    empty = _run("required_fields", _app(leader=None, summary="  "), params)
    assert empty.status == "fail" and "负责人" in empty.message and "品牌简介" in empty.message
    no_line = _run("required_fields", _app(signed=None), params)
    assert no_line.status == "warn"


def test_similar_name_other_branch_vs_same_branch(params):
    near = SimilarName(brand_name="红色忆站", file="b.docx", score=97, same_branch=False, branch_name="数学学院党支部")
    close = SimilarName(brand_name="红色驿站群", file="c.docx", score=88, same_branch=False, branch_name="化学学院党支部")
    own = SimilarName(brand_name="红色驿站", file="r.docx", score=100, same_branch=True)
    rec = _app(brand_name="红色驿站")
    rec.similar = [own]
    assert _run("similar_brand_name", rec, params).status == "pass"
    rec.similar = [own, close]
    assert _run("similar_brand_name", rec, params).status == "warn"
    rec.similar = [close, near]
    result = _run("similar_brand_name", rec, params)
    assert result.status == "fail" and "红色忆站" in result.message and result.where == "b.docx"
    # without the other document's branch it may be this unit's own: a person confirms, it never fails
    rec.similar = [close, near.model_copy(update={"branch_name": None})]
    unsure = _run("similar_brand_name", rec, params)
    assert unsure.status == "warn" and "请确认" in unsure.message
    rec.similar, rec.fields.branch_name = [near], None
    assert _run("similar_brand_name", rec, params).status == "warn"


def test_checks_apply_by_kind_and_rejected_get_none(params):
    assert {c.id for c in run_checks(_app(), params)} == {"brand_name_length", "required_fields",
                                                          "similar_brand_name"}
    assert {c.id for c in run_checks(_report(), params)} == {"brand_name_length", "report_length",
                                                             "report_structure", "photo_count",
                                                             "similar_brand_name"}
    assert run_checks(DocumentRecord(file="x", sha256="", status="rejected"), params) == []


def test_crashing_check_is_skip_not_lost(params):
    rec = _report()
    rec.report = None  # a record that breaks report checks
    results = run_checks(rec, params)
    assert {r.status for r in results if r.id != "brand_name_length"} <= {"skip", "pass"}
    assert any(r.status == "skip" and "出错" in r.message for r in results)


def test_limits_come_from_config():
    config = load_config(overrides={"checks": {"brand_name_length": {"max_chars": 10}}})
    params = validate_config(config)
    assert BY_ID["brand_name_length"].run(_app(brand_name="一" * 11), params["brand_name_length"]).status == "fail"


@pytest.mark.parametrize("bad", [
    {"checks": {"brand_name_length": {"max_char": 10}}},
    {"checks": {"no_such_check": {}}},
    {"checks": {"photo_count": {"min_photos": "three", "max_photos": 5, "caption_required": True}}},
])
def test_unknown_or_bad_check_settings_fail_by_name(bad):
    with pytest.raises(ConfigError) as info:
        validate_config(load_config(overrides=bad))
    assert list(bad["checks"])[0] in str(info.value)


def test_unknown_top_level_key_is_rejected(tmp_path):
    path = tmp_path / "campaign.toml"
    path.write_text('[campaign]\nid = "2024"\nname = "x"\nyear = 2024\nyaer = 1\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert "yaer" in str(info.value)


def test_ocr_confidence_only_on_ocr_documents_and_names_low_fields(params):
    from pipeline.model.records import OcrInfo

    plain = _app()
    assert "ocr_confidence" not in {c.id for c in run_checks(plain, params)}
    scanned = _app()
    scanned.ocr = OcrInfo(confidence=0.93, field_confidence={"brand_name": 0.97, "leader": 0.62})
    result = next(c for c in run_checks(scanned, params) if c.id == "ocr_confidence")
    assert result.status == "warn" and "负责人" in result.message and "品牌名称" not in result.message
    scanned.ocr = OcrInfo(confidence=0.95, field_confidence={"brand_name": 0.97})
    assert _run("ocr_confidence", scanned, params).status == "pass"
    scanned.ocr = OcrInfo(confidence=0.7)
    assert _run("ocr_confidence", scanned, params).status == "warn"


def _campaign(tmp_path, body: str):
    path = tmp_path / "campaign.toml"
    path.write_text('[campaign]\nid = "2024"\nname = "x"\nyear = 2024\n' + body, encoding="utf-8")
    return load_config(path)


def test_required_fields_must_name_form_fields(tmp_path):
    config = _campaign(tmp_path, '[checks.required_fields]\nfields = ["brand_name", "leadr", "phone_no"]\n'
                                 'signed = true\ndated = true\n')
    with pytest.raises(ConfigError) as info:
        validate_config(config)
    message = str(info.value)
    assert "checks.required_fields" in message and "'leadr'" in message and "'phone_no'" in message
    assert "'brand_name'" not in message.split("known:")[0]  # a known name is not reported as unknown
    signed = _campaign(tmp_path, '[checks.required_fields]\nfields = ["signed"]\nsigned = false\ndated = true\n')
    with pytest.raises(ConfigError, match="'signed' has its own setting"):
        validate_config(signed)


def test_required_fields_accepts_every_fillable_field_list_ones_too(tmp_path):
    config = _campaign(tmp_path, '[checks.required_fields]\nfields = ["brand_name", "members", "established"]\n'
                                 'signed = false\ndated = false\n')
    params = validate_config(config)
    assert params["required_fields"].fields == ["brand_name", "members", "established"]
    filled = _run("required_fields", _app(members=["张明", "李华"], established="2021-09"), params)
    assert filled.status == "pass", filled.message
    blank = _run("required_fields", _app(members=["", " "], established=None), params)
    assert blank.status == "fail" and "成员" in blank.message and "成立时间" in blank.message
    assert blank.value == ["members", "established"]


def test_report_structure_must_name_section_keys(tmp_path):
    config = _campaign(tmp_path, '[checks.report_structure]\nrequired = ["brand_name", "backgruond"]\n'
                                 'in_order = true\n')
    with pytest.raises(ConfigError) as info:
        validate_config(config)
    message = str(info.value)
    assert "checks.report_structure" in message and "'backgruond'" in message
    fewer = _campaign(tmp_path, '[checks.report_structure]\nrequired = ["brand_name", "outcomes"]\nin_order = true\n')
    params = validate_config(fewer)
    result = _run("report_structure", _report(sections=["brand_name", "background", "outcomes"]), params)
    assert result.status == "pass" and result.limit == ["brand_name", "outcomes"]
