"""Intake: which inbox files to look at, and turning each into Submissions (a saved mail into one per attachment).

Owns walking the inbox, the size cap on reading, hashing, sniffing and unpacking mails, .eml and Outlook .msg
alike (their parts and origins; decoding their headers and names is pipeline.mail_headers, reading a .msg
pipeline.outlook_msg).
It must not extract text, classify documents or run checks, and must not move or write files.

Decisions: an attachment over max_file_mb does not raise; it becomes a Submission with detected
'too_large', no data and a note, so the mail's other attachments survive. A mail without attachments is one
Submission with detected 'eml_no_attachments'. Attachments inside an attached (forwarded) mail carry the
origin of the mail that holds them, with the outer mail named in a note. Mails are opened down to
MAX_MAIL_DEPTH attached mails deep: a mail whose only attachments lie deeper is BadInput 'mail_too_deep', and
when it has others too they carry a note saying some were left unopened. 1 MB = 1,048,576 bytes.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import email.utils
import fnmatch
import hashlib
import logging
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pipeline.archives import ARCHIVE_KINDS, unpack
from pipeline.mail_headers import MailInfo, clean_name, header_text, mail_info, param, unique_name
from pipeline.model.config import IntakeSettings
from pipeline.model.errors import BadInput
from pipeline.model.filenames import extension_of
from pipeline.model.records import DetectedFormat, Origin, SniffedFormat, Submission
from pipeline.outlook_msg import OutlookMail, read_msg
from pipeline.sniff import sniff

log = logging.getLogger(__name__)

MAX_MAIL_DEPTH = 5  # attached mails inside attached mails
MailKind = Literal["eml", "msg"]
_MAIL_KINDS: tuple[MailKind, ...] = ("eml", "msg")
_SIGNATURE_TYPES = frozenset(
    {"application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature"}
)
_OS_ERRORS_ZH: dict[type[OSError], str] = {
    FileNotFoundError: "文件不存在",
    PermissionError: "没有读取权限",
    IsADirectoryError: "这是一个文件夹",
}
_EXT_FOR = {"text": "txt", "unknown": "bin", "empty": "bin", "ole": "bin", "encrypted_ooxml": "bin"}


# --- the inbox ------------------------------------------------------------------------------------------


InboxKind = Literal["file", "symlink", "special"]


@dataclass(frozen=True)
class InboxEntry:
    """One entry of the inbox as listed (lstat: a link is never followed). 'symlink' and 'special' (FIFO,
    socket, device) entries are never read: they become refused records."""

    path: Path
    name: str  # relative to the inbox, '/'-separated
    kind: InboxKind
    size: int
    mtime_ns: int
    inode: int


def list_inbox(inbox: Path, settings: IntakeSettings) -> list[InboxEntry]:
    """Every entry under `inbox`, recursively, sorted by relative path, but for names matching
    `settings.ignore` (case-insensitive fnmatch, for files and folders: lock, temporary and partial files).

    Links of any kind (to files or folders, Windows junctions) and special files are listed as such, not
    followed; hidden ('.'-prefixed) names are listed like any other. A folder that cannot be listed is logged
    and skipped; a missing `inbox` raises OSError.
    """
    root = Path(inbox)
    patterns = [p.casefold() for p in settings.ignore]
    found: list[InboxEntry] = []
    pending: list[tuple[Path, str]] = [(root, "")]
    while pending:
        directory, rel = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError as exc:
            if directory == root:
                raise
            log.warning("cannot list %s: %s", directory, exc)
            continue
        for entry in entries:
            name = entry.name
            if any(fnmatch.fnmatchcase(name.casefold(), p) for p in patterns):
                continue
            child = f"{rel}/{name}" if rel else name
            try:
                info = entry.stat(follow_symlinks=False)
                link = entry.is_symlink() or _is_junction(entry.path)
                if not link and stat.S_ISDIR(info.st_mode):
                    pending.append((Path(entry.path), child))
                    continue
                kind: InboxKind = "symlink" if link else "file" if stat.S_ISREG(info.st_mode) else "special"
                found.append(InboxEntry(Path(entry.path), child, kind, info.st_size, info.st_mtime_ns, info.st_ino))
            except OSError as exc:
                log.warning("cannot inspect %s: %s", entry.path, exc)
    return sorted(found, key=lambda e: e.name)


def refusal(entry: InboxEntry) -> BadInput | None:
    """Why an inbox entry is not read, or None for a regular file."""
    if entry.kind == "symlink":
        try:
            target = os.readlink(entry.path)
        except OSError:
            target = "?"
        return BadInput("symlink", f"这是一个快捷方式（符号链接，指向 {target}），不会被读取；请放入文件本身",
                        f"this is a symbolic link (to {target}) and is never followed; put the file itself in")
    if entry.kind == "special":
        return BadInput("not_regular", "这不是普通文件（管道、套接字或设备），无法读取",
                        "not a regular file (a pipe, socket or device); cannot read it")
    return None


def _is_junction(path: str) -> bool:
    check = getattr(os.path, "isjunction", None)  # Windows junctions, Python 3.12+
    return bool(check and check(path))


# --- reading one file -----------------------------------------------------------------------------------


def read_submissions(path: Path, display_name: str, settings: IntakeSettings) -> list[Submission]:
    """The Submissions in one inbox file: the file itself, or each attachment of a saved mail.

    Raises BadInput 'too_large' (file over max_file_mb; nothing beyond the cap is read), 'unreadable'
    (missing, not a regular file, no permission, I/O error), 'bad_mail' (a mail that cannot be parsed) or
    'mail_too_deep' (a mail whose attachments are all in mails attached more than MAX_MAIL_DEPTH deep).
    """
    try:
        data, _ = read_bounded(path, settings)
    except FileNotFoundError as exc:
        raise BadInput("unreadable", f"无法读取文件：{_OS_ERRORS_ZH[FileNotFoundError]}",
                       f"cannot read the file: {exc.strerror or 'not found'}") from exc
    return submissions_from_bytes(data, display_name, settings, source_path=str(path))


def read_bounded(path: Path, settings: IntakeSettings) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file (at most max_file_mb) and its fstat after reading, from one open handle.

    Raises BadInput 'unreadable' or 'too_large' as read_submissions does; FileNotFoundError passes through
    when the file is gone (taken by another process or deleted), which is not a fault of the file.
    """
    limit = _limit_bytes(settings)
    try:
        info = os.stat(path, follow_symlinks=False)
        if not stat.S_ISREG(info.st_mode):  # never open a FIFO or device: it could block forever
            raise BadInput("unreadable", "不是普通文件，无法读取", "not a regular file; cannot read it")
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
            after = os.fstat(handle.fileno())
    except FileNotFoundError:
        raise
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        zh = _OS_ERRORS_ZH.get(type(exc), reason)
        raise BadInput("unreadable", f"无法读取文件：{zh}", f"cannot read the file: {reason}") from exc
    if len(data) > limit:
        size = max(after.st_size, len(data))
        raise BadInput(
            "too_large",
            f"文件过大：{_mb(size)} MB（{size} 字节），上限 {settings.max_file_mb:g} MB",
            f"file too large: {_mb(size)} MB ({size} bytes); the limit is {settings.max_file_mb:g} MB",
        )
    return data, after


