"""The rules across submissions (issue 11), on real passes over Word forms and reports built like the samples:
one_project_per_host, one_brand_per_org, quota_per_parent_org, required_documents and brand_per_parent_org
(coverage). Each fires on exactly the documents it should, names the conflicting ones, and nowhere else; with
the shipped defaults none gives a result; a resubmission replaces the version before it in the counts."""

from __future__ import annotations

import io
import random
from datetime import datetime
from pathlib import Path

import lxml.html
import pytest
import sample_forms as F
import sample_reports as R
import sample_text as T
from docx_build import DocWriter
from openpyxl import load_workbook

from pipeline.model.records import CheckResult, DocumentRecord
from pipeline.run import run_pass
from pipeline.store import Store
from pipeline.workspace import Workspace

OWN = ("one_project_per_host", "one_brand_per_org", "quota_per_parent_org", "required_documents",
       "brand_per_parent_org")
CAMPAIGN = '[campaign]\nid = "c"\nname = "跨材料规则"\nyear = 2026\n[intake]\nsettle_seconds = 0\n'


def application(branch: str, brand: str, leader: str, parent: str | None = None, seed: int = 1) -> bytes:
    """A 申报表 as a table of label / value rows (党支部名称, 品牌名称, 负责人, 所属党组织 when given, the three
    content fields), signed and dated."""
    b = T.BRANDS["hongse"]
    rng = random.Random(seed)
    rows: list[tuple[str, object]] = [("党支部名称", branch), ("品牌名称", brand), ("负责人", leader)]
    if parent:
        rows.append(("所属党组织", parent))
    rows += [("品牌简介", F.summary_paras(b, rng)), ("创建措施", F.measures_paras(b, rng)),
             ("预期成效", F.expected_paras(b, rng))]
    w = DocWriter(east="仿宋_GB2312", size=14)
    w.title("党建品牌创建申报表", size=18)
    t = w.table(len(rows) + 1, 2, [3.5, 12.5])
    for r, (label, value) in enumerate(rows):
        F._label(w, t.cell(r, 0), label)
        F._value(w, t.cell(r, 1), value)
    w.put(t.cell(len(rows), 0).merge(t.cell(len(rows), 1)), ["支部意见：同意申报。", "支部书记签字：李华", "2026年3月1日"])
    return w.save(leader, datetime(2026, 3, 1, 9))


def report(key: str, seed: int) -> bytes:
    """An outcome report of the sample brand `key` (its branch and brand in the title), four captioned photos."""
    b = T.BRANDS[key]
    return R.build(R.ReportSpec(key, seed, f"{b.branch}“{T.brand_label(b)}”党建品牌创建成果报告", "2026年12月1日",
                                datetime(2026, 12, 1, 9), captions=list(T.CAPTIONS[:4])))[0]


def workspace(tmp_path: Path, settings: str = "", roster: str | None = None) -> Workspace:
    home = tmp_path / "home"
    home.mkdir()
    (home / "campaign.toml").write_text(CAMPAIGN + settings, encoding="utf-8")
    if roster is not None:
        (home / "roster.csv").write_text(roster, encoding="utf-8")
    return Workspace.open(home)


