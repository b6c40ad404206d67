"""deadlines.self_check (issue 11), on real passes over seed 003's forms (samples/preset_forms.py): a 自查报告
received after its deadline is late in the overview's branch table and in the 汇总表's 名单覆盖; the
自查报告 column is there only when the campaign expects one, so the default campaign's pages are unchanged."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import lxml.html
import preset_forms as PF
from openpyxl import load_workbook

from pipeline.branches import deadline, is_late
from pipeline.model.config import DeadlineSettings
from pipeline.model.records import DocumentRecord
from pipeline.run import run_pass
from pipeline.workspace import Workspace

CAMPAIGN = '[campaign]\nid = "c"\nname = "自查报告截止"\nyear = 2026\n[intake]\nsettle_seconds = 0\n'
ROSTER = "党支部,类型,所属党组织\n机械工程学院教工第一党支部,教工,机械工程学院党委\n环境学院学生党支部,学生,环境学院党委\n"
BOTH = PF.Applicant("机械工程学院教工第一党支部", "机械工程学院党委", "样板支部", "青蓝相继", "邓伟", "邓伟",
                    "2018年9月", "1万元", date(2026, 5, 20))
ALONE = PF.Applicant("环境学院学生党支部", "环境学院党委", "样板支部", "碧水蓝天", "蔡琳", "蔡琳", "2019年3月",
                     "8000元", date(2026, 5, 21))


def campaign(tmp_path: Path, settings: str, files: dict[str, bytes]) -> Workspace:
    home = tmp_path / "home"
    home.mkdir()
    (home / "campaign.toml").write_text(CAMPAIGN + settings, encoding="utf-8")
    (home / "roster.csv").write_text(ROSTER, encoding="utf-8")
    ws = Workspace.open(home)
    for name, data in files.items():
        (ws.inbox / name).write_bytes(data)
    run_pass(ws)
    return ws


def branch_table(ws: Workspace) -> dict[str, Any]:
    tree = lxml.html.fromstring((ws.reports / "index.html").read_text("utf-8"))
    data = {s.get("id"): json.loads(s.text) for s in tree.xpath('//script[@type="application/json"]')}
    columns = data["branches-data"]["columns"]
    return {"labels": [c["label"] for c in columns], "columns": columns,
            "rows": {row[0]: row for row in data["branches-data"]["rows"]},
            "files": [row[0][0] for row in data.get("files-data", {"rows": []})["rows"]]}


def coverage(ws: Workspace) -> dict[str, dict[str, Any]]:
    sheet = load_workbook(io.BytesIO((ws.reports / "汇总表.xlsx").read_bytes()))["名单覆盖"]
    header, *rows = list(sheet.iter_rows(values_only=True))
    return {"header": dict.fromkeys(header), **{row[0]: dict(zip(header, row, strict=True)) for row in rows if row[0]}}


def test_a_self_check_received_after_its_deadline_is_late_on_the_overview_and_in_the_coverage_sheet(tmp_path):
    ws = campaign(tmp_path, '[deadlines]\napplication = "2099-12-31"\nself_check = "2020-01-01"\n'
                            '[checks.required_documents]\nkinds = ["application", "self_check"]\n',
                  {"qinglan-申报书.docx": PF.benchmark_form(BOTH, 1),
                   "qinglan-自查报告.docx": PF.self_check_report(BOTH, 2, datetime(2026, 5, 22, 9)),
                   "lvse-申报书.docx": PF.benchmark_form(ALONE, 3)})
    table = branch_table(ws)
    assert table["labels"][4:8] == ["申报表", "成果报告", "自查报告", "状态"]
    both, alone = table["rows"][BOTH.branch], table["rows"][ALONE.branch]
    assert both[4][4] == 0 and both[6] is not None and both[6][4] == 1  # the form on time, the 自查报告 late
    assert alone[6] is None  # 未提交
    assert "qinglan-自查报告.docx" not in table["files"]  # in its branch's row, not among the other files

    sheet = coverage(ws)
    assert list(sheet["header"])[15:20] == ["自查报告编号", "自查报告结论", "自查报告版本", "自查报告收到时间",
                                            "自查报告逾期"]
    assert sheet[BOTH.branch]["申报表逾期"] == "否" and sheet[BOTH.branch]["自查报告逾期"] == "是"
    assert sheet[BOTH.branch]["自查报告版本"] and sheet[BOTH.branch]["自查报告编号"] == both[6][0]
    assert sheet[ALONE.branch]["自查报告结论"] == "未提交" and sheet[ALONE.branch]["自查报告逾期"] is None


def test_the_default_campaign_shows_no_self_check(tmp_path):
    ws = campaign(tmp_path, "", {"qinglan-申报书.docx": PF.benchmark_form(BOTH, 1),
                                 "lvse-申报书.docx": PF.benchmark_form(ALONE, 3)})
    table = branch_table(ws)
    assert "自查报告" not in table["labels"]
    assert table["labels"][4:7] == ["申报表", "成果报告", "状态"]
    assert not [h for h in coverage(ws)["header"] if h and "自查报告" in h]


def test_the_self_check_deadline_is_its_own():
    settings = DeadlineSettings(application="2026-05-01", self_check="2026-05-31 18:00")
    assert deadline(settings, "self_check") == datetime.fromisoformat("2026-05-31T18:00:00+08:00")
    doc = DocumentRecord(file="s.docx", sha256="s", doc_type="self_check",
                         received_at=datetime.fromisoformat("2026-05-31T12:00:00+00:00"))
    assert is_late(doc, settings)  # 20:00 in Shanghai
    assert not is_late(doc, DeadlineSettings(application="2026-05-01"))  # no 自查报告 deadline: never late