def submissions_from_bytes(
    data: bytes, display_name: str, settings: IntakeSettings, source_path: str | None = None
) -> list[Submission]:
    """As read_submissions, for bytes already in memory (uploads). The caller enforces the file size cap."""
    detected = sniff(data)
    if detected == "eml" or detected == "msg":
        return _mail_submissions(data, display_name, source_path, settings, detected)
    if detected == "ole" and extension_of(display_name) == "msg":  # no Outlook streams to be found in it
        raise BadInput("bad_mail", "文件名为 .msg，但其中找不到 Outlook 邮件的内容：文件已损坏（如未传完），或不是 Outlook 邮件",
                       "named .msg, but no Outlook mail can be found in it: the file is damaged (cut short?) or is "
                       "not an Outlook mail")
    if detected in ARCHIVE_KINDS:  # every member a document of this submission (pipeline.archives)
        return unpack(data, display_name, settings, source_path,
                      lambda mail, name: _mail_submissions(mail, name, source_path, settings,
                                                           "msg" if sniff(mail) == "msg" else "eml"))
    return [_submission(display_name, data, detected, source_path)]


def _submission(
    file: str, content: bytes, detected: DetectedFormat, source_path: str | None, keep: bool = True,
    origin: Origin | None = None, notes: list[str] | None = None,
) -> Submission:
    """Size and hash are always of `content`; `keep=False` leaves the bytes out (too large to pass on)."""
    sha256, size, extension = hashlib.sha256(content).hexdigest(), len(content), extension_of(file)
    data = content if keep else b""
    return Submission(file=file, data=data, sha256=sha256, size=size, detected=detected, extension=extension,
                      source_path=source_path, origin=origin, notes=notes if notes is not None else [])  # fmt: skip


def _limit_bytes(settings: IntakeSettings) -> int:
    return int(settings.max_file_mb * 1024 * 1024)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}"


# --- mails ----------------------------------------------------------------------------------------------


