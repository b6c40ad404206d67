"""What a file really is, judged from its bytes alone.

Owns `sniff` (content type from magic bytes, zip central-directory names, OLE directory names, mail
headers and text decoding). It must not trust file names, must not decompress or
extract anything, and must never raise: anything it cannot place is 'unknown'.

Types returned (the Literal records.SniffedFormat): 'empty', 'docx', 'xlsx', 'pptx', 'odt', 'ofd', 'zip',
'7z', 'rar', 'pdf', 'doc' (also .wps: the extension tells them apart), 'encrypted_ooxml', 'msg' (Outlook),
'ole', 'rtf', 'eml', 'mht' (a saved web page), 'jpeg', 'png', 'gif', 'tiff', 'bmp', 'webp', 'heic', 'html',
'xml', 'text', 'unknown'.
"""

from __future__ import annotations

import codecs
import io
import re
import struct
import zipfile

from pipeline.model.records import SniffedFormat

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_7Z_MAGIC = b"7z\xbc\xaf\x27\x1c"
_RAR_MAGICS = (b"Rar!\x1a\x07\x00", b"Rar!\x1a\x07\x01\x00")  # RAR 1.5-4.x, RAR 5
_BLANK = re.compile(rb"(?:\xef\xbb\xbf|\xff\xfe|\xfe\xff)?[ \t\r\n\x0b\x0c\x00]*")
_LEADING_SPACE = b" \t\r\n\x0b\x0c\x00"
_SAMPLE = 64 * 1024  # bytes looked at for text-like checks

_MAIL_HEADERS = frozenset(
    {b"from", b"to", b"subject", b"date", b"mime-version", b"received", b"return-path", b"message-id"}
)
_HEADER_LINE = re.compile(rb"([!-9;-~]+):")  # RFC 5322 field name: printable ASCII except ':'

_ENCRYPTED_STREAM = "EncryptedPackage"
_WORD_STREAM = "WordDocument"


# What zipfile raises on a damaged central directory (BadZipFile mostly; NotImplementedError for an unknown zip
# version; UnicodeDecodeError, a ValueError, for a name flagged UTF-8 that is not).
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError, EOFError)


def sniff(data: bytes) -> SniffedFormat:
    """The real type of `data` (see the module docstring for the names); never raises."""
    try:
        return _sniff(data)
    except Exception:  # noqa: BLE001 - sniff never raises (its contract): a raise would take the whole batch down
        return "unknown"


def _sniff(data: bytes) -> SniffedFormat:
    if _BLANK.fullmatch(data):
        return "empty"
    if data.startswith(_ZIP_MAGICS):
        return _zip_kind(data)
    if data.startswith(_OLE_MAGIC):
        return _ole_kind(data)
    head = data[:16]
    if head.startswith(_7Z_MAGIC):
        return "7z"
    if head.startswith(_RAR_MAGICS):
        return "rar"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1"):
        return "heic"
    if _is_bmp(data):
        return "bmp"
    stripped = data[:1024].lstrip(_LEADING_SPACE)
    if stripped.startswith(b"\xef\xbb\xbf"):
        stripped = stripped[3:].lstrip(_LEADING_SPACE)
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    mail = _mail_kind(data)
    if mail:
        return mail
    if b"%PDF-" in data[:1024]:
        return "pdf"
    return _text_kind(data)


# --- zip ------------------------------------------------------------------------------------------------


