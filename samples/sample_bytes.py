"""Byte-level builders for samples/make_samples.py: PNG images, PDFs, saved e-mails, zip normalisation, bad files.

Owns deterministic byte production only (stdlib: zlib, struct, zipfile, base64). No python-docx here, no
knowledge of the manifest. Every function returns the same bytes for the same arguments.
"""

from __future__ import annotations

import base64
import io
import random
import re
import struct
import zipfile
import zlib
from urllib.parse import quote_from_bytes

FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)


# ---------------------------------------------------------------- PNG


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_from_rows(width: int, height: int, rows: list[bytes]) -> bytes:
    raw = b"".join(b"\x00" + r for r in rows)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )


def photo_png(seed: int, width: int = 320, height: int = 240) -> bytes:
    """A small 'photo': sky gradient, ground, a red banner and a few figures; distinct per seed."""
    rng = random.Random(seed)
    sky = (rng.randrange(90, 160), rng.randrange(140, 200), rng.randrange(200, 255))
    ground = (rng.randrange(90, 170), rng.randrange(80, 140), rng.randrange(50, 110))
    horizon = rng.randrange(height // 2, height * 3 // 4)
    rects = []
    banner_y = rng.randrange(20, 60)
    rects.append((rng.randrange(20, 80), banner_y, rng.randrange(180, 280), banner_y + 28, (200, 30, 30)))
    for _ in range(rng.randrange(5, 10)):
        x = rng.randrange(0, width - 30)
        w = rng.randrange(10, 26)
        h = rng.randrange(40, 90)
        color = (rng.randrange(20, 230), rng.randrange(20, 230), rng.randrange(20, 230))
        rects.append((x, horizon - h // 2, x + w, min(height, horizon + h // 2), color))
    rows = []
    for y in range(height):
        if y < horizon:
            t = y / horizon
            c = tuple(int(v * (1 - 0.35 * t)) for v in sky)
        else:
            t = (y - horizon) / max(1, height - horizon)
            c = tuple(min(255, int(v * (0.8 + 0.4 * t))) for v in ground)
        row = bytearray(bytes(c) * width)
        for x0, y0, x1, y1, col in rects:
            if y0 <= y < y1:
                row[x0 * 3 : x1 * 3] = bytes(col) * (x1 - x0)
        rows.append(bytes(row))
    return png_from_rows(width, height, rows)


def logo_png(size: int = 64) -> bytes:
    """A party-emblem-like logo: red field, yellow ring and bar."""
    rows = []
    c = size / 2
    for y in range(size):
        row = bytearray()
        for x in range(size):
            d2 = (x - c + 0.5) ** 2 + (y - c + 0.5) ** 2
            if (size * 0.28) ** 2 < d2 < (size * 0.40) ** 2 or (abs(x - y) < 4 and 12 < x < size - 12):
                row += bytes((255, 215, 0))
            else:
                row += bytes((200, 16, 46))
        rows.append(bytes(row))
    return png_from_rows(size, size, rows)


# ---------------------------------------------------------------- zip normalisation


def normalize_zip(data: bytes, drop: tuple[str, ...] = ("docProps/thumbnail.jpeg",)) -> bytes:
    """Rewrite a docx with fixed entry dates (python-docx stamps the current time) and without `drop`."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            body = src.read(info.filename)
            if info.filename == "_rels/.rels":
                for name in drop:
                    body = re.sub(
                        rb'<Relationship [^>]*Target="/?' + re.escape(name.encode()) + rb'"[^>]*/>', b"", body
                    )
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, body)
    return out.getvalue()


def replace_member(data: bytes, name: str, body: bytes) -> bytes:
    """The same docx with one member's bytes replaced (entry order and dates kept fixed)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, body if info.filename == name else src.read(info.filename))
    return out.getvalue()


# ---------------------------------------------------------------- bad files

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CT = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'officeDocument" Target="word/document.xml"/></Relationships>'
)


def bomb_docx(spaces_mb: int = 200) -> bytes:
    """A small zip whose word/document.xml inflates to ~`spaces_mb` MB of spaces inside a valid document."""
    head = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{_W_NS}"><w:body>'
    ).encode()
    tail = ("<w:p><w:r><w:t>党建品牌创建申报表</w:t></w:r></w:p><w:sectPr/></w:body></w:document>").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, body in (("[Content_Types].xml", _CT), ("_rels/.rels", _RELS)):
            zi = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(zi, body)
        zi = zipfile.ZipInfo("word/document.xml", date_time=FIXED_ZIP_TIME)
        zi.compress_type = zipfile.ZIP_DEFLATED
        chunk = b" " * (1 << 20)
        with zf.open(zi, "w") as f:
            f.write(head)
            for _ in range(spaces_mb):
                f.write(chunk)
            f.write(tail)
    return out.getvalue()


def office_lock_file(user: str = "zhaomin") -> bytes:
    """What Word leaves as '~$name.docx' while a document is open: the owner's name, padded (162 bytes)."""
    head = bytes([len(user)]) + user.encode("ascii")
    head += b"\x00" * (54 - len(head))
    wide = struct.pack("<H", len(user)) + user.encode("utf-16-le")
    body = head + wide
    return body + b"\x00" * (162 - len(body))


# ---------------------------------------------------------------- PDF


def _pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R".encode() + trailer_extra
    out += f" >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length " + str(len(data)).encode() + extra + b" >>\nstream\n" + data + b"\nendstream"


_FONT_OBJECTS = [
    b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
    b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
    b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R /DW 1000 >>",
    b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 "
    b"/Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
]


def _page_objects(content: bytes) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        content,
        *_FONT_OBJECTS,
    ]