@dataclass
class _Found:
    name: str
    data: bytes
    detected: SniffedFormat
    info: MailInfo
    notes: list[str] = field(default_factory=list)


@dataclass
class _Walk:
    """What walking a mail found: its attachments, and how many attached mails lay too deep to open."""

    found: list[_Found] = field(default_factory=list)
    too_deep: int = 0


def _mail_submissions(
    data: bytes, display_name: str, source_path: str | None, settings: IntakeSettings, kind: MailKind = "eml"
) -> list[Submission]:
    if kind == "msg":
        walk = _Walk()
        info = _visit_outlook(read_msg(data, MAX_MAIL_DEPTH), None, 0, walk)
    else:
        info, walk = _walk_eml(data)
    if not walk.found:
        if walk.too_deep:
            raise BadInput(
                "mail_too_deep",
                f"邮件嵌套层数过多（超过 {MAX_MAIL_DEPTH} 层），其中的附件未取出，请直接发送附件",
                f"mails nested more than {MAX_MAIL_DEPTH} deep; their attachments were not taken out: send the "
                "attachments themselves",
            )
        origin = Origin(mail_from=info.mail_from, mail_subject=info.mail_subject, mail_date=info.mail_date)
        return [_submission(display_name, data, "eml_no_attachments", source_path, origin=origin)]
    limit, used = _limit_bytes(settings), set[str]()
    out: list[Submission] = []
    for index, item in enumerate(walk.found, start=1):
        detected: DetectedFormat = item.detected
        notes = list(item.notes)
        name = item.name
        if not name:
            name = f"attachment-{index}.{_EXT_FOR.get(detected, detected)}"
            notes.append(f"附件没有名称，已命名为 {name} / the attachment had no name; called it {name}")
        unique = unique_name(name, used)
        if unique != name:
            notes.append(
                f"同一邮件中附件重名，已改名为 {unique} / duplicate attachment name; renamed to {unique}"
            )
        if len(item.data) > limit:
            detected = "too_large"
            notes.append(
                f"附件过大：{_mb(len(item.data))} MB，上限 {settings.max_file_mb:g} MB / attachment too large: "
                f"{_mb(len(item.data))} MB; the limit is {settings.max_file_mb:g} MB"
            )
        if walk.too_deep:
            notes.append(
                f"邮件中有 {walk.too_deep} 封附带的邮件嵌套超过 {MAX_MAIL_DEPTH} 层，未打开，其中的附件未取出 / "
                f"{walk.too_deep} attached mail(s) nested more than {MAX_MAIL_DEPTH} deep were not opened; "
                "their attachments were not taken out"
            )
        origin = Origin(container=display_name, mail_from=item.info.mail_from,
                        mail_subject=item.info.mail_subject, mail_date=item.info.mail_date)  # fmt: skip
        file = f"{display_name}/{unique}"
        keep = detected != "too_large"
        out.append(_submission(file, item.data, detected, source_path, keep, origin=origin, notes=notes))
    return out


def _walk_eml(data: bytes) -> tuple[MailInfo, _Walk]:
    failure: Exception | None = None
    for policy in (email.policy.default, email.policy.compat32):
        try:
            message = email.message_from_bytes(data, policy=policy)
            info = mail_info(message, None)
            walk = _Walk()
            _visit_message(message, None, 0, walk)
            return info, walk
        except Exception as exc:  # noqa: BLE001 - the stdlib mail parser fails on hostile mail in many shapes
            # (HeaderParseError, IndexError, AttributeError, LookupError …): try the lenient policy once
            failure = exc
    reason = str(failure)[:200] or failure.__class__.__name__
    raise BadInput("bad_mail", f"邮件无法解析：{reason}", f"the mail cannot be parsed: {reason}")


def _visit_message(message: email.message.Message, outer: MailInfo | None, depth: int, walk: _Walk) -> None:
    info = mail_info(message, outer)
    _visit(message, info, depth, walk, b"")


def _visit_outlook(mail: OutlookMail, outer: MailInfo | None, depth: int, walk: _Walk) -> MailInfo:
    """An Outlook mail read by pipeline.outlook_msg, walked as _visit_message walks a parsed .eml."""
    info = MailInfo(
        mail_from=mail.mail_from or (outer.mail_from if outer else None),
        mail_subject=mail.mail_subject or (outer.mail_subject if outer else None),
        mail_date=mail.mail_date or (outer.mail_date if outer else None),
        outer=outer,
    )
    walk.too_deep += mail.too_deep
    for name, data in mail.attachments:
        detected = sniff(data)
        notes: list[str] = []
        if detected in _MAIL_KINDS:
            problem = _attached_mail(data, detected, info, depth, walk, email.policy.default)
            if problem is None:
                continue
            notes.append(problem)
        _add(walk, name, data, detected, info, notes)
    for inner in mail.mails:
        _visit_outlook(inner, info, depth + 1, walk)
    return info


