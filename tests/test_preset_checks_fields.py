"""Issue 11, the new extracted data and the per-document checks at their edges: 经费预算 (budget, budget_yuan),
品牌标语 (slogan), 品牌标识 (logo, logo_target), a report's published news items (news), the 自查报告 kind
(self_check), and the checks budget, slogan, logo, eligibility_age and news_count — off with the shipped defaults,
on in the presets. Forms and reports are built here with python-docx."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re

import pytest
from docx import Document
from docx.shared import Cm
from sample_bytes import logo_png

from checks import eligibility_age
from checks.check import Campaign, CampaignDocument, Organisation
from checks.registry import BY_ID, run_checks, validate_config
from extractors.interpret.money import amount_yuan
from extractors.registry import extract
from pipeline.model.config import load_config
from pipeline.model.records import ApplicationFields, DocumentRecord, ReportFacts, Submission
from pipeline.model.vocabulary import zh_limit, zh_value
from pipeline.sniff import sniff

PYTHON_LITERAL = re.compile(r"\[|\]|None|True|False|\{|\}")


# ------------------------------------------------------------------------------------------------ helpers

def _submission(data: bytes, name: str = "form.docx") -> Submission:
    return Submission(file=name, data=data, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                      detected=sniff(data), extension=name.rsplit(".", 1)[-1])


def _save(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _form(rows: list[tuple[str, object]], title: str = "基层党建特色品牌创建申报表") -> bytes:
    """A two-column form: label | value; a value 'LOGO' is a picture, 'LOGO+text' a picture and a line, a list of
    pairs a nested table of items."""
    doc = Document()
    doc.add_paragraph(title)
    table = doc.add_table(rows=len(rows), cols=2)
    for r, (label, value) in enumerate(rows):
        table.cell(r, 0).text = label
        cell = table.cell(r, 1)
        if value == "LOGO" or value == "LOGO+text":
            cell.paragraphs[0].add_run().add_picture(io.BytesIO(logo_png(96)), width=Cm(2.5))
            if value == "LOGO+text":
                cell.add_paragraph("设计说明：以火炬为主要元素。")
        elif isinstance(value, list):
            cell.text = "（单位：元）"
            inner = cell.add_table(rows=len(value), cols=2)
            for i, (item, amount) in enumerate(value):
                inner.cell(i, 0).text = item
                inner.cell(i, 1).text = amount
        else:
            cell.text = str(value)
    return _save(doc)


BASE = [("党组织名称", "化学工程学院教工第一党支部"), ("品牌名称", "红烛先锋"), ("负责人", "张明"),
        ("品牌简介", "支部以红烛精神凝聚党员。"), ("推进措施", "一是学习，二是服务。"), ("预期成效", "形成育人品牌。")]


def _fields(rows: list[tuple[str, object]], config=None) -> ApplicationFields:
    extraction = extract(_submission(_form(rows)), config or load_config())
    assert extraction.doc_type == "application"
    assert extraction.fields is not None
    return extraction.fields


def _app(branch: str = "化学工程学院教工第一党支部", **fields: object) -> DocumentRecord:
    return DocumentRecord(file="a.docx", sha256="x", doc_type="application",
                          fields=ApplicationFields(branch_name=branch, **fields))  # type: ignore[arg-type]


def _params(**checks: dict):
    return validate_config(load_config(overrides={"checks": checks}))


def _result(record: DocumentRecord, check_id: str, **settings: object):
    found = [c for c in run_checks(record, _params(**{check_id: settings})) if c.id == check_id]
    return found[0] if found else None


# ------------------------------------------------------------------------------------------------ extraction

def test_budget_slogan_logo_from_a_form_table():
    f = _fields([*BASE, ("品牌标语", "红烛引航，育人铸魂"), ("品牌标识", "LOGO+text"), ("经费预算", "2.5万元")])
    assert f.slogan == "红烛引航，育人铸魂"
    assert f.logo is True and f.logo_target and f.logo_target.startswith("word/media/")
    assert f.budget == "2.5万元" and f.budget_yuan == 25000
    # the rows that used to be read by nobody still end the field before them
    assert f.measures == "一是学习，二是服务。"


def test_logo_row_without_a_picture_and_a_form_without_the_row():
    assert _fields([*BASE, ("品牌标识", "（标识设计中，后补）")]).logo is False
    empty = _fields(BASE)
    assert empty.logo is None and empty.logo_target is None and empty.slogan is None and empty.budget is None


def test_budget_table_of_items_takes_its_total_or_the_sum():
    items = [("支出项目", "金额"), ("资料费", "3000"), ("活动费", "5000"), ("合计", "8000")]
    assert _fields([*BASE, ("经费预算", items)]).budget_yuan == 8000
    assert _fields([*BASE, ("经费预算", items[:-1])]).budget_yuan == 8000
    assert _fields([*BASE, ("经费预算", "经费另行申请")]).budget_yuan is None


@pytest.mark.parametrize(("text", "yuan"), [
    ("2.5万元", 25000), ("每年1万元，主要用于学习资料购置", 10000), ("25,000元", 25000), ("￥3000", 3000),
    ("5千元", 5000), ("共计1.2万元，其中图书资料费5000元、活动组织费7000元。", 12000),
    ("8000元（资料费3000元，活动费5000元）", 8000), ("每年3万元（其中阵地建设1.5万元、活动经费1.5万元）", 30000),
    ("资料印制费3000元，交通费4000元，活动物资费3000元，合计10000元。", 10000),
    ("资料费2000元，活动费3000元", 5000), ("（单位：万元）\n1.5", 15000), ("20000", 20000),
    ("2024年度预算1万元", 10000), ("1.资料费 2000元\n2.活动费 3000元", 5000),
    ("无", None), ("", None), ("经费另行申请", None), ("2024年", None),
])
def test_amounts_in_yuan(text, yuan):
    assert amount_yuan(text) == yuan


def test_budget_label_in_wan_makes_bare_numbers_wan():
    assert _fields([*BASE, ("经费预算（万元）", "1.5")]).budget_yuan == 15000


def test_labels_in_paragraphs_logo_right_under_its_label():
    doc = Document()
    doc.add_paragraph("党建品牌申报表")
    for line in ("党组织名称：机械学院教工党支部", "品牌名称：匠心领航", "品牌标语：匠心筑梦，党建领航", "品牌标识："):
        doc.add_paragraph(line)
    doc.add_paragraph().add_run().add_picture(io.BytesIO(logo_png(96)), width=Cm(2.5))
    for line in ("品牌简介：以工匠精神育人。", "推进措施：开展主题党日。", "预期成效：形成品牌。", "经费预算：1万元"):
        doc.add_paragraph(line)
    f = extract(_submission(_save(doc)), load_config()).fields
    assert f is not None
    assert f.slogan == "匠心筑梦，党建领航" and f.logo is True and f.budget_yuan == 10000
    assert f.summary == "以工匠精神育人。"


def _report(title: str, body: list[str]) -> bytes:
    doc = Document()
    doc.add_paragraph(title)
    for line in body:
        doc.add_paragraph(line)
    return _save(doc)


REPORT_BODY = ["一、品牌名称", "红烛先锋", "二、创建背景", "支部面临的问题。" * 20, "三、品牌内涵", "红烛精神。" * 20,
               "四、主要举措", "开展活动。" * 20, "五、取得成效", "成效显著。" * 20]


def test_news_items_listed_under_their_heading():
    news = ["1.《支部开展“红烛先锋”主题党日活动》，学院官网，2023年5月12日",
            "2.《“红烛先锋”品牌助力育人》，学校新闻网，2023年6月13日"]
    body = [*REPORT_BODY, "宣传报道情况", "品牌创建以来，支部活动刊发情况如下：", *news,
            "下一步，支部将继续深化品牌建设。", "3.开展志愿服务，2023年7月1日"]
    extraction = extract(_submission(_report("信息学院第一党支部“红烛先锋”品牌创建成果报告", body), "r.docx"),
                         load_config())
    assert extraction.doc_type == "outcome_report" and extraction.report is not None
    assert extraction.report.news == news  # the intro and the prose after the list are no items


def test_news_items_anywhere_by_a_link_or_a_title_beside_a_medium():
    body = [*REPORT_BODY, "支部活动被《中国教育报》报道。", "支部组织学习《党章》，深入领会精神。",
            "详见 https://news.example.edu.cn/info/1001.htm"]
    report = extract(_submission(_report("信息学院第一党支部品牌创建成果报告", body), "r.docx"),
                     load_config()).report
    assert report is not None
    assert report.news == ["支部活动被《中国教育报》报道。", "详见 https://news.example.edu.cn/info/1001.htm"]


def test_a_self_check_report_is_a_kind_of_its_own():
    body = ["根据要求，支部对照标准逐项开展自查，现将自查情况报告如下。", "一、基本情况", "支部成立于2015年。" * 20,
            "二、对照任务指南自查情况", "（一）政治建设有力", "支部坚持三会一课。" * 20, "三、存在的不足", "不足。" * 10,
            "四、整改措施", "整改。" * 10, "电气工程学院教工党支部", "2020年5月20日"]
    for title in ("电气工程学院教工党支部对标争先自查报告", "电气工程学院教工党支部自查情况报告"):
        extraction = extract(_submission(_report(title, body), "s.docx"), load_config())
        assert extraction.doc_type == "self_check", extraction.notes
        assert extraction.report is not None and extraction.report.branch_name == "电气工程学院教工党支部"
        record = DocumentRecord(file="s.docx", sha256="s", doc_type="self_check", report=extraction.report)
        # never judged by the outcome-report checks (nor by any check, with the shipped defaults)
        assert run_checks(record, validate_config(load_config())) == []
    report = extract(_submission(_report("信息学院第一党支部品牌创建成果报告", REPORT_BODY), "r.docx"), load_config())
    assert report.doc_type == "outcome_report"


# ------------------------------------------------------------------------------------------------ checks off

def test_every_new_check_is_off_with_the_shipped_defaults():
    params = validate_config(load_config())
    form = _app(budget="50万元", budget_yuan=500000, slogan="一" * 40, logo=False, established="2024-01",
                date="2024-03-01")
    report = DocumentRecord(file="r.docx", sha256="r", doc_type="outcome_report", report=ReportFacts())
    ids = {c.id for c in run_checks(form, params) + run_checks(report, params)}
    assert not ids & {"budget", "slogan", "logo", "eligibility_age", "news_count"}


# ------------------------------------------------------------------------------------------------ budget

def test_budget_required_present_and_numeric():
    assert _result(_app(budget="1万元", budget_yuan=10000), "budget", required=True).status == "pass"
    assert _result(_app(), "budget", required=True).status == "fail"
    bad = _result(_app(budget="经费另行申请"), "budget", required=True)
    assert bad.status == "fail" and "金额" in bad.message


def test_budget_over_the_yearly_amount_warns_by_applicant():
    limits = {"max_yuan_college": 25000, "max_yuan_branch": 10000}
    branch = "机关党委财务处党支部"  # a 支部, though its name has 党委
    assert _result(_app(branch, budget="1万元", budget_yuan=10000), "budget", **limits).status == "pass"
    over = _result(_app(branch, budget="10001元", budget_yuan=10001), "budget", **limits)
    assert over.status == "warn" and over.limit == 10000 and "党支部" in over.message
    college = "机械工程学院党总支"
    assert _result(_app(college, budget="2.5万元", budget_yuan=25000), "budget", **limits).status == "pass"
    assert _result(_app(college, budget="3万元", budget_yuan=30000), "budget", **limits).status == "warn"
    # not required: a missing budget is only a skip
    assert _result(_app(college), "budget", **limits).status == "skip"


# ------------------------------------------------------------------------------------------------ slogan, logo

def test_slogan_length_edges():
    on = {"required": True, "max_chars": 20}
    assert _result(_app(slogan="一" * 20), "slogan", **on).status == "pass"
    long = _result(_app(slogan="一" * 21), "slogan", **on)
    assert long.status == "fail" and long.value == 21 and long.limit == 20
    assert _result(_app(slogan="红烛引航，育人铸魂"), "slogan", **on).value == 9  # Word counts the full-width ，
    assert _result(_app(), "slogan", **on).status == "fail"
    assert _result(_app(slogan="一" * 21), "slogan", required=False, max_chars=20) is None


def test_logo_required():
    assert _result(_app(logo=True, logo_target="word/media/image1.png"), "logo", required=True).status == "pass"
    assert _result(_app(logo=False), "logo", required=True).status == "fail"
    missing = _result(_app(), "logo", required=True)
    assert missing.status == "fail" and "没有" in missing.message


# ------------------------------------------------------------------------------------------------ eligibility

ON = {"enabled": True, "min_years_college": 3, "min_years_branch": 3, "min_years_student_branch": 2}


def test_eligibility_full_years_at_the_form_date():
    assert _result(_app(established="2017-05-20", date="2020-05-20"), "eligibility_age", **ON).status == "pass"
    short = _result(_app(established="2017-05-21", date="2020-05-20"), "eligibility_age", **ON)
    assert short.status == "fail" and short.value == 2 and short.limit == 3
    # to the month: from the month's first day
    assert _result(_app(established="2017-05", date="2020-05-01"), "eligibility_age", **ON).status == "pass"
    assert _result(_app(established="2017-06", date="2020-05-31"), "eligibility_age", **ON).status == "fail"


def test_eligibility_student_branch_and_college():
    student = "电气工程学院学生第一党支部"
    assert _result(_app(student, established="2018-05-20", date="2020-05-20"), "eligibility_age",
                   **ON).status == "pass"
    assert _result(_app(student, established="2018-05-21", date="2020-05-20"), "eligibility_age",
                   **ON).status == "fail"
    college = _result(_app("机械工程学院党总支", established="2018-01", date="2020-05-20"), "eligibility_age", **ON)
    assert college.status == "fail" and "学院" in college.message


def test_eligibility_received_date_missing_established():
    rec = _app(established="2017-05-20").model_copy(
        update={"received_at": dt.datetime(2020, 5, 20, 9, tzinfo=dt.UTC)})
    assert _result(rec, "eligibility_age", **ON).status == "pass"
    assert _result(_app(date="2020-05-20"), "eligibility_age", **ON).status == "warn"
    assert _result(_app(established="2017-05"), "eligibility_age", **ON).status == "skip"


def test_eligibility_roster_kind_decides_a_student_branch():
    """The campaign run knows the roster's 类型: a branch whose name does not say 学生 but the roster does."""
    params = _params(eligibility_age=ON)["eligibility_age"]
    rec = _app("电气工程学院第三党支部", established="2018-05-20", date="2020-05-20")
    assert _result(rec, "eligibility_age", **ON).status == "fail"  # by its name: a branch, 3 years
    config = load_config()
    campaign = Campaign(id="c", config=config, documents=(CampaignDocument(id=1, record=rec, original=1),),
                        orgs={1: Organisation(key="k", name="电气工程学院第三党支部", kind="学生", listed=True)})
    outcome = eligibility_age.CAMPAIGN_CHECK.run(campaign, params)
    assert outcome.results[1].status == "pass" and outcome.results[1].limit == 2
    off = _params()["eligibility_age"]
    assert eligibility_age.CAMPAIGN_CHECK.run(campaign, off).results == {}


