"""Intake: sniffing real types, walking the inbox, reading files and unpacking saved mails."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import random
import struct
import urllib.parse
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest

from pipeline import ingest
from pipeline.ingest import list_inbox, read_submissions, submissions_from_bytes
from pipeline.model.config import IntakeSettings, load_config
from pipeline.model.errors import BadInput
from pipeline.model.filenames import extension_of
from pipeline.sniff import sniff


@pytest.fixture()
def settings() -> IntakeSettings:
    return load_config().intake


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = zip_bytes(
    {
        "[Content_Types].xml": b"<Types/>",
        "word/document.xml": b"<w:document>" + "党建品牌".encode() * 50 + b"</w:document>",
    }
)
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def ole_bytes(stream: str, filler: bytes = b"") -> bytes:
    """A minimal but well-formed compound file: FAT in sector 0, directory in sector 1."""
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHH", header, 24, 0x3E, 3, 0xFFFE, 9)  # minor, major, byte order, sector shift
    struct.pack_into("<H", header, 32, 6)
    struct.pack_into("<I", header, 44, 1)  # one FAT sector
    struct.pack_into("<I", header, 48, 1)  # directory starts in sector 1
    struct.pack_into("<III", header, 60, 0xFFFFFFFE, 0, 0xFFFFFFFE)  # no mini FAT
    struct.pack_into("<II", header, 68, 0xFFFFFFFE, 0)  # no DIFAT sectors
    struct.pack_into("<109I", header, 76, 0, *([0xFFFFFFFF] * 108))
    fat = struct.pack("<128I", 0xFFFFFFFD, 0xFFFFFFFE, *([0xFFFFFFFF] * 126))
    directory = bytearray(512)
    for index, (name, kind) in enumerate([("Root Entry", 5), (stream, 2)]):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        directory[index * 128 : index * 128 + len(encoded)] = encoded
        struct.pack_into("<HB", directory, index * 128 + 64, len(encoded), kind)
    return bytes(header) + fat + bytes(directory) + filler


# --- sniff ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "empty"),
        (b"  \r\n\t \x00", "empty"),
        (DOCX, "docx"),
        (zip_bytes({"xl/workbook.xml": b"<x/>"}), "xlsx"),
        (zip_bytes({"ppt/presentation.xml": b"<x/>"}), "pptx"),
        (zip_bytes({"readme.txt": b"hello"}), "zip"),
        (DOCX[: len(DOCX) // 2], "zip"),  # truncated: the central directory is gone
        (PDF, "pdf"),
        (b"junk before the header\n" + PDF, "pdf"),
        (bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 100 + "WordDocument".encode("utf-16-le"), "doc"),
        (
            bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le"),
            "encrypted_ooxml",
        ),
        (bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 600, "ole"),
        (ole_bytes("WordDocument"), "doc"),
        (ole_bytes("EncryptedPackage"), "encrypted_ooxml"),
        # the parsed directory wins over stream names that merely occur in the text
        (ole_bytes("WordDocument", "EncryptedPackage".encode("utf-16-le")), "doc"),
        (ole_bytes("Workbook"), "ole"),
        (b"{\\rtf1\\ansi hello}", "rtf"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (PNG, "png"),
        (b"GIF89a\x01\x00", "gif"),
        (b"II*\x00\x08\x00\x00\x00", "tiff"),
        (b"BM" + struct.pack("<IHHII", 70, 0, 0, 54, 40) + b"\x00" * 40, "bmp"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "webp"),
        (b"From: a@example.com\r\nSubject: hi\r\n\r\nbody", "eml"),
        (b"Received: from x\r\n by y\r\nMIME-Version: 1.0\r\n\r\n", "eml"),
        (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n--x--", "mht"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        (b'<?xml version="1.0"?><root/>', "xml"),
        ("品牌名称：红色引擎\n创建背景……\n".encode(), "text"),
        ("品牌名称：红色引擎\n创建背景……\n".encode("gb18030"), "text"),
        (b"Date: 2024-05-01\n\nonly one header line is not a mail", "text"),
        (bytes(range(256)) * 8, "unknown"),
        (random.Random(4096).randbytes(4096), "unknown"),
    ],
)
def test_sniff(data: bytes, expected: str) -> None:
    assert sniff(data) == expected


def test_extension_of() -> None:
    assert extension_of("申报表.DOCX") == "docx"
    assert extension_of("dir/报告.tar.gz") == "gz"
    assert extension_of("C:\\inbox\\a.Pdf") == "pdf"
    assert extension_of("README") == ""
    assert extension_of(".bashrc") == ""
    assert extension_of("x.docx. ") == "docx"


# --- list_inbox and read_submissions --------------------------------------------------------------------


def test_list_inbox_skips_lock_files_and_lists_links_unfollowed(tmp_path: Path, settings: IntakeSettings) -> None:
    """Lock, temporary and partial files are left alone; everything else is listed: hidden names like any
    other, links and special files as such (never followed), so each can end as a record or a refusal."""
    inbox, outside = tmp_path / "inbox", tmp_path / "outside"
    (inbox / "二支部").mkdir(parents=True)
    (inbox / ".git").mkdir()
    outside.mkdir()
    (outside / "secret.docx").write_bytes(DOCX)
    for name in ["b.docx", "~$b.docx", ".~lock.b.docx#", "Thumbs.db", "x.TMP", "二支部/a.pdf", ".git/c.docx",
                 "d.docx.part", "e.pdf.crdownload", "..f.docx"]:
        (inbox / name).write_bytes(DOCX)
    (inbox / "link.docx").symlink_to(outside / "secret.docx")
    (inbox / "linked-dir").symlink_to(outside, target_is_directory=True)
    os.mkfifo(inbox / "pipe.docx")
    found = list_inbox(inbox, settings)
    assert [(e.name, e.kind) for e in found] == [
        ("..f.docx", "file"), (".git/c.docx", "file"), ("b.docx", "file"), ("link.docx", "symlink"),
        ("linked-dir", "symlink"), ("pipe.docx", "special"), ("二支部/a.pdf", "file")]
    assert all(e.path == inbox / e.name for e in found)


def test_read_plain_file_is_one_submission(tmp_path: Path, settings: IntakeSettings) -> None:
    path = tmp_path / "申报表.pdf"  # a docx dressed as a PDF
    path.write_bytes(DOCX)
    [sub] = read_submissions(path, "二支部/申报表.pdf", settings)
    assert (sub.file, sub.detected, sub.extension) == ("二支部/申报表.pdf", "docx", "pdf")
    assert (sub.sha256, sub.size, sub.data, sub.source_path) == (sha(DOCX), len(DOCX), DOCX, str(path))
    assert sub.origin is None and sub.extension_mismatch


@pytest.mark.parametrize(
    ("name", "data", "detected"),
    [
        ("empty.docx", b"", "empty"),
        ("noise.docx", random.Random(2048).randbytes(2048), "unknown"),
        ("说明.txt", "说明".encode(), "text"),
    ],
)
def test_read_other_files(
    tmp_path: Path, settings: IntakeSettings, name: str, data: bytes, detected: str
) -> None:
    (tmp_path / name).write_bytes(data)
    [sub] = read_submissions(tmp_path / name, name, settings)
    assert (sub.detected, sub.sha256, sub.size) == (detected, sha(data), len(data))


def test_oversize_file_is_refused_with_its_size(tmp_path: Path, settings: IntakeSettings) -> None:
    small = settings.model_copy(update={"max_file_mb": 0.001})  # 1048 bytes
    path = tmp_path / "big.docx"
    path.write_bytes(b"x" * 5000)
    with pytest.raises(BadInput) as caught:
        read_submissions(path, "big.docx", small)
    assert caught.value.code == "too_large"
    assert "5000" in caught.value.zh and "5000" in caught.value.en
    path.write_bytes(b"x" * 1048)  # exactly at the limit is fine
    assert read_submissions(path, "big.docx", small)[0].size == 1048


def test_unreadable(tmp_path: Path, settings: IntakeSettings) -> None:
    for path in (tmp_path / "missing.docx", tmp_path):
        with pytest.raises(BadInput) as caught:
            read_submissions(path, "x", settings)
        assert caught.value.code == "unreadable"


# --- mails ----------------------------------------------------------------------------------------------


def test_simple_mail_with_two_attachments(tmp_path: Path, settings: IntakeSettings) -> None:
    mail = EmailMessage()
    mail["From"] = "张三 <zhangsan@example.com>"
    mail["To"] = "brand@example.com"
    mail["Subject"] = "二支部党建品牌申报材料"
    mail["Date"] = "Mon, 20 May 2024 10:30:00 +0800"
    mail.set_content("请查收附件。")
    mail.add_attachment(DOCX, maintype="application", subtype="octet-stream", filename="红色引擎申报表.docx")
    mail.add_attachment(PDF, maintype="application", subtype="pdf", filename="成果报告.pdf")
    path = tmp_path / "mail.eml"
    path.write_bytes(mail.as_bytes())
    subs = read_submissions(path, "inbox/申报.eml", settings)
    assert [s.file for s in subs] == ["inbox/申报.eml/红色引擎申报表.docx", "inbox/申报.eml/成果报告.pdf"]
    assert [(s.detected, s.extension, s.sha256) for s in subs] == [
        ("docx", "docx", sha(DOCX)),
        ("pdf", "pdf", sha(PDF)),
    ]
    origin = subs[0].origin
    assert origin is not None
    assert origin.container == "inbox/申报.eml"
    assert origin.mail_from == "张三 <zhangsan@example.com>"
    assert origin.mail_subject == "二支部党建品牌申报材料"
    assert origin.mail_date == "2024-05-20T10:30:00+08:00"
    assert all(s.source_path == str(path) for s in subs)


def raw_mail(headers: str, parts: list[bytes], boundary: str = "BOUNDARY") -> bytes:
    """A multipart/mixed mail from hand-written header text and raw parts."""
    body = b"".join(b"--" + boundary.encode() + b"\r\n" + part + b"\r\n" for part in parts)
    return (
        headers.replace("\n", "\r\n").encode()
        + f'\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n'.encode()
        + body
        + b"--"
        + boundary.encode()
        + b"--\r\n"
    )


def b64_part(headers: bytes, data: bytes) -> bytes:
    return (
        headers
        + b"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(data).replace(b"\n", b"\r\n")
    )


TEXT_PART = b'Content-Type: text/plain; charset="utf-8"\r\n\r\nhello'


def names(subs: list) -> list[str]:
    return [s.file.split("/", 1)[1] for s in subs]


def test_nasty_chinese_names_and_headers(settings: IntakeSettings) -> None:
    subject = "关于报送朱镕基班党建品牌材料"  # 镕 is GBK, not GB2312, yet is labelled gb2312
    encoded_subject = base64.b64encode(subject.encode("gbk")).decode()
    sender = base64.b64encode("李四".encode("gb2312")).decode()
    rfc2231 = urllib.parse.quote("成果报告.docx".encode("gb18030"))
    gbk = "红色引擎申报表.docx".encode("gbk")
    split_b = f"=?GBK?B?{base64.b64encode(gbk[:3]).decode()}?= =?GBK?B?{base64.b64encode(gbk[3:]).decode()}?="
    q = "".join(f"={b:02X}" for b in "先锋.pdf".encode("gbk"))
    split_q = f"=?gbk?Q?{q[:9]}?=\r\n =?gbk?Q?{q[9:]}?="  # split inside a character, folded
    data = raw_mail(
        f"From: =?gb2312?B?{sender}?= <lisi@example.cn>\nTo: x@example.cn\n"
        f"Subject: =?gb2312?B?{encoded_subject}?=\nDate: Tue, 21 May 2024 08:00:00 +0000",
        [
            TEXT_PART,
            b64_part(
                f"Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*=gb18030''{rfc2231}".encode(),
                DOCX,
            ),
            b64_part(
                f'Content-Type: application/msword\r\nContent-Disposition: attachment; filename="{split_b}"'.encode(),
                DOCX,
            ),
            b64_part(f'Content-Type: application/pdf; name="{split_q}"'.encode(), PDF),
            b64_part(
                b'Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="\xc9\xea\xb1\xa8.pdf"',
                PDF,
            ),
            b64_part(
                'Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="汇报.pdf"'.encode(),
                PDF,
            ),
        ],
    )
    subs = submissions_from_bytes(data, "m.eml", settings)
    assert names(subs) == ["成果报告.docx", "红色引擎申报表.docx", "先锋.pdf", "申报.pdf", "汇报.pdf"]
    origin = subs[0].origin
    assert origin is not None
    assert origin.mail_subject == subject
    assert origin.mail_from == "李四 <lisi@example.cn>"
    assert origin.mail_date == "2024-05-21T08:00:00+00:00"
    assert [s.detected for s in subs] == ["docx", "docx", "pdf", "pdf", "pdf"]


def test_unnamed_path_and_duplicate_names(settings: IntakeSettings) -> None:
    data = raw_mail(
        "From: a@example.cn\nSubject: test",
        [
            b64_part(b"Content-Type: application/octet-stream\r\nContent-Disposition: attachment", PDF),
            b64_part(
                b'Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="../../x.docx"',
                DOCX,
            ),
            b64_part(
                b'Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="X.docx"',
                DOCX,
            ),
            b64_part(
                b'Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="x.docx"',
                DOCX,
            ),
        ],
    )
    subs = submissions_from_bytes(data, "m.eml", settings)
    assert names(subs) == ["attachment-1.pdf", "x.docx", "X (2).docx", "x (3).docx"]
    assert subs[0].detected == "pdf" and subs[0].extension == "pdf"
    assert any("no name" in n for n in subs[0].notes)
    assert any("path" in n for n in subs[1].notes)
    assert any("duplicate" in n for n in subs[3].notes)


def test_nested_forwarded_mail(settings: IntakeSettings) -> None:
    inner = EmailMessage()
    inner["From"] = "支部书记 <shuji@example.cn>"
    inner["Subject"] = "三支部申报表"
    inner["Date"] = "Wed, 22 May 2024 09:00:00 +0800"
    inner.set_content("见附件")
    inner.add_attachment(DOCX, maintype="application", subtype="octet-stream", filename="三支部申报表.docx")
    outer = EmailMessage()
    outer["From"] = "organiser@example.cn"
    outer["Subject"] = "Fwd: 三支部申报表"
    outer.set_content("转发")
    outer.add_attachment(inner)  # message/rfc822
    outer.add_attachment(PDF, maintype="application", subtype="pdf", filename="附件.pdf")
    subs = submissions_from_bytes(outer.as_bytes(), "fwd.eml", settings)
    assert names(subs) == ["三支部申报表.docx", "附件.pdf"]
    nested, direct = subs
    assert nested.origin is not None and nested.origin.container == "fwd.eml"
    assert nested.origin.mail_from == "支部书记 <shuji@example.cn>"
    assert nested.origin.mail_subject == "三支部申报表"
    assert any("Fwd: 三支部申报表" in n for n in nested.notes)
    assert direct.origin is not None and direct.origin.mail_from == "organiser@example.cn"
    assert nested.sha256 == sha(DOCX)


def test_attached_eml_file_is_unpacked(settings: IntakeSettings) -> None:
    inner = EmailMessage()
    inner["From"] = "a@example.cn"
    inner["Subject"] = "inner"
    inner.add_attachment(PDF, maintype="application", subtype="pdf", filename="r.pdf")
    outer = EmailMessage()
    outer["From"] = "b@example.cn"
    outer["Subject"] = "outer"
    outer.add_attachment(
        inner.as_bytes(), maintype="application", subtype="octet-stream", filename="原邮件.eml"
    )
    [sub] = submissions_from_bytes(outer.as_bytes(), "o.eml", settings)
    assert sub.file == "o.eml/r.pdf" and sub.origin is not None and sub.origin.mail_subject == "inner"


def test_embedded_body_picture_is_not_an_attachment(settings: IntakeSettings) -> None:
    mail = EmailMessage()
    mail["From"] = "a@example.cn"
    mail["Subject"] = "with logo"
    mail.set_content("text")
    mail.add_alternative('<p>hi <img src="cid:logo123@x"></p>', subtype="html")
    html = mail.get_payload()[1]
    html.add_related(
        PNG, maintype="image", subtype="png", cid="<logo123@x>", filename="image001.png", disposition="inline"
    )
    mail.add_attachment(PNG, maintype="image", subtype="png", filename="活动照片.png")
    subs = submissions_from_bytes(mail.as_bytes(), "m.eml", settings)
    assert names(subs) == ["活动照片.png"] and subs[0].detected == "png"


def test_mail_without_attachments(tmp_path: Path, settings: IntakeSettings) -> None:
    mail = EmailMessage()
    mail["From"] = "a@example.cn"
    mail["Subject"] = "忘了附件"
    mail.set_content("正文")
    data = mail.as_bytes()
    path = tmp_path / "x.txt"  # the extension does not matter
    path.write_bytes(data)
    [sub] = read_submissions(path, "x.txt", settings)
    assert (sub.file, sub.detected, sub.sha256, sub.extension) == (
        "x.txt",
        "eml_no_attachments",
        sha(data),
        "txt",
    )
    assert sub.origin is not None and sub.origin.mail_subject == "忘了附件" and sub.origin.container is None


def test_oversize_attachment_keeps_the_others(settings: IntakeSettings) -> None:
    big = b"%PDF-1.7\n" + random.Random(3000).randbytes(3000)
    mail = EmailMessage()
    mail["From"] = "a@example.cn"
    mail["Subject"] = "big"
    mail.add_attachment(big, maintype="application", subtype="pdf", filename="big.pdf")
    mail.add_attachment(PNG, maintype="image", subtype="png", filename="small.png")
    small_limit = settings.model_copy(update={"max_file_mb": 0.002})  # 2097 bytes
    large, small = submissions_from_bytes(mail.as_bytes(), "m.eml", small_limit)
    assert (large.detected, large.data, large.size, large.sha256) == ("too_large", b"", len(big), sha(big))
    assert any("too large" in n for n in large.notes)
    assert (small.detected, small.data) == ("png", PNG)


def test_mail_parser_falls_back_then_gives_up(
    monkeypatch: pytest.MonkeyPatch, settings: IntakeSettings
) -> None:
    mail = EmailMessage()
    mail["From"] = "a@example.cn"
    mail["Subject"] = "s"
    mail.add_attachment(PDF, maintype="application", subtype="pdf", filename="r.pdf")
    data = mail.as_bytes()
    real = ingest.email.message_from_bytes

    def strict_fails(raw: bytes, policy: object) -> object:
        if policy is ingest.email.policy.default:
            raise ValueError("strict parse failed")
        return real(raw, policy=policy)

    monkeypatch.setattr(ingest.email, "message_from_bytes", strict_fails)
    assert names(submissions_from_bytes(data, "m.eml", settings)) == ["r.pdf"]

    def always_fails(raw: bytes, policy: object) -> object:
        raise ValueError("boom")

    monkeypatch.setattr(ingest.email, "message_from_bytes", always_fails)
    with pytest.raises(BadInput) as caught:
        submissions_from_bytes(data, "m.eml", settings)
    assert caught.value.code == "bad_mail" and "邮件" in caught.value.zh


def test_raw_eight_bit_headers_mbox_line_and_continuations(settings: IntakeSettings) -> None:
    data = (
        b"From MAILER-DAEMON Mon May 20 10:00:00 2024\r\n"
        + "From: 王五 <wangwu@example.cn>\r\n".encode("gb18030")
        + "Subject: 申报材料（二支部）\r\n".encode()
        + b"Date: 2024\xc4\xea5\xd4\xc220\xc8\xd5\r\n"  # unparseable (GB18030 '2024年5月20日'): kept as written
        + b"MIME-Version: 1.0\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        + b"Content-Disposition: attachment;\r\n filename*0*=utf-8''%E6%88%90%E6%9E%9C;\r\n filename*1*=%E6%8A%A5%E5%91%8A.pdf\r\n\r\n"
        + base64.encodebytes(PDF)
    )
    assert sniff(data) == "eml"
    [sub] = submissions_from_bytes(data, "m.eml", settings)
    assert (sub.file, sub.detected) == ("m.eml/成果报告.pdf", "pdf")
    assert sub.origin is not None
    assert (sub.origin.mail_from, sub.origin.mail_subject) == (
        "王五 <wangwu@example.cn>",
        "申报材料（二支部）",
    )
    assert sub.origin.mail_date == "2024年5月20日"


def test_an_outlook_msg_without_a_message_inside_is_a_bad_mail(settings: IntakeSettings) -> None:
    data = ole_bytes("__properties_version1.0")  # the stream names of a .msg, none of its properties
    assert sniff(data) == "msg"
    with pytest.raises(BadInput) as err:
        submissions_from_bytes(data, "x.msg", settings)
    assert err.value.code == "bad_mail"


def test_list_inbox_missing_root_raises(tmp_path: Path, settings: IntakeSettings) -> None:
    with pytest.raises(OSError):
        list_inbox(tmp_path / "nope", settings)


def test_damaged_inputs_never_crash(settings: IntakeSettings) -> None:
    """Truncated and bit-flipped documents and mails: sniff always answers; intake answers or says BadInput."""
    mail = EmailMessage()
    mail["From"] = "=?gb2312?B?wO7LxA==?= <a@example.cn>"
    mail["Subject"] = "材料"
    mail.add_attachment(DOCX, maintype="application", subtype="octet-stream", filename="申报表.docx")
    rng = random.Random(7)
    for original in (
        DOCX,
        ole_bytes("WordDocument", random.Random(1024).randbytes(1024)),
        mail.as_bytes(),
        PDF,
    ):
        for _ in range(60):
            data = bytearray(original[: rng.randrange(1, len(original) + 1)])
            for _ in range(rng.randrange(0, 4)):
                if data:
                    data[rng.randrange(len(data))] = rng.randrange(256)
            assert isinstance(sniff(bytes(data)), str)
            try:
                subs = submissions_from_bytes(bytes(data), "x.eml", settings)
            except BadInput as exc:
                assert exc.code == "bad_mail"
            else:
                assert subs and all(s.sha256 == sha(s.data) for s in subs if s.detected != "too_large")
