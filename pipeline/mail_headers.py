"""What a mail's headers and attachment names say, decoded as mail clients in China write them: RFC 2047
encoded words (also malformed and split ones), RFC 2231 parameters, GB2312/GBK labels read as GB18030,
addresses and dates; attachment names cleaned (controls, paths, length) and made unique within a mail.

Owns decoding only; walking a mail's parts is pipeline.ingest.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import email
import email.message
import email.utils
import re
import unicodedata
from dataclasses import dataclass

from pipeline.model.filenames import extension_of

MAX_NAME_CHARS = 200
_GB_CHARSETS = frozenset(  # all read as GB18030, their superset (mail clients label GBK text 'gb2312')
    "gb2312 gbk x-gbk cp936 ms936 windows-936 euc-cn x-euc-cn csgb2312 gb_2312-80 gb_2312 chinese gb18030".split()
)
_LATIN_CHARSETS = frozenset("us-ascii ascii iso-8859-1 latin-1 latin1 windows-1252 cp1252".split())
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?]*)\?=")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class MailInfo:
    mail_from: str | None
    mail_subject: str | None
    mail_date: str | None
    outer: MailInfo | None = None  # the mail this one was attached to



def mail_info(message: email.message.Message, outer: MailInfo | None) -> MailInfo:
    sender = header_text(message, "from")
    subject = header_text(message, "subject")
    date = header_text(message, "date")
    return MailInfo(
        mail_from=decode_address(sender) if sender else (outer.mail_from if outer else None),
        mail_subject=tidy(decode_words(subject)) if subject else (outer.mail_subject if outer else None),
        mail_date=iso_date(date) if date else (outer.mail_date if outer else None),
        outer=outer,
    )


def decode_address(text: str) -> str | None:
    realname, address = email.utils.parseaddr(text)
    if not address:
        return tidy(decode_words(text))
    name = tidy(decode_words(realname))
    return f"{name} <{address}>" if name else address


def iso_date(text: str) -> str | None:
    try:
        return email.utils.parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return tidy(text)


# --- header text ----------------------------------------------------------------------------------------


def header_text(part: email.message.Message, name: str) -> str | None:
    """The first raw header `name`, unfolded, with undeclared 8-bit bytes decoded (UTF-8, else GB18030)."""
    for key, value in part.raw_items():
        if key.lower() == name:
            if not isinstance(value, str):
                value = str(value)
            raw = value.encode("utf-8", "surrogateescape")
            return re.sub(r"\r?\n|\r", "", decode_bytes(raw, None))
    return None


def param(header_text: str, name: str) -> str | None:
    """A parameter of a structured header: RFC 2231 (charset and continuations) and RFC 2047 words."""
    if not header_text:
        return None
    holder = email.message.Message()  # compat32 parameter parsing is the most forgiving
    holder["X"] = header_text
    value = holder.get_param(name, header="x")
    if isinstance(value, tuple):
        charset, _language, text = value
        try:
            return decode_bytes(text.encode("latin-1"), charset or None)
        except UnicodeEncodeError:  # raw non-ASCII where %-escapes belonged
            return text
    return decode_words(value) if isinstance(value, str) else None


def decode_words(text: str) -> str:
    """Decode RFC 2047 encoded-words anywhere (also inside quotes), joining the bytes of adjacent words in the
    same charset first, since clients split a multi-byte character across words."""
    out: list[str] = []
    pending, pending_charset = bytearray(), None
    position = 0

    def flush() -> None:
        nonlocal pending_charset
        if pending_charset is not None:
            out.append(decode_bytes(bytes(pending), pending_charset))
            pending.clear()
            pending_charset = None

    for match in _ENCODED_WORD.finditer(text):
        between = text[position : match.start()]
        if between.strip() or pending_charset is None:
            flush()
            out.append(between)
        charset = match.group(1).split("*", 1)[0].lower()
        if pending_charset is not None and charset_codec(charset) != charset_codec(pending_charset):
            flush()
        pending.extend(word_bytes(match.group(2), match.group(3)))
        pending_charset = charset
        position = match.end()
    flush()
    out.append(text[position:])
    return "".join(out)


def word_bytes(encoding: str, payload: str) -> bytes:
    if encoding in "qQ":
        return binascii.a2b_qp(payload.encode("ascii", "replace"), header=True)
    cleaned = re.sub(r"[^A-Za-z0-9+/]", "", payload)
    if len(cleaned) % 4 == 1:  # a stray character; the rest still decodes
        cleaned = cleaned[:-1]
    return base64.b64decode(cleaned + "=" * (-len(cleaned) % 4))


def charset_codec(charset: str | None) -> str | None:
    if not charset:
        return None
    name = charset.strip().strip('"').lower()
    if name in _GB_CHARSETS:
        return "gb18030"
    if name in ("big5", "x-big5", "cp950", "big5-hkscs"):
        return "big5hkscs"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(raw: bytes, charset: str | None) -> str:
    """Decode with the declared charset (GB2312/GBK read as GB18030); if that fails or is missing, or is an
    ASCII/Latin label on non-ASCII bytes, try UTF-8 then GB18030; last resort: replacement characters."""
    if raw.isascii():
        return raw.decode("ascii")
    declared = charset_codec(charset)
    order = ["utf-8", "gb18030"]
    if declared and (charset or "").strip().lower() not in _LATIN_CHARSETS:
        order.insert(0, declared)
    elif declared:
        order.append(declared)
    for codec in order:
        try:
            return raw.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode(declared or "gb18030", "replace")


def tidy(text: str) -> str | None:
    text = " ".join(_CONTROL.sub(" ", unicodedata.normalize("NFC", text)).split())
    return text or None


def clean_name(name: str) -> tuple[str, list[str]]:
    """NFC, no control characters, only the last path component, at most MAX_NAME_CHARS; notes on changes."""
    text = _CONTROL.sub("", unicodedata.normalize("NFC", decode_words(name))).strip()
    parts = [p.strip() for p in re.split(r"[\\/]", text) if p.strip() not in ("", ".", "..")]
    clean = parts[-1] if parts else ""
    notes: list[str] = []
    if clean and clean != text:
        notes.append(f"附件名含路径，已去除：{text} / the attachment name held a path; stripped: {text}")
    if len(clean) > MAX_NAME_CHARS:
        extension = extension_of(clean)
        keep = MAX_NAME_CHARS - len(extension) - 1
        clean = f"{clean[:keep]}.{extension}" if extension and keep > 0 else clean[:MAX_NAME_CHARS]
        notes.append("附件名过长，已截短 / the attachment name was too long; shortened")
    return clean, notes


def unique_name(name: str, used: set[str]) -> str:
    """`name`, or 'stem (2).ext', 'stem (3).ext', … if already taken in this mail (case-insensitive)."""
    extension = extension_of(name)
    cut = name.lower().rfind("." + extension) if extension else len(name)
    stem, suffix = name[:cut], name[cut:]
    candidate, number = name, 2
    while candidate.casefold() in used:
        candidate, number = f"{stem} ({number}){suffix}", number + 1
    used.add(candidate.casefold())
    return candidate