def _attached_mail(
    data: bytes, detected: SniffedFormat, info: MailInfo, depth: int, walk: _Walk, policy: email.policy.Policy
) -> str | None:
    """Walk a mail attached as a file (.eml or .msg) one level deeper (or count it as too deep); None when
    done, else a note saying why it could not be opened (it then stays an attachment)."""
    if depth >= MAX_MAIL_DEPTH:
        walk.too_deep += 1
        return None
    if detected == "msg":
        try:
            inner = read_msg(data, MAX_MAIL_DEPTH - depth - 1)
        except BadInput as exc:
            return f"附件中的 Outlook 邮件无法打开：{exc.zh} / the attached Outlook mail cannot be opened: {exc.en}"
        _visit_outlook(inner, info, depth + 1, walk)
        return None
    _visit_message(email.message_from_bytes(data, policy=policy), info, depth + 1, walk)
    return None


def _visit(part: email.message.Message, info: MailInfo, depth: int, walk: _Walk, refs: bytes) -> None:
    main, ctype = part.get_content_maintype(), part.get_content_type()
    if part.is_multipart():
        children = _children(part)
        if main == "message":
            if ctype in ("message/rfc822", "message/global"):
                if depth >= MAX_MAIL_DEPTH:
                    walk.too_deep += 1
                    return
                for inner in children:
                    _visit_message(inner, info, depth + 1, walk)
            return  # delivery reports and the like hold no submissions
        if ctype == "multipart/related":
            refs = refs + b"".join(_html_of(child) for child in children)
        for child in children:
            _visit(child, info, depth, walk, refs)
        return
    if main == "message":  # an attached mail the parser left unparsed (message/global, damaged rfc822)
        data = _decoded(part)
        detected = sniff(data)
        if detected in _MAIL_KINDS:
            _attached_mail(data, detected, info, depth, walk, part.policy)
        return
    if main == "multipart" or ctype in _SIGNATURE_TYPES:
        return
    disposition_text = header_text(part, "content-disposition") or ""
    disposition = disposition_text.split(";", 1)[0].strip().lower()
    name = param(disposition_text, "filename") or param(header_text(part, "content-type") or "", "name")
    named = bool(name and name.strip())
    if not (disposition == "attachment" or named or main == "application"):
        return  # body text, or an unnamed picture
    if disposition != "attachment" and main == "image" and _is_embedded(part, refs):
        return  # a picture shown in the HTML body (logo, signature), not a submission
    data = _decoded(part)
    detected = sniff(data)
    notes: list[str] = []
    if detected in _MAIL_KINDS:
        problem = _attached_mail(data, detected, info, depth, walk, part.policy)
        if problem is None:
            return
        notes.append(problem)
    _add(walk, name or "", data, detected, info, notes)


def _add(walk: _Walk, name: str, data: bytes, detected: SniffedFormat, info: MailInfo, notes: list[str]) -> None:
    """One attachment found: its name cleaned, and a note naming the outer mail when it came forwarded."""
    clean, cleaning = clean_name(name)
    notes = [*cleaning, *notes]
    if info.outer is not None:
        notes.append(
            f"附件来自转发的邮件，外层邮件：{info.outer.mail_subject or '无主题'}（{info.outer.mail_from or '未知发件人'}）"
            f" / attachment of a forwarded mail; outer mail: {info.outer.mail_subject or 'no subject'}"
            f" ({info.outer.mail_from or 'unknown sender'})"
        )
    walk.found.append(_Found(clean, data, detected, info, notes))


def _children(part: email.message.Message) -> list[email.message.Message]:
    """The parts of a multipart part (its payload is a list of them)."""
    payload = part.get_payload()
    if not isinstance(payload, list):
        return []
    return [child for child in payload if isinstance(child, email.message.Message)]


def _decoded(part: email.message.Message) -> bytes:
    """A leaf part's content, transfer encoding undone (b'' when there is none)."""
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


def _html_of(part: email.message.Message) -> bytes:
    if part.is_multipart():
        return b"".join(_html_of(child) for child in _children(part))
    if part.get_content_type() != "text/html":
        return b""
    return _decoded(part).lower()


def _is_embedded(part: email.message.Message, refs: bytes) -> bool:
    cid = header_text(part, "content-id")
    if not cid or not refs:
        return False
    key = cid.strip().strip("<>").strip().lower().encode("utf-8", "replace")
    return bool(key) and b"cid:" + key in refs