def plain_pdf(lines: list[str]) -> bytes:
    """A one-page text PDF in a non-embedded Chinese CID font (Adobe-GB1, UCS-2 codes)."""
    ops = [b"BT /F1 18 Tf 72 770 Td"]
    for i, line in enumerate(lines):
        if i == 1:
            ops.append(b"/F1 12 Tf 0 -36 Td")
        elif i > 1:
            ops.append(b"0 -20 Td")
        ops.append(b"<" + line.encode("utf-16-be").hex().upper().encode() + b"> Tj")
    ops.append(b"ET")
    objects = _page_objects(_stream(b"\n".join(ops)))
    objects.append(b"<< /Producer (brandreview samples) /CreationDate (D:20240115090000+08'00') >>")
    return _pdf(objects, b" /Info 8 0 R")


def encrypted_pdf(seed: int = 11) -> bytes:
    """A PDF whose trailer names a Standard security handler: the content stream is opaque bytes."""
    rng = random.Random(seed)
    objects = _page_objects(_stream(rng.randbytes(180)))
    o, u = rng.randbytes(32).hex().upper(), rng.randbytes(32).hex().upper()
    objects.append(f"<< /Filter /Standard /V 2 /R 3 /Length 128 /O <{o}> /U <{u}> /P -1340 >>".encode())
    file_id = rng.randbytes(16).hex().upper()
    return _pdf(objects, f" /Encrypt 8 0 R /ID [<{file_id}> <{file_id}>]".encode())


# ---------------------------------------------------------------- e-mail


def encoded_word(text: str, charset: str = "GB18030") -> str:
    return f"=?{charset}?B?{base64.b64encode(text.encode(charset)).decode()}?="


def _b64_lines(data: bytes) -> str:
    s = base64.b64encode(data).decode()
    return "\r\n".join(s[i : i + 76] for i in range(0, len(s), 76))


def rfc2231_params(name: str, value: str, charset: str = "gb18030", width: int = 60) -> str:
    """`name*0*=gb18030''%..; name*1*=%..` continuation parameters (RFC 2231) for a non-ASCII value."""
    enc = quote_from_bytes(value.encode(charset), safe="")
    parts, cur = [], ""
    i = 0
    while i < len(enc):  # never split a %XX escape
        step = 3 if enc[i] == "%" else 1
        if len(cur) + step > width:
            parts.append(cur)
            cur = ""
        cur += enc[i : i + step]
        i += step
    parts.append(cur)
    out = []
    for n, part in enumerate(parts):
        out.append(f"{name}*{n}*={charset}''{part}" if n == 0 else f"{name}*{n}*={part}")
    return ";\r\n\t".join(out)


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def build_eml(
    headers: list[tuple[str, str]],
    text: str,
    text_charset: str,
    attachments: list[tuple[str, str, bytes]],
    boundary: str,
) -> bytes:
    """A raw RFC 5322 message with CRLF line ends. attachments: (content-type line params, disposition, bytes)
    where both header strings are given in full (already encoded), so callers control the exact encoding."""
    lines = [f"{k}: {v}" for k, v in headers]
    body_text = _b64_lines(text.encode(text_charset))
    if not attachments:
        lines += [
            "MIME-Version: 1.0",
            f'Content-Type: text/plain; charset="{text_charset}"',
            "Content-Transfer-Encoding: base64",
            "",
            body_text,
            "",
        ]
        return "\r\n".join(lines).encode("ascii")
    lines += [
        "MIME-Version: 1.0",
        f'Content-Type: multipart/mixed;\r\n\tboundary="{boundary}"',
        "",
        "This is a multi-part message in MIME format.",
        "",
        f"--{boundary}",
        f'Content-Type: text/plain; charset="{text_charset}"',
        "Content-Transfer-Encoding: base64",
        "",
        body_text,
        "",
    ]
    for ctype, disposition, data in attachments:
        lines += [
            f"--{boundary}",
            f"Content-Type: {ctype}",
            "Content-Transfer-Encoding: base64",
            f"Content-Disposition: {disposition}",
            "",
            _b64_lines(data),
            "",
        ]
    lines += [f"--{boundary}--", ""]
    return "\r\n".join(lines).encode("ascii")