def drop(ws: Workspace, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (ws.inbox / name).write_bytes(data)
    run_pass(ws)


def current(ws: Workspace) -> dict[str, DocumentRecord]:
    """The campaign's current records by file name (a resubmission's later version under its name)."""
    store = Store(ws.db_url)
    try:
        return {r.file: r for r in store.records("c") if r.current}
    finally:
        store.close()


def result(rec: DocumentRecord, check_id: str) -> CheckResult | None:
    return next((c for c in rec.checks if c.id == check_id), None)


def fired(records: dict[str, DocumentRecord], check_id: str) -> dict[str, str]:
    """file → status of the documents `check_id` warned or failed on."""
    return {f: c.status for f, r in records.items() if (c := result(r, check_id)) and c.status in ("fail", "warn")}


# --- one_project_per_host -------------------------------------------------------------------------------------

HOSTS = {
    "a-红色驿站.docx": application("信息学院教工第二党支部", "红色驿站", "刘洋 老师", seed=1),
    "b-五彩党建.docx": application("机电工程学院学生党支部", "五彩党建", "刘洋", seed=2),
    "c-薪火相传.docx": application("信息学院第一学生党支部", "薪火相传", "张明", seed=3),
    "d-经世致用.docx": application("经济管理学院学生第三党支部", "经世致用", "韩雪教授、张明", seed=4),
}


def test_one_project_per_host_fails_on_each_project_of_one_host_naming_the_others(tmp_path):
    ws = workspace(tmp_path, "[checks.one_project_per_host]\nenabled = true\n")
    drop(ws, HOSTS)
    records = current(ws)
    assert fired(records, "one_project_per_host") == {f: "fail" for f in HOSTS}
    a = result(records["a-红色驿站.docx"], "one_project_per_host")
    assert a is not None and "刘洋" in a.message and "《b-五彩党建.docx》“五彩党建”" in a.message
    assert "c-薪火相传" not in a.message and "d-经世致用" not in a.message, "another host's projects are not named"
    c = result(records["c-薪火相传.docx"], "one_project_per_host")
    assert c is not None and "张明" in c.message and "《d-经世致用.docx》" in c.message, "co-hosts count each"
    assert a.value == 2 and a.limit == 1
    for rec in records.values():  # the other rules are off: no result
        assert not [c for c in rec.checks if c.id in OWN and c.id != "one_project_per_host"]

    # b's branch sends its form again with another host: the old version no longer counts
    drop(ws, {"b-五彩党建.docx": application("机电工程学院学生党支部", "五彩党建", "黄婷", seed=2)})
    records = current(ws)
    assert records["b-五彩党建.docx"].version == 2
    assert fired(records, "one_project_per_host") == {"c-薪火相传.docx": "fail", "d-经世致用.docx": "fail"}
    a = result(records["a-红色驿站.docx"], "one_project_per_host")
    assert a is not None and a.status == "pass", "the stale failure was replaced"

    # switched off again: the results go, none is left behind
    (ws.home / "campaign.toml").write_text(CAMPAIGN, encoding="utf-8")
    run_pass(ws)
    assert not [c for r in current(ws).values() for c in r.checks if c.id == "one_project_per_host"]


def test_the_same_project_twice_is_one_project(tmp_path):
    ws = workspace(tmp_path, "[checks.one_project_per_host]\nenabled = true\n")
    same = application("信息学院教工第二党支部", "红色驿站", "刘洋", seed=1)
    drop(ws, {"a.docx": same, "a-again.docx": same,  # the same bytes: a duplicate
              "a-other-name.docx": application("信息学院教工二支部", "“红色驿站”", "刘洋", seed=5)})
    records = {r.file: r for r in Store(ws.db_url).records("c")}
    assert records["a.docx"].duplicate_of == "a-again.docx"  # the inbox is read in name order
    assert fired(records, "one_project_per_host") == {}
    assert {f: result(r, "one_project_per_host").status for f, r in records.items()} == \
        {"a.docx": "pass", "a-again.docx": "pass", "a-other-name.docx": "pass"}


# --- one_brand_per_org, quota_per_parent_org, brand_per_parent_org: against a roster ------------------------------

ROSTER = ("党支部,类型,所属党组织\n"
          "信息学院教工第二党支部,教工,信息学院党委\n"
          "信息学院第一学生党支部,学生,信息学院党委\n"
          "机电工程学院学生党支部,学生,机电工程学院党总支\n"
          "机电工程学院教工党支部,教工,机电工程学院党总支\n"
          "化学工程学院教工第一党支部,教工,化学工程学院党总支\n")

ORGS = {
    # one organisation, its name written two ways (two series, both current), two brands
    "hongse-1.docx": application("信息学院教工第二党支部", "红色驿站", "刘洋", seed=1),
    "hongse-2.docx": application("信息学院教工二支部", "红色引擎", "刘洋", seed=6),
    "xinhuo.docx": application("信息学院第一学生党支部", "薪火相传", "张明", seed=3),
    # two branches of one 党总支 (quota 1), one of them naming its parent on the form
    "wucai.docx": application("机电工程学院学生党支部", "五彩党建", "黄婷", "中共机电工程学院党总支", seed=2),
    "jidian.docx": application("机电工程学院教工党支部", "匠心机电", "杜鹏", seed=7),
}
ORG_SETTINGS = ('[checks.one_brand_per_org]\nenabled = true\n'
                '[checks.quota_per_parent_org]\nquotas = {"党总支" = 1, "信息学院党委" = 3}\n'
                '[checks.brand_per_parent_org]\nmin_per_parent_org = 1\n')


@pytest.fixture(scope="module")
def orgs(tmp_path_factory):
    ws = workspace(tmp_path_factory.mktemp("orgs"), ORG_SETTINGS, ROSTER)
    drop(ws, ORGS)
    return ws


def test_one_brand_per_org_fails_on_each_brand_of_one_organisation(orgs):
    records = current(orgs)
    assert fired(records, "one_brand_per_org") == {"hongse-1.docx": "fail", "hongse-2.docx": "fail"}
    one = result(records["hongse-1.docx"], "one_brand_per_org")
    assert one is not None and "信息学院教工第二党支部" in one.message and "《hongse-2.docx》“红色引擎”" in one.message
    assert "xinhuo" not in one.message
    assert result(records["xinhuo.docx"], "one_brand_per_org").status == "pass"


def test_quota_per_parent_org_warns_on_each_application_of_a_parent_over_its_quota(orgs):
    records = current(orgs)
    assert fired(records, "quota_per_parent_org") == {"wucai.docx": "warn", "jidian.docx": "warn"}
    warn = result(records["jidian.docx"], "quota_per_parent_org")
    assert warn is not None and warn.value == 2 and warn.limit == 1
    assert "机电工程学院党总支" in warn.message and "《wucai.docx》" in warn.message and "《jidian.docx》" in warn.message
    info = result(records["xinhuo.docx"], "quota_per_parent_org")
    assert info is not None and info.status == "pass" and info.value == 2 and info.limit == 3, \
        "the 信息学院党委 counts its branches: the organisation with two forms once"


def test_brand_per_parent_org_lists_the_parents_short_of_the_minimum(orgs):
    records = current(orgs)
    assert not [c for r in records.values() for c in r.checks if c.id == "brand_per_parent_org"]
    page = lxml.html.fromstring((orgs.reports / "index.html").read_text("utf-8"))
    (table,) = page.xpath('//table[@id="thin-parents"]')
    rows = [[td.text_content() for td in tr.xpath("td")] for tr in table.xpath(".//tr[td]")]
    assert rows == [["化学工程学院党总支", "1", "0", "化学工程学院教工第一党支部"]]
    wb = load_workbook(io.BytesIO((orgs.reports / "汇总表.xlsx").read_bytes()))
    values = [[c for c in row if c is not None] for row in wb["名单覆盖"].iter_rows(values_only=True)]
    at = values.index(["提交品牌的支部不足 1 个的党组织"])
    assert values[at + 2] == ["化学工程学院党总支", 1, 0, "化学工程学院教工第一党支部"]
    assert len(values) == at + 3


# --- required_documents ---------------------------------------------------------------------------------------

def test_required_documents_fails_on_a_branch_that_sent_some_kinds_but_not_all(tmp_path):
    ws = workspace(tmp_path, '[checks.required_documents]\nkinds = ["application", "outcome_report"]\n')
    x, h = T.BRANDS["xinhuo"], T.BRANDS["hongse"]
    drop(ws, {"xinhuo-申报表.docx": application(x.branch, T.brand_label(x), x.leader, seed=3),
              "xinhuo-成果报告.docx": report("xinhuo", 901),
              "hongse-申报表.docx": application(h.branch, T.brand_label(h), h.leader, seed=1),
              "wucai-成果报告.docx": report("wucai", 902)})
    records = current(ws)
    assert {f: r.doc_type for f, r in records.items()} == {
        "xinhuo-申报表.docx": "application", "xinhuo-成果报告.docx": "outcome_report",
        "hongse-申报表.docx": "application", "wucai-成果报告.docx": "outcome_report"}
    assert fired(records, "required_documents") == {"hongse-申报表.docx": "fail", "wucai-成果报告.docx": "fail"}
    assert "缺少成果报告" in result(records["hongse-申报表.docx"], "required_documents").message
    assert "缺少申报表" in result(records["wucai-成果报告.docx"], "required_documents").message
    assert {result(records[f], "required_documents").status for f in ("xinhuo-申报表.docx", "xinhuo-成果报告.docx")} \
        == {"pass"}

    # the missing report arrives: the branch is complete
    drop(ws, {"hongse-成果报告.docx": report("hongse", 903)})
    records = current(ws)
    assert fired(records, "required_documents") == {"wucai-成果报告.docx": "fail"}


# --- the shipped defaults -------------------------------------------------------------------------------------

def test_with_the_defaults_no_rule_across_submissions_gives_a_result(tmp_path):
    ws = workspace(tmp_path, "", ROSTER)
    drop(ws, {**HOSTS, **ORGS, "wucai-成果报告.docx": report("wucai", 902)})
    records = {r.file: r for r in Store(ws.db_url).records("c")}
    assert len(records) == len(HOSTS) + len(ORGS) + 1
    assert not [(f, c.id) for f, r in records.items() for c in r.checks if c.id in OWN]
    page = (ws.reports / "index.html").read_text("utf-8")
    assert 'id="thin-parents"' not in page and "提交品牌的支部不足" not in page
    wb = load_workbook(io.BytesIO((ws.reports / "汇总表.xlsx").read_bytes()))
    assert not [v for row in wb["名单覆盖"].iter_rows(values_only=True) for v in row if v and "不足" in str(v)]


def test_required_documents_with_the_self_check_kind(tmp_path):
    """benchmark-branch's pair: the 申报书 and the 自查报告 (seed 003's forms, samples/preset_forms.py)."""
    from datetime import date

    import preset_forms as PF

    ws = workspace(tmp_path, '[checks.required_documents]\nkinds = ["application", "self_check"]\n')
    both = PF.Applicant("机械工程学院教工第一党支部", "机械工程学院党委", "样板支部", "青蓝相继", "邓伟", "邓伟",
                        "2018年9月", "1万元", date(2026, 5, 20))
    alone = PF.Applicant("环境学院学生党支部", "环境学院党委", "样板支部", "碧水蓝天", "蔡琳", "蔡琳", "2019年3月",
                         "8000元", date(2026, 5, 21))
    when = datetime(2026, 5, 22, 9)
    drop(ws, {"qinglan-申报书.docx": PF.benchmark_form(both, 1), "qinglan-自查报告.docx": PF.self_check_report(both, 2, when),
              "lvse-申报书.docx": PF.benchmark_form(alone, 3)})
    records = current(ws)
    assert {f: r.doc_type for f, r in records.items()} == {
        "qinglan-申报书.docx": "application", "qinglan-自查报告.docx": "self_check", "lvse-申报书.docx": "application"}
    assert fired(records, "required_documents") == {"lvse-申报书.docx": "fail"}
    assert "缺少自查报告" in result(records["lvse-申报书.docx"], "required_documents").message
    assert result(records["qinglan-自查报告.docx"], "required_documents").status == "pass"