def _zip_kind(data: bytes) -> SniffedFormat:
    """Classify a zip by its central-directory names; only the directory is read, nothing inflated."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = {n.lower() for n in archive.namelist()}
    except _ZIP_ERRORS:  # truncated or damaged: the reader will say so
        return "zip"
    if any(re.fullmatch(r"word/document\d*\.xml", n) for n in names):
        return "docx"
    if any(re.fullmatch(r"xl/workbook\d*\.xml", n) for n in names):
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    if "ofd.xml" in names:
        return "ofd"  # the Chinese national fixed-layout format
    # ODF stores its 'mimetype' member first and uncompressed, so its value sits right after the name.
    if data[30:38] == b"mimetype" and data[38:].startswith(b"application/vnd.oasis.opendocument.text"):
        return "odt"
    return "zip"


# --- OLE compound files -----------------------------------------------------------------------------------


def _ole_kind(data: bytes) -> SniffedFormat:
    try:
        parsed = _ole_stream_names(data)
    except (ValueError, struct.error):
        parsed = None
    if parsed is not None:
        names = {n.casefold() for n in parsed}
        if _ENCRYPTED_STREAM.casefold() in names:
            return "encrypted_ooxml"
        if _WORD_STREAM.casefold() in names:
            return "doc"
        if "__properties_version1.0" in names or any(n.startswith("__substg1.0_") for n in names):
            return "msg"  # an Outlook mail saved as .msg
        return "ole"
    # Directory unreadable (truncated, damaged): look for the names anywhere.
    if _ENCRYPTED_STREAM.encode("utf-16-le") in data:
        return "encrypted_ooxml"
    if _WORD_STREAM.encode("utf-16-le") in data:
        return "doc"
    if "__substg1.0_".encode("utf-16-le") in data or "__properties_version1.0".encode("utf-16-le") in data:
        return "msg"  # a damaged .msg: the reader will say so
    return "ole"


def _ole_stream_names(data: bytes) -> list[str] | None:
    """Names in the compound-file directory; None (or ValueError) if it cannot be walked to its end."""
    if len(data) < 512:
        return None
    shift = int(struct.unpack_from("<H", data, 30)[0])
    if shift not in (9, 12):
        return None
    size = 1 << shift
    per_sector = size // 4
    first_dir = int(struct.unpack_from("<I", data, 48)[0])
    first_difat, difat_count = (int(v) for v in struct.unpack_from("<II", data, 68))
    fat_sectors = [s for s in struct.unpack_from("<109I", data, 76) if s < 0xFFFFFFFA]
    limit = len(data) // size + 1

    def offset(sector: int) -> int:
        start = (sector + 1) * size
        if start + size > len(data):
            raise ValueError("sector beyond end of file")
        return start

    sector, steps = first_difat, 0
    while sector < 0xFFFFFFFA and steps < min(difat_count, limit):
        start = offset(sector)
        entries = struct.unpack_from(f"<{per_sector}I", data, start)
        fat_sectors.extend(s for s in entries[:-1] if s < 0xFFFFFFFA)
        sector, steps = entries[-1], steps + 1

    def next_sector(current: int) -> int:
        index, slot = divmod(current, per_sector)
        if index >= len(fat_sectors):
            raise ValueError("FAT too short")
        return int(struct.unpack_from("<I", data, offset(fat_sectors[index]) + 4 * slot)[0])

    names: list[str] = []
    sector, seen = first_dir, set[int]()
    while sector != 0xFFFFFFFE:  # ENDOFCHAIN
        if sector >= 0xFFFFFFFA or sector in seen or len(seen) > limit:
            return None
        seen.add(sector)
        start = offset(sector)
        for entry in range(start, start + size, 128):
            length, kind = struct.unpack_from("<HB", data, entry + 64)
            if kind in (1, 2) and 2 <= length <= 64:  # storage or stream
                names.append(data[entry : entry + length - 2].decode("utf-16-le", "replace"))
        sector = next_sector(sector)
    return names


# --- mail, images, text ---------------------------------------------------------------------------------


def _is_bmp(data: bytes) -> bool:
    if not data.startswith(b"BM") or len(data) < 26:
        return False
    reserved = data[6:10]
    header_size = struct.unpack_from("<I", data, 14)[0]
    return reserved == b"\x00\x00\x00\x00" and header_size in (12, 16, 40, 52, 56, 64, 108, 124)


def _mail_kind(data: bytes) -> SniffedFormat | None:
    """'eml' when the file opens with a block of RFC 822 headers (two or more, one a usual mail header);
    'mht' when that block is a web page archive (multipart/related with no sender)."""
    sample = data[:_SAMPLE]
    lines = sample.split(b"\n")
    if len(data) > _SAMPLE:
        lines = lines[:-1]  # may be cut in the middle
    if lines and lines[0].startswith(b"\xef\xbb\xbf"):
        lines[0] = lines[0][3:]
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and lines[0].startswith(b"From "):  # mbox separator line
        lines.pop(0)
    fields: dict[bytes, bytes] = {}
    count, last = 0, b""
    for raw in lines:
        line = raw.rstrip(b"\r")
        if not line:
            break
        if line[:1] in (b" ", b"\t"):
            if not count:
                return None
            fields[last] = fields.get(last, b"") + line
            continue
        match = _HEADER_LINE.match(line)
        if not match:
            return None
        last = match.group(1).lower()
        count += 1
        fields.setdefault(last, line[match.end() :])
    if count < 2 or not _MAIL_HEADERS.intersection(fields):
        return None
    content_type = fields.get(b"content-type", b"").strip().lower()
    sender = fields.get(b"from", b"")
    if content_type.startswith(b"multipart/related") and (
        not sender.strip() or b"saved by" in sender.lower()
    ):
        return "mht"
    return "eml"


def _decode_sample(data: bytes) -> str | None:
    sample = data[:_SAMPLE]
    final = len(data) <= _SAMPLE
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    elif sample.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    else:
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            return codecs.getincrementaldecoder(encoding)("strict").decode(sample, final=final)
        except UnicodeDecodeError:
            continue
    return None


def _text_kind(data: bytes) -> SniffedFormat:
    text = _decode_sample(data)
    if text is None:
        return "unknown"
    opening = text[:1024].lstrip().lower()
    if opening.startswith(("<!doctype html", "<html")) or re.search(r"<(html|head|body)[\s>]", opening):
        return "html"
    if opening.startswith("<?xml"):
        return "xml"
    controls = sum(1 for c in text if (ord(c) < 32 and c not in "\t\n\r\f\v") or c == "\x7f")
    if controls <= max(1, len(text) // 100):
        return "text"
    return "unknown"
