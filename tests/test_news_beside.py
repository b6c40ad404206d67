"""News files sent beside a report count toward its published news (checks.news_count's campaign twin): a news
file in the same mail or folder as the report counts and is named in the result; a report alone counts only
what it lists; a news file in another submission (another mail, loose in the inbox) counts toward no report.
A real pass over real files, with [checks.news_count] min_items = 2.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from email.message import EmailMessage

import docx
import preset_forms as F
import pytest
import sample_reports as R
import sample_text as T

from pipeline.run import run_pass
from pipeline.store import Store
from pipeline.workspace import Workspace

DOCX = "vnd.openxmlformats-officedocument.wordprocessingml.document"


def _report(brand: str, seed: int, news: int) -> bytes:
    b = T.BRANDS[brand]
    spec = R.ReportSpec(brand, seed, f"{b.branch}“{b.brand}”党建品牌创建成果报告", "2024年1月22日",
                        datetime(2024, 1, 22, 9), captions=["支部党员开展主题活动", "党员先锋岗服务现场", "成果展示"])
    return F.news_report(b, spec, F.news_lines(b, news, date(2023, 5, 1))).data


def _news(title: str) -> bytes:
    doc = docx.Document()
    doc.add_heading(title, 1)
    doc.add_paragraph("本网讯 近日，支部组织党员赴社区开展志愿服务，党员们为居民讲解防诈骗知识，受到居民好评。")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _mail(subject: str, attachments: list[tuple[str, bytes]]) -> bytes:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "xinhuo@example.edu.cn", "dzb@example.edu.cn", subject
    mail["Date"] = "Mon, 22 Jan 2024 09:00:00 +0800"
    mail.set_content("附件请查收。")
    for name, data in attachments:
        mail.add_attachment(data, maintype="application", subtype=DOCX, filename=name)
    return mail.as_bytes()


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> dict[str, dict]:
    home = tmp_path_factory.mktemp("news-beside")
    (home / "campaign.toml").write_text('[campaign]\nid = "n"\nname = "新闻"\nyear = 2026\n'
                                        "[intake]\nsettle_seconds = 0\n"
                                        "[checks.news_count]\nmin_items = 2\n", encoding="utf-8")
    ws = Workspace.open(home)
    (ws.inbox / "薪火来信.eml").write_bytes(_mail("成果报告及新闻稿", [
        ("成果报告.docx", _report("xinhuo", 901, 1)), ("新闻稿-志愿服务.docx", _news("支部开展志愿服务活动"))]))
    folder = ws.inbox / "经济管理学院学生第三党支部"
    folder.mkdir()
    (folder / "成果报告.docx").write_bytes(_report("jingji", 902, 1))
    (ws.inbox / "补交新闻稿.eml").write_bytes(_mail("补交新闻稿", [("新闻稿-主题党日.docx", _news("支部开展主题党日"))]))
    (ws.inbox / "推送稿件.docx").write_bytes(_news("支部推送"))
    run_pass(ws)
    store = Store(ws.db_url)
    try:
        return {r.file: json.loads(r.model_dump_json()) | {"verdict": r.verdict} for r in store.records("n")}
    finally:
        store.close()


def _news_check(rec: dict) -> dict | None:
    return next((c for c in rec["checks"] if c["id"] == "news_count"), None)


def test_a_news_file_in_the_mail_counts_toward_its_report(records):
    assert records["薪火来信.eml/新闻稿-志愿服务.docx"]["doc_type"] == "unknown"
    check = _news_check(records["薪火来信.eml/成果报告.docx"])
    assert check is not None and check["status"] == "pass" and check["value"] == 2, check
    assert "报告列出 1 篇" in check["message"] and "另附新闻稿 1 篇：新闻稿-志愿服务.docx" in check["message"]
    counted = _news_check(records["薪火来信.eml/新闻稿-志愿服务.docx"])
    assert counted is not None and "成果报告.docx" in counted["message"]
    assert records["薪火来信.eml/新闻稿-志愿服务.docx"]["verdict"] == "attached"  # belongs to the report: no person needed


def test_a_report_alone_counts_only_what_it_lists(records):
    check = _news_check(records["经济管理学院学生第三党支部/成果报告.docx"])
    assert check is not None and check["status"] == "fail" and check["value"] == 1, check
    assert "另附" not in check["message"]


def test_news_files_of_another_submission_count_toward_no_report(records):
    for name in ("补交新闻稿.eml/新闻稿-主题党日.docx", "推送稿件.docx"):
        assert records[name]["doc_type"] == "unknown" and _news_check(records[name]) is None
        assert records[name]["verdict"] == "needs_review"
