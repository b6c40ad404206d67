"""Photos sent beside a report count toward its photos: pictures in the same mail, folder or archive, named in
the result; a picture named by a camera is uncaptioned; pictures are joined to a report only when it is the one
report there; each picture says which report it was counted toward. Real passes over real files (OCR reads
the pictures and finds no form in them).
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from datetime import datetime
from email.message import EmailMessage

import pytest
import sample_reports as R
import sample_text as T
from PIL import Image, ImageDraw

from pipeline.run import run_pass
from pipeline.store import Store
from pipeline.workspace import Workspace


def _jpeg(seed: int) -> bytes:
    rng = random.Random(seed)
    img = Image.new("RGB", (640, 480), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(img)
    for _ in range(12):
        x, y = rng.randrange(600), rng.randrange(440)
        draw.ellipse((x, y, x + rng.randrange(20, 200), y + rng.randrange(20, 200)),
                     fill=tuple(rng.randrange(256) for _ in range(3)))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return out.getvalue()


def _report(brand: str, seed: int, captions: list[str | None]) -> bytes:
    b = T.BRANDS[brand]
    return R.build(R.ReportSpec(brand, seed, f"{b.branch}“{b.brand}”党建品牌创建成果报告", "2024年1月22日",
                                datetime(2024, 1, 22, 9), captions=captions))[0]


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> dict[str, dict]:
    home = tmp_path_factory.mktemp("beside")
    (home / "campaign.toml").write_text('[campaign]\nid = "p"\nname = "照片"\nyear = 2026\n'
                                        "[intake]\nsettle_seconds = 0\n", encoding="utf-8")
    ws = Workspace.open(home)
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "xinhuo@example.edu.cn", "dzb@example.edu.cn", "成果报告及照片"
    mail["Date"] = "Mon, 22 Jan 2024 09:00:00 +0800"
    mail.set_content("附件为成果报告和活动照片。")
    mail.add_attachment(_report("xinhuo", 801, [T.CAPTIONS[0]]), maintype="application",
                        subtype="vnd.openxmlformats-officedocument.wordprocessingml.document", filename="成果报告.docx")
    for n, name in enumerate(["图2 主题党日活动.jpg", "IMG_0412.jpg", "微信图片_20240312103355.jpg"]):
        mail.add_attachment(_jpeg(n), maintype="image", subtype="jpeg", filename=name)
    (ws.inbox / "薪火来信.eml").write_bytes(mail.as_bytes())

    folder = ws.inbox / "经济管理学院学生第三党支部"
    (folder / "照片").mkdir(parents=True)
    (folder / "成果报告.docx").write_bytes(_report("jingji", 802, []))
    for n in range(3):
        (folder / "照片" / f"志愿服务{n + 1}.jpg").write_bytes(_jpeg(10 + n))

    two = io.BytesIO()
    with zipfile.ZipFile(two, "w") as z:
        z.writestr("报告甲.docx", _report("xinhuo", 803, T.CAPTIONS[:3]))
        z.writestr("报告乙.docx", _report("jingji", 804, T.CAPTIONS[:3]))
        z.writestr("合影.jpg", _jpeg(20))
    (ws.inbox / "两份报告.zip").write_bytes(two.getvalue())
    (ws.inbox / "散落照片.jpg").write_bytes(_jpeg(30))

    summary = run_pass(ws)
    assert summary.attached == 6
    store = Store(ws.db_url)
    try:
        return {r.file: json.loads(r.model_dump_json()) | {"verdict": r.verdict} for r in store.records("p")}
    finally:
        store.close()


def _photo_check(rec: dict) -> dict:
    return next(c for c in rec["checks"] if c["id"] == "photo_count")


def test_pictures_in_the_mail_count_toward_its_report(records):
    report = records["薪火来信.eml/成果报告.docx"]
    check = _photo_check(report)
    assert check["value"] == 4  # one in the text, three beside it
    assert "文内 1 张" in check["message"] and "另附 3 张" in check["message"]
    for name in ("图2 主题党日活动.jpg", "IMG_0412.jpg", "微信图片_20240312103355.jpg"):
        assert name in check["message"]
    assert check["status"] == "warn"  # two of them carry no caption
    assert "IMG_0412.jpg" in check["where"] and "微信图片_20240312103355.jpg" in check["where"]
    assert "主题党日活动" not in check["where"]
    picture = records["薪火来信.eml/IMG_0412.jpg"]
    assert picture["verdict"] == "attached"
    assert "成果报告.docx" in _photo_check(picture)["message"] and "无图注" in _photo_check(picture)["message"]


def test_a_sub_folder_of_photos_counts_toward_the_folder_report(records):
    check = _photo_check(records["经济管理学院学生第三党支部/成果报告.docx"])
    assert check["value"] == 3 and check["status"] == "pass", check
    assert all(records[f"经济管理学院学生第三党支部/照片/志愿服务{n}.jpg"]["verdict"] == "attached" for n in (1, 2, 3))


def test_no_guessing_between_two_reports_or_across_the_inbox(records):
    assert records["两份报告.zip/合影.jpg"]["verdict"] == "needs_review"
    assert _photo_check(records["两份报告.zip/报告甲.docx"])["value"] == 3
    assert records["散落照片.jpg"]["verdict"] == "needs_review"


def test_versions_of_one_report_in_one_folder_each_count_the_pictures(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "campaign.toml").write_text('[campaign]\nid = "q"\nname = "照片"\nyear = 2026\n'
                                        "[intake]\nsettle_seconds = 0\n", encoding="utf-8")
    ws = Workspace.open(home)
    folder = ws.inbox / "薪火"
    folder.mkdir()
    (folder / "成果报告-初稿.docx").write_bytes(_report("xinhuo", 811, [T.CAPTIONS[0]]))
    (folder / "成果报告-定稿.docx").write_bytes(_report("xinhuo", 812, T.CAPTIONS[:2]))
    (folder / "活动合影.jpg").write_bytes(_jpeg(40))
    summary = run_pass(ws)
    assert (summary.documents, summary.earlier_versions, summary.attached) == (2, 1, 1)
    store = Store(ws.db_url)
    try:
        got = {r.file: r for r in store.records("q")}
    finally:
        store.close()
    values = {name: next(c.value for c in r.checks if c.id == "photo_count")
              for name, r in got.items() if r.doc_type == "outcome_report"}
    assert values == {"薪火/成果报告-初稿.docx": 2, "薪火/成果报告-定稿.docx": 3}
