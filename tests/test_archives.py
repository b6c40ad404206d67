"""Archives as submissions (.zip with GBK names as Windows writes them, .7z, .rar): members, names, limits,
and the zip directory of a .docx checked member by member, read or not."""

from __future__ import annotations

import functools
import io
import json
import os
import random
import shutil
import struct
import subprocess
import time
import zipfile
import zlib
from email.message import EmailMessage

import py7zr
import pytest
from PIL import Image

from extractors.docx.reader import read_docx
from pipeline.ingest import submissions_from_bytes
from pipeline.model.config import IntakeSettings, load_config
from pipeline.model.errors import BadInput
from pipeline.sniff import sniff

APPLICATION = "信息学院第一学生党支部-一支部一品牌创建申报表.docx"
REPORT = "信息学院第一学生党支部-成果报告.docx"


@pytest.fixture()
def settings() -> IntakeSettings:
    return load_config().intake


class _GbkInfo(zipfile.ZipInfo):
    """A member named the way Windows' built-in zip ('Send to → Compressed folder') names it: CP936 bytes,
    general-purpose flag bit 11 (UTF-8) off."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:  # noqa: N802 - zipfile's own hook
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def zip_bytes(members: dict[str, bytes], gbk: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = _GbkInfo(name) if gbk else zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def seven_zip(members: dict[str, bytes], password: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with py7zr.SevenZipFile(buffer, "w", password=password) as archive:
        if password:
            archive.set_encrypted_header(True)
        for name, data in members.items():
            archive.writestr(data, name)
    return buffer.getvalue()


def _rar_block(kind: int, flags: int, body: bytes) -> bytes:
    head = struct.pack("<BHH", kind, flags, 7 + len(body)) + body
    return struct.pack("<H", zlib.crc32(head) & 0xFFFF) + head


def rar4(members: dict[str, bytes]) -> bytes:
    """A real RAR 4 archive with stored (uncompressed) members and UTF-8 names (the RAR unicode flag): no
    free tool writes RAR, and the format of stored members is public (technote.txt of RAR 4)."""
    out = b"Rar!\x1a\x07\x00" + _rar_block(0x73, 0, b"\x00" * 6)
    for name, data in members.items():
        raw = name.replace("/", "\\").encode("utf-8")
        body = struct.pack("<IIBIIBBHI", len(data), len(data), 2, zlib.crc32(data), 0x58210000, 20, 0x30,
                           len(raw), 0x20) + raw  # fmt: skip
        out += _rar_block(0x74, 0x8000 | 0x0200, body) + data
    return out + _rar_block(0x7B, 0x4000, b"")


@functools.cache
def photo(seed: int) -> bytes:
    image = Image.frombytes("RGB", (320, 240), random.Random(seed).randbytes(320 * 240 * 3))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def files(subs: list) -> list[str]:
    return [s.file for s in subs]


# --- members and names -----------------------------------------------------------------------------------


def test_sniffs_7z_and_rar_by_magic():
    assert sniff(seven_zip({"a.txt": b"x"})) == "7z"
    assert sniff(rar4({"a.txt": b"x"})) == "rar"
    assert sniff(b"Rar!\x1a\x07\x01\x00" + b"\x00" * 20) == "rar"  # RAR 5


def test_zip_members_keep_their_folders_and_junk_is_skipped(settings):
    data = zip_bytes({"学院/": b"", "学院/支部/申报表.docx": b"PK-not-really", "学院/支部/照片1.jpg": photo(1),
                      "__MACOSX/学院/._申报表.docx": b"x", "学院/.DS_Store": b"x", "学院/Thumbs.db": b"x",
                      "学院/支部/~$申报表.docx": b"lock"})  # fmt: skip
    subs = submissions_from_bytes(data, "材料.zip", settings, source_path="/inbox/材料.zip")
    assert files(subs) == ["材料.zip/学院/支部/申报表.docx", "材料.zip/学院/支部/照片1.jpg"]
    assert [s.detected for s in subs] == ["text", "jpeg"]
    assert {s.origin.container for s in subs} == {"材料.zip"}
    assert {s.source_path for s in subs} == {"/inbox/材料.zip"}
    assert subs[1].data == photo(1) and subs[1].extension == "jpg" and not subs[1].notes


def test_gbk_names_as_windows_writes_them_are_decoded_and_noted(settings):
    data = zip_bytes({"信息学院/申报表.docx": b"a", "成果报告.docx": b"b"}, gbk=True)
    with zipfile.ZipFile(io.BytesIO(data)) as raw:  # really written without the UTF-8 flag, in CP936
        assert all(not info.flag_bits & 0x800 for info in raw.infolist())
        assert raw.infolist()[0].filename.encode("cp437") == "信息学院/申报表.docx".encode("gbk")
    subs = submissions_from_bytes(data, "x.zip", settings)
    assert files(subs) == ["x.zip/信息学院/申报表.docx", "x.zip/成果报告.docx"]
    assert all(any("GBK" in note for note in s.notes) for s in subs)
    utf8 = submissions_from_bytes(zip_bytes({"信息学院/申报表.docx": b"a"}), "y.zip", settings)
    assert files(utf8) == ["y.zip/信息学院/申报表.docx"] and utf8[0].notes == []


def test_a_name_neither_utf8_nor_gbk_falls_back_to_cp437(settings):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("AAAA.txt", b"x")
    data = buffer.getvalue().replace(b"AAAA", b"\x80\xff\x80\xff")  # local header and directory alike
    (sub,) = submissions_from_bytes(data, "x.zip", settings)
    assert sub.file == "x.zip/" + b"\x80\xff\x80\xff".decode("cp437") + ".txt"
    assert any("cp437" in note for note in sub.notes)


def test_hostile_member_names_are_cleaned(settings):
    long_name = "长" * 300 + ".docx"
    data = zip_bytes({"/etc/passwd": b"1", "../../evil.docx": b"2", "C:\\Windows\\win.ini": b"3",
                      "aXbYc.docx": b"4", long_name: b"5", "dup/x.txt": b"6", "dup\\x.txt": b"7"})
    data = data.replace(b"aXbYc", b"a\x00b\x01c")  # zipfile will not write a NUL in a name: patch it in
    subs = submissions_from_bytes(data, "x.zip", settings)
    names = files(subs)
    assert names[:3] == ["x.zip/etc/passwd", "x.zip/evil.docx", "x.zip/Windows/win.ini"]
    assert names[3] == "x.zip/abc.docx"
    assert names[4].endswith(".docx") and len(names[4]) < 140
    assert names[5:] == ["x.zip/dup/x.txt", "x.zip/dup/x (2).txt"]
    assert all(".." not in n and "\\" not in n and "\x00" not in n for n in names)
    assert all(s.notes for s in subs[:5] + subs[6:])


# --- limits ----------------------------------------------------------------------------------------------


def test_too_many_members_too_much_in_total_and_a_high_ratio_are_refused_unread(settings):
    with pytest.raises(BadInput) as many:
        submissions_from_bytes(zip_bytes({f"{i}.txt": b"x" for i in range(30)}), "x.zip",
                               settings.model_copy(update={"max_members": 20}))
    assert many.value.code == "archive_bomb" and "30" in many.value.en
    big = {f"{i}.bin": os.urandom(700_000) for i in range(3)}
    with pytest.raises(BadInput) as total:
        submissions_from_bytes(zip_bytes(big), "x.zip", settings.model_copy(update={"max_archive_total_mb": 1.5}))
    assert total.value.code == "archive_bomb" and "MB" in total.value.en
    with pytest.raises(BadInput) as ratio:
        submissions_from_bytes(zip_bytes({"a.docx": b"x", "zeros.bmp": bytes(30 << 20)}), "x.zip", settings)
    assert ratio.value.code == "archive_bomb" and "zeros.bmp" in ratio.value.en


def test_a_member_over_the_file_limit_is_too_large_and_the_others_stay(settings):
    data = zip_bytes({"a.jpg": photo(2), "huge.bin": os.urandom(1_500_000), "b.jpg": photo(3)})
    subs = submissions_from_bytes(data, "x.zip", settings.model_copy(update={"max_file_mb": 1}))
    assert [(s.file, s.detected) for s in subs] == [("x.zip/a.jpg", "jpeg"), ("x.zip/huge.bin", "too_large"),
                                                    ("x.zip/b.jpg", "jpeg")]  # fmt: skip
    assert subs[1].data == b"" and subs[1].size == 0 and "1.4 MB" in subs[1].notes[-1]


def test_a_lying_header_is_caught_while_reading(settings):
    payload = os.urandom(300_000)
    data = bytearray(zip_bytes({"a.bin": payload}))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # uncompressed size fields
        at = data.find(signature)
        struct.pack_into("<I", data, at + offset, 1000)
    with pytest.raises(BadInput) as caught:
        submissions_from_bytes(bytes(data), "x.zip", settings)
    assert caught.value.code in ("bad_archive", "archive_bomb")


def test_encrypted_and_damaged_archives(settings):
    data = bytearray(zip_bytes({"a.docx": b"secret"}))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # general-purpose flag: bit 0 encrypted
        data[data.find(signature) + offset] |= 1
    with pytest.raises(BadInput) as zipped:
        submissions_from_bytes(bytes(data), "x.zip", settings)
    assert zipped.value.code == "encrypted"
    with pytest.raises(BadInput) as seven:
        submissions_from_bytes(seven_zip({"a.docx": b"secret"}, password="pw"), "x.7z", settings)
    assert seven.value.code == "encrypted"
    good = seven_zip({"a.docx": os.urandom(5000)})
    with pytest.raises(BadInput) as cut:
        submissions_from_bytes(good[: len(good) // 2], "x.7z", settings)
    assert cut.value.code == "bad_archive" and "7z" in cut.value.zh
    with pytest.raises(BadInput) as rar:
        submissions_from_bytes(b"Rar!\x1a\x07\x00" + os.urandom(200), "x.rar", settings)
    assert rar.value.code == "bad_archive"
    with pytest.raises(BadInput) as empty:
        submissions_from_bytes(zip_bytes({"a/": b"", "__MACOSX/._a": b"x"}), "x.zip", settings)
    assert empty.value.code == "bad_archive"
    # a zip whose directory is gone may be a damaged .docx: it stays one submission for the docx reader
    whole = zip_bytes({"a.docx": os.urandom(5000)})
    (sub,) = submissions_from_bytes(whole[:-30], "申报表.docx", settings)
    assert (sub.file, sub.detected) == ("申报表.docx", "zip")
    with pytest.raises(BadInput) as named_zip:  # named .zip it is a damaged archive
        submissions_from_bytes(whole[:-30], "材料.zip", settings)
    assert named_zip.value.code == "bad_archive" and "ZIP" in named_zip.value.zh
    subs = submissions_from_bytes(zip_bytes({"a.txt": b"a", "inner.zip": whole[:-30]}), "x.zip", settings)
    assert files(subs) == ["x.zip/a.txt", "x.zip/inner.zip"] and "内层压缩包无法解压" in subs[1].notes[-1]


def hostile_7z(members: dict[str, bytes], renames: dict[str, str]) -> bytes:
    """A 7z whose names py7zr would refuse to write: written with placeholders in a plain (unencoded) header,
    then renamed in place and the header CRCs set again."""
    buffer = io.BytesIO()
    with py7zr.SevenZipFile(buffer, "w") as archive:
        archive.set_encoded_header_mode(False)
        for name, data in members.items():
            archive.writestr(data, name)
    data = bytearray(buffer.getvalue())
    for old, new in renames.items():
        data = data.replace(old.encode("utf-16-le"), new.encode("utf-16-le"))
    offset, size = struct.unpack_from("<QQ", data, 12)
    struct.pack_into("<I", data, 28, zlib.crc32(data[32 + offset : 32 + offset + size]))
    struct.pack_into("<I", data, 8, zlib.crc32(data[12:32]))
    return bytes(data)


def test_a_7z_with_unsafe_paths_is_refused_by_name(settings):
    data = hostile_7z({"QQ_QQ_evil.txt": b"a", "ok.txt": b"b"}, {"QQ_QQ_evil.txt": "../../evil.txt"})
    with pytest.raises(BadInput) as refused:
        submissions_from_bytes(data, "x.7z", settings)
    assert refused.value.code == "bad_archive" and "不安全的文件路径" in refused.value.zh


# --- nesting, mail, 7z, rar ------------------------------------------------------------------------------


def test_nested_archives_are_unpacked_to_the_configured_depth(settings):
    inner = zip_bytes({"c.txt": b"c"})
    middle = zip_bytes({"b.txt": b"b", "inner.zip": inner})
    outer = zip_bytes({"a.txt": b"a", "支部/middle.zip": middle, "s.7z": seven_zip({"d.txt": b"d"})})
    subs = submissions_from_bytes(outer, "x.zip", settings)  # default depth 2: the innermost stays a zip
    assert files(subs) == ["x.zip/a.txt", "x.zip/支部/middle.zip/b.txt", "x.zip/支部/middle.zip/inner.zip",
                           "x.zip/s.7z/d.txt"]  # fmt: skip
    assert subs[2].detected == "zip" and "2" in subs[2].notes[-1]
    assert {s.origin.container for s in subs} == {"x.zip"}
    deeper = submissions_from_bytes(outer, "x.zip", settings.model_copy(update={"max_archive_depth": 3}))
    assert "x.zip/支部/middle.zip/inner.zip/c.txt" in files(deeper)


def test_a_mail_inside_an_archive_gives_its_attachments(settings):
    mail = EmailMessage()
    mail["From"], mail["Subject"] = "支部 <a@example.cn>", "申报材料"
    mail.set_content("见附件")
    mail.add_attachment(b"%PDF-1.7\n%%EOF\n", maintype="application", subtype="pdf", filename="申报表.pdf")
    subs = submissions_from_bytes(zip_bytes({"邮件/材料.eml": mail.as_bytes()}), "x.zip", settings)
    assert files(subs) == ["x.zip/邮件/材料.eml/申报表.pdf"]
    assert subs[0].origin.container == "x.zip" and subs[0].origin.mail_subject == "申报材料"


def test_7z_members_with_chinese_folders(settings):
    subs = submissions_from_bytes(seven_zip({"学院/支部/照片.jpg": photo(4), "说明.txt": "文字".encode()}), "材料.7z",
                                  settings)  # fmt: skip
    assert sorted(files(subs)) == ["材料.7z/学院/支部/照片.jpg", "材料.7z/说明.txt"]
    assert {s.file: s.data for s in subs}["材料.7z/学院/支部/照片.jpg"] == photo(4)
    with pytest.raises(BadInput) as bomb:  # a solid block has no per-member size: the whole archive's ratio
        submissions_from_bytes(seven_zip({"a.txt": b"a", "zeros.bin": bytes(20 << 20)}), "x.7z", settings)
    assert bomb.value.code == "archive_bomb"


def test_rar_members_are_read(settings, tmp_path):
    data = rar4({"学院/支部/申报表.pdf": b"%PDF-1.7\n%%EOF\n", "照片.jpg": photo(5)})
    if shutil.which("bsdtar") or os.environ.get("CI"):  # the archive is a real RAR: libarchive agrees
        (tmp_path / "x.rar").write_bytes(data)
        listed = subprocess.run(["bsdtar", "-tf", str(tmp_path / "x.rar")], capture_output=True, text=True,
                                check=True, env={**os.environ, "LC_ALL": "C.UTF-8"}).stdout.split()
        assert listed == ["学院/支部/申报表.pdf", "照片.jpg"]
    subs = submissions_from_bytes(data, "材料.rar", settings)
    assert [(s.file, s.detected) for s in subs] == [("材料.rar/学院/支部/申报表.pdf", "pdf"), ("材料.rar/照片.jpg", "jpeg")]
    assert subs[1].data == photo(5)
    if shutil.which("bsdtar") or os.environ.get("CI"):  # compressed members go through it (no free RAR writer
        import rarfile  # exists to make one here: stored members are read by rarfile itself)

        rarfile.tool_setup(unrar=False, unar=False, bsdtar=True, sevenzip=False, sevenzip2=False, force=True)
        rarfile.tool_setup(force=True)


# --- the zip directory of a .docx ------------------------------------------------------------------------


def test_a_docx_with_an_unread_member_inflating_to_1_gib_is_refused_from_its_directory(
        samples_dir, settings, tmp_path):  # fmt: skip
    path = tmp_path / "bomb.docx"
    shutil.copy(samples_dir / APPLICATION, path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as package, package.open("word/media/big.png", "w",
                                                                                   force_zip64=True) as member:
        chunk = bytes(16 << 20)
        for _ in range(64):  # 1 GiB of zeros, streamed
            member.write(chunk)
    data = path.read_bytes()
    assert len(data) < 2 << 20  # ~1000:1
    read_docx((samples_dir / APPLICATION).read_bytes(), settings)  # the same document without it reads
    started = time.monotonic()
    with pytest.raises(BadInput) as refused:
        read_docx(data, settings)
    assert refused.value.code == "too_large" and "word/media/big.png" in refused.value.en
    assert time.monotonic() - started < 1.0  # from the directory: the member is never inflated


# --- through the real intake ------------------------------------------------------------------------------


def test_a_pass_over_archives_records_every_member(samples_dir, manifest, tmp_path):
    """A Windows zip (GBK names) with a branch's application, report and three photos, a 7z, a rar and a bomb,
    through run_pass: one record per member under the archive's name, the archive kept, the bomb refused."""
    from pipeline.run import run_pass
    from pipeline.store import Store
    from pipeline.workspace import Workspace

    docs = {APPLICATION: "application", REPORT: "outcome_report"}
    assert all(manifest["files"][name]["doc_type"] == kind for name, kind in docs.items())
    folder = "信息学院/第一学生党支部"
    windows = {f"{folder}/申报表.docx": (samples_dir / APPLICATION).read_bytes(),
               f"{folder}/成果报告.docx": (samples_dir / REPORT).read_bytes(),
               **{f"{folder}/照片/活动照片{i}.jpg": photo(10 + i) for i in range(1, 4)}}  # fmt: skip
    inbox = tmp_path / "inbox"
    (inbox / "收件").mkdir(parents=True)
    (inbox / "收件" / "信息学院材料.zip").write_bytes(zip_bytes(windows, gbk=True))
    (inbox / "材料.7z").write_bytes(seven_zip({"报告.docx": (samples_dir / REPORT).read_bytes()}))
    (inbox / "材料.rar").write_bytes(rar4({"申报/申报表.docx": (samples_dir / APPLICATION).read_bytes()}))
    (inbox / "炸弹.zip").write_bytes(zip_bytes({"a.docx": b"x", "zeros.bin": bytes(50 << 20)}))
    home = tmp_path / "home"
    ws = Workspace.open(home, inbox=inbox)
    run_pass(ws)
    export = [json.loads(line) for line in (home / "reports" / "export.jsonl").read_text("utf-8").splitlines()]
    by_file = {r["file"]: r for r in export}
    store = Store(ws.db_url)
    stored = {r.file: r for r in store.records()}
    notes = {file: r.notes for file, r in stored.items()}
    store.close()
    zipped = "收件/信息学院材料.zip"
    assert by_file[f"{zipped}/{folder}/申报表.docx"]["doc_type"] == "application"
    assert by_file[f"{zipped}/{folder}/成果报告.docx"]["doc_type"] == "outcome_report"
    for i in range(1, 4):
        assert f"{zipped}/{folder}/照片/活动照片{i}.jpg" in by_file
    assert all(any("GBK" in n for n in notes[f]) for f in by_file if f.startswith(zipped))
    assert by_file["材料.7z/报告.docx"]["doc_type"] == "outcome_report"
    assert by_file["材料.rar/申报/申报表.docx"]["doc_type"] == "application"
    bomb = stored["炸弹.zip"]
    assert (bomb.status, bomb.error_code) == ("rejected", "archive_bomb") and "zeros.bin" in (bomb.error or "")
    # the same bytes in the zip, the 7z and the rar: one extraction, the later ones duplicates of the first
    assert by_file["材料.rar/申报/申报表.docx"]["sha256"] == by_file[f"{zipped}/{folder}/申报表.docx"]["sha256"]
    assert len(export) == 8  # 5 + 1 + 1 members, and the bomb
    archived = {p.relative_to(home).as_posix() for p in home.glob("archive/*/**/*") if p.is_file()}
    assert any(p.endswith("收件/信息学院材料.zip") for p in archived)
    assert any(p.endswith("申报表.docx") and "信息学院材料.zip.files/" in p for p in archived)
    assert any(p.endswith("炸弹.zip") for p in (q.as_posix() for q in home.glob("quarantine/*/*")))
