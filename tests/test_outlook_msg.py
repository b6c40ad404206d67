"""Outlook .msg mails at intake (pipeline.outlook_msg, pipeline.ingest), on real files written by
tests/msg_writer.py (read back by extract-msg itself first): a .msg is unpacked as an .eml is — its attachments
documents of one submission with its sender, subject and date, attached mails opened, pictures beside a report
counted — a damaged one is quarantined with its reason while the pass goes on, and mails nested deeper than
pipeline.ingest.MAX_MAIL_DEPTH get their own reason ('mail_too_deep') instead of 'no attachments'.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
import json
import random
from email.message import EmailMessage

import extract_msg
import olefile
import pytest
import sample_forms as F
import sample_reports as R
import sample_text as T
from msg_writer import Attachment, Mail, cfb_bytes, msg_bytes
from PIL import Image, ImageDraw

from pipeline.ingest import MAX_MAIL_DEPTH, submissions_from_bytes
from pipeline.model.config import IntakeSettings, load_config
from pipeline.model.errors import BadInput
from pipeline.outlook_msg import read_msg
from pipeline.run import run_pass
from pipeline.sniff import sniff
from pipeline.store import Store
from pipeline.workspace import Workspace

CST = dt.timezone(dt.timedelta(hours=8))
SENT = dt.datetime(2024, 5, 20, 9, 30, tzinfo=CST)
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + bytes(range(256)) * 24 + b"%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


@pytest.fixture()
def settings() -> IntakeSettings:
    return load_config().intake


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


def _form(key: str, seed: int) -> bytes:
    b = T.BRANDS[key]
    return F.form_ncut(b, seed, bottom="merged", signer=b.secretary, date_text="2024年5月18日",
                       date_iso="2024-05-18", unit="信息学院", when=dt.datetime(2024, 5, 18, 9))[0]


def _report(key: str, seed: int) -> bytes:
    b = T.BRANDS[key]
    return R.build(R.ReportSpec(key, seed, f"{b.branch}“{b.brand}”党建品牌创建成果报告", "2024年5月18日",
                                dt.datetime(2024, 5, 18, 9), captions=[T.CAPTIONS[0]]))[0]


def _forwarded(depth: int, leaf: bytes = PDF) -> bytes:
    """An .eml whose one attachment lies `depth` forwarded mails below it."""
    inner = EmailMessage()
    inner["From"], inner["Subject"] = "shuji@example.cn", "最里层"
    inner.set_content("见附件")
    inner.add_attachment(leaf, maintype="application", subtype="pdf", filename="成果报告.pdf")
    for level in range(depth):
        outer = EmailMessage()
        outer["From"], outer["Subject"] = f"fwd{level}@example.cn", f"Fwd: 第 {level} 层"
        outer.set_content("转发")
        outer.add_attachment(inner)  # message/rfc822
        inner = outer
    return inner.as_bytes()


def _embedded(depth: int) -> Mail:
    """An Outlook mail whose one file lies `depth` Outlook items below it."""
    mail = Mail(subject="最里层", sender_email="shuji@example.cn", attachments=[Attachment("申报表.pdf", PDF)])
    for level in range(depth):
        mail = Mail(subject=f"FW: 第 {level} 层", sender_email=f"fwd{level}@example.cn",
                    attachments=[Attachment(mail=mail)])
    return mail


# --- the writer, checked against extract-msg ------------------------------------------------------------


@pytest.mark.parametrize("codepage", [None, 936])
def test_extract_msg_reads_back_what_the_writer_writes(codepage: int | None) -> None:
    inner = Mail(subject="转发：三支部申报表", sender_name="李四", sender_email="lisi@example.cn",
                 date=dt.datetime(2024, 5, 1, 8, tzinfo=CST), body="内层正文", codepage=codepage,
                 attachments=[Attachment("三支部申报表.pdf", PDF)])
    big = bytes(range(256)) * 40  # over the 4096-byte mini stream cut-off: in regular sectors
    mail = Mail(subject="二支部“红烛领航”申报材料", sender_name="王五", sender_email="wangwu@example.cn",
                date=SENT, body="王老师：附件为申报材料。", codepage=codepage,
                attachments=[Attachment("申报表（二支部）.docx", b"PK\x03\x04" + big),
                             Attachment("a.txt", b"x"), Attachment(mail=inner)])
    data = msg_bytes(mail)
    assert sniff(data) == "msg"
    ole = olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)
    names = {"/".join(e) for e in ole.listdir(streams=True, storages=True)}
    assert {"__properties_version1.0", "__nameid_version1.0", "__attach_version1.0_#00000002/__substg1.0_3701000D"
            } <= names
    ole.close()
    with extract_msg.openMsg(io.BytesIO(data)) as msg:
        assert (msg.subject, msg.sender, msg.body) == ("二支部“红烛领航”申报材料", "王五 <wangwu@example.cn>",
                                                       "王老师：附件为申报材料。")
        assert msg.date == SENT
        first, second, third = msg.attachments
        assert (first.longFilename, first.data) == ("申报表（二支部）.docx", b"PK\x03\x04" + big)
        assert (second.longFilename, second.data) == ("a.txt", b"x")
        embedded = third.data
        assert isinstance(embedded, extract_msg.msg_classes.MSGFile)
        assert (embedded.subject, embedded.sender, embedded.date) == ("转发：三支部申报表", "李四 <lisi@example.cn>",
                                                                      dt.datetime(2024, 5, 1, 8, tzinfo=CST))
        assert [(a.longFilename, a.data) for a in embedded.attachments] == [("三支部申报表.pdf", PDF)]


def test_outlook_mail_and_word_binary_told_apart_by_their_stream_names() -> None:
    assert sniff(cfb_bytes({"WordDocument": b"\x00" * 600, "1Table": b"\x00" * 100})) == "doc"
    assert sniff(cfb_bytes({"__properties_version1.0": b"\x00" * 32, "__substg1.0_0037001F": "题".encode(
        "utf-16-le")})) == "msg"
    assert sniff(cfb_bytes({"Workbook": b"\x00" * 600})) == "ole"
    data = msg_bytes(Mail(subject="x", attachments=[Attachment("a.doc", b"\x00" * 10)]))
    assert sniff(data[:-512]) == "msg"  # cut short (its FAT lost): the names in the directory still say so


# --- unpacking ------------------------------------------------------------------------------------------


def test_msg_attachments_become_documents_with_the_mail_s_origin(settings: IntakeSettings) -> None:
    forwarded = EmailMessage()  # an .eml saved into the Outlook mail as a file
    forwarded["From"], forwarded["Subject"] = "=?gb2312?B?1cXI/Q==?= <zhangsan@example.cn>", "原邮件"
    forwarded["Date"] = "Tue, 14 May 2024 10:00:00 +0800"
    forwarded.add_attachment(PDF, maintype="application", subtype="pdf", filename="附件.pdf")
    inner = Mail(subject="三支部申报表", sender_name="李四", sender_email="lisi@example.cn",
                 date=dt.datetime(2024, 5, 1, 8, tzinfo=CST), attachments=[Attachment("三支部申报表.docx", b"PK\x03\x04")])
    mail = Mail(subject="FW: 申报材料", sender_name="王五", sender_email="wangwu@example.cn", date=SENT,
                html=b'<p>\xe8\xa7\x81\xe9\x99\x84\xe4\xbb\xb6<img src="cid:image001.png@01DA"></p>',
                attachments=[
                    Attachment("image001.png", PNG, mime="image/png", content_id="image001.png@01DA", hidden=True),
                    Attachment("申报表.docx", b"PK\x03\x04"), Attachment("申报表.docx", PDF),
                    Attachment("..\\..\\活动照片.png", PNG), Attachment("原邮件.eml", forwarded.as_bytes()),
                    Attachment(mail=inner)])
    subs = submissions_from_bytes(msg_bytes(mail), "二支部.msg", settings)
    assert [(s.file, s.detected) for s in subs] == [
        ("二支部.msg/申报表.docx", "zip"), ("二支部.msg/申报表 (2).docx", "pdf"), ("二支部.msg/活动照片.png", "png"),
        ("二支部.msg/附件.pdf", "pdf"), ("二支部.msg/三支部申报表.docx", "zip")]  # the body's logo left out
    direct, renamed, photo, from_eml, from_item = subs
    assert direct.origin is not None
    assert (direct.origin.container, direct.origin.mail_from, direct.origin.mail_subject) == (
        "二支部.msg", "王五 <wangwu@example.cn>", "FW: 申报材料")
    assert dt.datetime.fromisoformat(direct.origin.mail_date or "") == SENT
    assert any("renamed" in n for n in renamed.notes) and any("path" in n for n in photo.notes)
    assert from_eml.origin is not None and from_eml.origin.mail_from == "张三 <zhangsan@example.cn>"
    assert from_eml.origin.mail_date == "2024-05-14T10:00:00+08:00"
    assert from_item.origin is not None and (from_item.origin.mail_subject, from_item.origin.mail_from) == (
        "三支部申报表", "李四 <lisi@example.cn>")
    assert any("FW: 申报材料" in n for n in from_item.notes) and any("FW: 申报材料" in n for n in from_eml.notes)


def test_ansi_msg_in_a_chinese_code_page(settings: IntakeSettings) -> None:
    mail = Mail(subject="申报材料", sender_name="王五", sender_email="wangwu@example.cn", date=SENT, codepage=936,
                attachments=[Attachment("成果报告（定稿）.pdf", PDF)])
    [sub] = submissions_from_bytes(msg_bytes(mail), "m.msg", settings)
    assert sub.file == "m.msg/成果报告（定稿）.pdf" and sub.origin is not None
    assert (sub.origin.mail_subject, sub.origin.mail_from) == ("申报材料", "王五 <wangwu@example.cn>")


def test_msg_attached_to_an_eml_is_opened(settings: IntakeSettings) -> None:
    outer = EmailMessage()
    outer["From"], outer["Subject"] = "organiser@example.cn", "Fwd: 材料"
    outer.set_content("转发")
    inner = msg_bytes(Mail(subject="三支部", sender_email="sanzhibu@example.cn", attachments=[Attachment("r.pdf", PDF)]))
    outer.add_attachment(inner, maintype="application", subtype="vnd.ms-outlook", filename="三支部.msg")
    [sub] = submissions_from_bytes(outer.as_bytes(), "o.eml", settings)
    assert sub.file == "o.eml/r.pdf" and sub.origin is not None and sub.origin.mail_subject == "三支部"


def test_msg_without_attachments(settings: IntakeSettings) -> None:
    [sub] = submissions_from_bytes(msg_bytes(Mail(subject="忘了附件", sender_email="a@example.cn")), "x.msg", settings)
    assert sub.detected == "eml_no_attachments" and sub.origin is not None and sub.origin.mail_subject == "忘了附件"
    assert not sub.extension_mismatch  # a mail without attachments, named as a mail


def test_msg_inside_a_zip_is_unpacked(settings: IntakeSettings) -> None:
    import zipfile

    mail = msg_bytes(Mail(subject="四支部材料", sender_email="sizhibu@example.cn", date=SENT,
                          attachments=[Attachment("四支部成果报告.pdf", PDF)]))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("邮件/四支部.msg", mail)
        archive.writestr("说明.pdf", PDF)
    subs = submissions_from_bytes(buf.getvalue(), "材料.zip", settings)
    by_name = {s.file.rsplit("/", 1)[-1]: s for s in subs}
    assert set(by_name) == {"四支部成果报告.pdf", "说明.pdf"}, [s.file for s in subs]
    origin = by_name["四支部成果报告.pdf"].origin
    assert origin is not None and origin.mail_subject == "四支部材料" and origin.container == "材料.zip"


# --- damaged ---------------------------------------------------------------------------------------------


def _valid() -> bytes:
    return msg_bytes(Mail(subject="申报", sender_email="a@example.cn", date=SENT,
                          attachments=[Attachment("申报表.pdf", PDF), Attachment("照片.png", PNG)]))


def test_damaged_msg_is_bad_input(settings: IntakeSettings) -> None:
    data = _valid()
    for damaged in (data[:-512], data[: len(data) // 2], data[:600]):
        with pytest.raises(BadInput) as caught:
            submissions_from_bytes(damaged, "x.msg", settings)
        assert caught.value.code == "bad_mail" and ".msg" in caught.value.zh and ".msg" in caught.value.en
    with pytest.raises(BadInput) as caught:
        read_msg(data[:-512], MAX_MAIL_DEPTH)
    assert "损坏" in caught.value.zh and "damaged" in caught.value.en


def test_damaged_msg_attached_to_a_mail_keeps_the_other_attachments(settings: IntakeSettings) -> None:
    mail = Mail(subject="两封", attachments=[Attachment("坏.msg", _valid()[:-512]), Attachment("好.pdf", PDF)])
    bad, good = submissions_from_bytes(msg_bytes(mail), "m.msg", settings)
    assert (bad.file, bad.detected, good.file, good.detected) == ("m.msg/坏.msg", "msg", "m.msg/好.pdf", "pdf")
    assert any("cannot be opened" in n for n in bad.notes)


def test_bit_flipped_msgs_never_crash(settings: IntakeSettings) -> None:
    data, rng = _valid(), random.Random(11)
    for _ in range(150):
        damaged = bytearray(data[: rng.randrange(512, len(data) + 1)])
        for _ in range(rng.randrange(0, 12)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        try:
            subs = submissions_from_bytes(bytes(damaged), "x.msg", settings)
        except BadInput as exc:
            assert exc.code == "bad_mail"
        else:
            assert subs


# --- nesting ---------------------------------------------------------------------------------------------


def test_eml_nested_too_deep_has_its_own_reason(settings: IntakeSettings) -> None:
    assert MAX_MAIL_DEPTH == 5
    [sub] = submissions_from_bytes(_forwarded(MAX_MAIL_DEPTH), "five.eml", settings)
    assert sub.file == "five.eml/成果报告.pdf" and sub.detected == "pdf"
    with pytest.raises(BadInput) as caught:
        submissions_from_bytes(_forwarded(MAX_MAIL_DEPTH + 1), "six.eml", settings)
    assert caught.value.code == "mail_too_deep"
    assert "5 层" in caught.value.zh and "more than 5 deep" in caught.value.en


def test_msg_nested_too_deep_has_its_own_reason(settings: IntakeSettings) -> None:
    [sub] = submissions_from_bytes(msg_bytes(_embedded(MAX_MAIL_DEPTH)), "five.msg", settings)
    assert sub.file == "five.msg/申报表.pdf" and sub.origin is not None and sub.origin.mail_subject == "最里层"
    with pytest.raises(BadInput) as caught:
        submissions_from_bytes(msg_bytes(_embedded(MAX_MAIL_DEPTH + 1)), "six.msg", settings)
    assert caught.value.code == "mail_too_deep"


def test_attachments_beside_a_too_deep_mail_say_so(settings: IntakeSettings) -> None:
    mail = EmailMessage()
    mail["From"], mail["Subject"] = "a@example.cn", "材料"
    mail.add_attachment(PDF, maintype="application", subtype="pdf", filename="申报表.pdf")
    mail.add_attachment(email.message_from_bytes(_forwarded(MAX_MAIL_DEPTH), policy=email.policy.default))
    [sub] = submissions_from_bytes(mail.as_bytes(), "m.eml", settings)
    assert sub.file == "m.eml/申报表.pdf" and any("5 deep were not opened" in n for n in sub.notes)


# --- a real pass ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def passed(tmp_path_factory) -> tuple[Workspace, dict[str, dict]]:
    home = tmp_path_factory.mktemp("msg")
    (home / "campaign.toml").write_text('[campaign]\nid = "m"\nname = "Outlook"\nyear = 2024\n'
                                        "[intake]\nsettle_seconds = 0\n", encoding="utf-8")
    ws = Workspace.open(home)
    b = T.BRANDS["xinhuo"]
    mail = Mail(subject=f"{b.branch}品牌创建申报材料", sender_name=b.secretary, sender_email="xinhuo@example.edu.cn",
                date=SENT, body="附件为申报表、成果报告和活动照片。", attachments=[
                    Attachment("申报表.docx", _form("xinhuo", 901)), Attachment("成果报告.docx", _report("xinhuo", 902)),
                    *[Attachment(name, _jpeg(n), mime="image/jpeg")
                      for n, name in enumerate(["图2 主题党日活动.jpg", "IMG_0412.jpg", "微信图片_20240312103355.jpg"])]])
    (ws.inbox / "薪火支部来信.msg").write_bytes(msg_bytes(mail))
    (ws.inbox / "一支部来信（传输中断）.msg").write_bytes(_valid()[:-512])
    (ws.inbox / "层层转发.eml").write_bytes(_forwarded(MAX_MAIL_DEPTH + 1))
    (ws.inbox / "经济管理学院成果报告.docx").write_bytes(_report("jingji", 903))
    summary = run_pass(ws)
    assert summary.documents >= 5
    store = Store(ws.db_url)
    try:
        records = {r.file: json.loads(r.model_dump_json()) | {"verdict": r.verdict} for r in store.records("m")}
    finally:
        store.close()
    return ws, records


def test_a_msg_is_taken_in_as_one_submission(passed) -> None:
    _, records = passed
    form, report = records["薪火支部来信.msg/申报表.docx"], records["薪火支部来信.msg/成果报告.docx"]
    assert (form["status"], form["doc_type"], report["status"], report["doc_type"]) == (
        "ok", "application", "ok", "outcome_report")
    assert form["fields"]["brand_name"] == T.BRANDS["xinhuo"].brand
    for rec in (form, report):
        assert rec["origin"]["container"] == "薪火支部来信.msg"
        assert rec["origin"]["mail_from"] == f"{T.BRANDS['xinhuo'].secretary} <xinhuo@example.edu.cn>"
        assert rec["origin"]["mail_subject"] == f"{T.BRANDS['xinhuo'].branch}品牌创建申报材料"
        assert dt.datetime.fromisoformat(rec["received_at"]).replace(tzinfo=dt.UTC) == SENT
    photos = next(c for c in report["checks"] if c["id"] == "photo_count")
    assert photos["value"] == 4 and "另附 3 张" in photos["message"], photos
    assert records["薪火支部来信.msg/IMG_0412.jpg"]["verdict"] == "attached"


def test_a_damaged_msg_is_quarantined_and_the_pass_goes_on(passed) -> None:
    ws, records = passed
    bad = records["一支部来信（传输中断）.msg"]
    assert (bad["status"], bad["error_code"]) == ("rejected", "bad_mail") and ".msg" in bad["error"]
    reasons = {p.name: p for p in ws.quarantine.rglob("*.reason.txt")}
    assert "一支部来信（传输中断）.msg.reason.txt" in reasons
    assert "damaged" in reasons["一支部来信（传输中断）.msg.reason.txt"].read_text(encoding="utf-8")
    assert records["经济管理学院成果报告.docx"]["doc_type"] == "outcome_report"


def test_a_mail_nested_six_deep_is_quarantined_with_its_own_reason(passed) -> None:
    ws, records = passed
    deep = records["层层转发.eml"]
    assert (deep["status"], deep["error_code"]) == ("rejected", "mail_too_deep")
    assert "邮件嵌套层数过多（超过 5 层）" in deep["error"] and "没有附件" not in deep["error"]
    assert any(p.name == "层层转发.eml.reason.txt" for p in ws.quarantine.rglob("*.reason.txt"))