# ------------------------------------------------------------------------------------------------ news_count

def test_news_count_edges():
    def report(n: int) -> DocumentRecord:
        return DocumentRecord(file="r.docx", sha256="r", doc_type="outcome_report",
                              report=ReportFacts(news=[f"{i}.《新闻{i}》，学院官网" for i in range(n)]))
    assert _result(report(2), "news_count", min_items=2).status == "pass"
    one = _result(report(1), "news_count", min_items=2)
    assert one.status == "fail" and one.value == 1 and one.limit == 2
    assert _result(report(0), "news_count", min_items=0) is None


def test_news_files_beside_a_report():
    from checks.news_count import is_news_file, judge

    assert is_news_file("支部推送稿件.docx") and is_news_file("mail.eml/link.url") and not is_news_file("成果报告.docx")
    params = _params(news_count={"min_items": 2})["news_count"]
    rec = DocumentRecord(file="r.docx", sha256="r", doc_type="outcome_report", report=ReportFacts(news=["一篇"]))
    result = judge(rec, params, ["新闻稿件.docx"])
    assert result is not None and result.status == "pass" and result.value == 2


# ------------------------------------------------------------------------------------------------ the presets

@pytest.mark.parametrize(("preset", "on"), [
    ("branch-feature", {"news_count": {"min_items": 2}}),
    ("brand-and-project", {"budget": {"required": True}}),
    ("benchmark-branch", {"eligibility_age": {"enabled": True, "min_years_college": 3, "min_years_branch": 3,
                                              "min_years_student_branch": 2},
                          "budget": {"max_yuan_college": 25000, "max_yuan_branch": 10000}}),
    ("brand-cultivation", {"slogan": {"required": True, "max_chars": 20}, "logo": {"required": True}}),
])
def test_presets_switch_them_on(preset, on):
    params = validate_config(load_config(overrides={"campaign": {"preset": preset}}))
    for check_id, settings in on.items():
        for key, value in settings.items():
            assert getattr(params[check_id], key) == value, (preset, check_id, key)


def test_limits_and_values_read_as_a_person_writes_them():
    results = [
        _result(_app(budget="3万元", budget_yuan=30000, branch="机械工程学院党总支"), "budget",
                max_yuan_college=25000),
        _result(_app(budget="1万元", budget_yuan=10000), "budget", required=True),
        _result(_app(slogan="一" * 21), "slogan", required=True, max_chars=20),
        _result(_app(logo=True), "logo", required=True),
        _result(_app(established="2017-05", date="2020-05-20"), "eligibility_age", **ON),
        _result(DocumentRecord(file="r", sha256="r", doc_type="outcome_report", report=ReportFacts(news=["x"])),
                "news_count", min_items=2),
    ]
    for c in results:
        assert c is not None and c.id in BY_ID and re.search(r"[\u4e00-\u9fff]", c.message)
        for text in (zh_limit(c.id, c.limit), zh_value(c.id, c.value)):
            assert text and not PYTHON_LITERAL.search(text), (c.id, c.value, c.limit, text)
    assert zh_limit("budget", 25000.0) == "≤ 25,000 元"
    assert zh_limit("eligibility_age", 3) == "≥ 3 年"
