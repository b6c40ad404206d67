"""Archives as submissions: every member of a .zip, .7z or .rar becomes a document of the same submission.

Owns which members are read (folders, system junk such as '__MACOSX/', '.DS_Store', 'Thumbs.db' and Office
lock files '~$*' are skipped), cleaning hostile member names (absolute paths, '..', drive letters, control
characters, over-long names), the limits ([intake]: max_members, max_file_mb per member, max_archive_total_mb,
max_ratio, max_archive_depth) and the Submissions (file 'x.zip/学院/支部/申报表.docx', origin.container 'x.zip').
The format libraries are behind pipeline.archive_formats.

Decisions: the limits are checked on the sizes the archive's directory declares before anything is
inflated, and again on the bytes while they are read (a lying header). An archive over the member count,
the total size or the compression ratio (any member's, or the whole archive's) is refused whole
('archive_bomb'), as is a damaged ('bad_archive') or password-protected ('encrypted') one. A member larger than
max_file_mb is not read: it becomes a Submission with detected 'too_large' and a note, as a mail attachment
does. An archive inside an archive is unpacked up to max_archive_depth; deeper, or when it cannot be unpacked,
it stays one member with a note saying why. A mail (.eml, .msg) inside an archive is unpacked by the `expand_mail`
the caller passes (pipeline.ingest). A zip whose directory cannot be read (unless named .zip), or that holds an Office package's
'[Content_Types].xml', is passed on as one Submission: it may be a damaged .docx, and the docx reader names
the fault better. 1 MB = 1,048,576 bytes.
"""

from __future__ import annotations

import fnmatch
import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.archive_formats import ARCHIVE_KINDS, Entry, encrypted, open_archive, read_members
from pipeline.mail_headers import unique_name
from pipeline.model.config import IntakeSettings
from pipeline.model.errors import BadInput
from pipeline.model.filenames import extension_of
from pipeline.model.records import DetectedFormat, Origin, Submission
from pipeline.sniff import sniff

__all__ = ["ARCHIVE_KINDS", "clean_member_path", "unpack"]

MailExpander = Callable[[bytes, str], list[Submission]]

_RATIO_FLOOR = 1 << 20  # ratios count from 1 MiB of output on: small text members compress very well
_MAX_PART_CHARS = 120  # one folder or file name inside an archive
_MAX_PARTS = 12  # folder levels kept (the innermost)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DRIVE = re.compile(r"^[A-Za-z]:")
_JUNK_FOLDERS = frozenset({"__macosx", ".git", ".svn"})
_MB = 1024 * 1024


@dataclass
class _Budget:
    """Shared by an archive and the archives inside it."""

    members: int = 0
    declared: int = 0
    read: int = 0


def unpack(
    data: bytes, display_name: str, settings: IntakeSettings, source_path: str | None = None,
    expand_mail: MailExpander | None = None,
) -> list[Submission]:  # fmt: skip
    """The members of the archive `data` (sniffed 'zip', '7z' or 'rar') as Submissions, in archive order.

    Raises BadInput 'bad_archive' (damaged, or nothing in it), 'encrypted' or 'archive_bomb' (over a limit).
    """
    kind = sniff(data)
    if kind == "zip" and not _is_plain_zip(data, display_name):
        return [_whole(data, display_name, source_path)]
    subs = _unpack(data, kind, display_name, display_name, settings, source_path, expand_mail, 1, _Budget())
    if not subs:
        raise BadInput("bad_archive", "压缩包中没有文件（只有文件夹或系统文件）",
                       "the archive holds no files (only folders or system files)")
    return subs


def clean_member_path(name: str) -> tuple[str, bool]:
    """A safe relative '/'-path for a member name, and whether it had to be changed. '' when nothing is left."""
    text = _CONTROL.sub("", unicodedata.normalize("NFC", name)).replace("\\", "/")
    parts = []
    for part in _DRIVE.sub("", text.strip()).split("/"):
        part = part.strip().rstrip(".") if part.strip() not in (".", "..") else ""
        if not part:
            continue
        if len(part) > _MAX_PART_CHARS:
            extension = extension_of(part)
            keep = _MAX_PART_CHARS - len(extension) - 1
            part = f"{part[:keep]}.{extension}" if extension and keep > 0 else part[:_MAX_PART_CHARS]
        parts.append(part)
    clean = "/".join(parts[-_MAX_PARTS:])
    return clean, clean != name.rstrip("/")


def _is_plain_zip(data: bytes, name: str) -> bool:
    """A zip whose directory reads and that is no Office package (sniff said 'zip', not 'docx'). An unreadable
    one is no archive to unpack (maybe a damaged .docx) unless it is named .zip: then its BadInput is raised."""
    try:
        archive = open_archive("zip", data)
    except BadInput:
        if extension_of(name) == "zip":
            raise
        return False
    return not any(e.name.replace("\\", "/").lstrip("/").lower() == "[content_types].xml" for e in archive.entries)


def _unpack(
    data: bytes, kind: str, prefix: str, container: str, settings: IntakeSettings, source_path: str | None,
    expand_mail: MailExpander | None, depth: int, budget: _Budget,
) -> list[Submission]:  # fmt: skip
    archive = open_archive(kind, data)
    entries = archive.entries
    budget.members += len(entries)
    if budget.members > settings.max_members:
        raise _bomb(f"{budget.members} 个条目，上限 {settings.max_members}",
                    f"{budget.members} entries (limit {settings.max_members})")
    _check_ratios(entries, len(data), settings.max_ratio, prefix)
    if any(e.encrypted for e in entries):
        raise encrypted(kind)
    members, notes = _members(entries, settings)
    member_cap = int(settings.max_file_mb * _MB)
    wanted = [e for e in members if e.size <= member_cap]
    budget.declared += sum(e.size for e in wanted)
    total_cap = int(settings.max_archive_total_mb * _MB)
    if budget.declared > total_cap:
        raise _bomb(f"解压后共 {_mb(budget.declared)} MB，上限 {settings.max_archive_total_mb:g} MB",
                    f"{_mb(budget.declared)} MB unpacked (limit {settings.max_archive_total_mb:g} MB)")
    contents = read_members(archive, wanted, _reader_check(settings, budget, member_cap, total_cap))
    out: list[Submission] = []
    for entry in members:
        file = f"{prefix}/{notes[entry.index][0]}"
        note = notes[entry.index][1]
        if entry.index not in contents:
            out.append(_too_large(entry, file, container, source_path, settings, note))
            continue
        content = contents.pop(entry.index)
        out.extend(_member(content, file, container, settings, source_path, expand_mail, depth, budget, note))
    return out


def _member(
    content: bytes, file: str, container: str, settings: IntakeSettings, source_path: str | None,
    expand_mail: MailExpander | None, depth: int, budget: _Budget, notes: list[str],
) -> list[Submission]:  # fmt: skip
    detected = sniff(content)
    if detected in ARCHIVE_KINDS:
        try:
            if detected == "zip" and not _is_plain_zip(content, file):
                pass
            elif depth >= settings.max_archive_depth:
                notes = [*notes, f"压缩包内的压缩包嵌套超过 {settings.max_archive_depth} 层，未解压 / archive nested "
                                 f"deeper than {settings.max_archive_depth} levels; not unpacked"]
            else:
                return _unpack(content, detected, file, container, settings, source_path, expand_mail,
                               depth + 1, budget)  # fmt: skip
        except BadInput as exc:
            if exc.code == "archive_bomb":
                raise
            notes = [*notes, f"内层压缩包无法解压：{exc.zh} / the inner archive cannot be unpacked: {exc.en}"]
    elif detected in ("eml", "msg") and expand_mail is not None:
        try:
            inner = expand_mail(content, file)
        except BadInput as exc:
            notes = [*notes, f"压缩包内的邮件无法解析：{exc.zh} / the mail in the archive cannot be parsed: {exc.en}"]
        else:
            for sub in inner:
                origin = sub.origin or Origin()
                sub.origin = origin.model_copy(update={"container": container})
                sub.source_path, sub.notes = source_path, [*notes, *sub.notes]
            return inner
    return [_submission(file, content, detected, container, source_path, notes)]


def _members(entries: list[Entry], settings: IntakeSettings) -> tuple[list[Entry], dict[int, tuple[str, list[str]]]]:
    """The entries that are files worth a record, with their clean unique paths and notes, by entry index."""
    patterns = [p.casefold() for p in settings.ignore]
    used: set[str] = set()
    members: list[Entry] = []
    named: dict[int, tuple[str, list[str]]] = {}
    for entry in entries:
        if entry.is_dir or entry.name.endswith(("/", "\\")):
            continue
        path, changed = clean_member_path(entry.name)
        parts = path.split("/")
        base = parts[-1].casefold()
        if not path or base.startswith(".") or any(p.casefold() in _JUNK_FOLDERS for p in parts[:-1]):
            continue
        if any(fnmatch.fnmatchcase(base, p) for p in patterns):
            continue
        notes: list[str] = []
        if entry.decoded_as:
            notes.append(f"压缩包成员名未标明编码，已按 {entry.decoded_as} 解码：{path} / the member name had no "
                         f"UTF-8 flag and was decoded as {entry.decoded_as}")
        if changed:
            shown = _CONTROL.sub("?", entry.name)[:300]
            notes.append(f"压缩包成员名含不安全的路径或字符，已清理：{shown} / unsafe member name cleaned: {shown}")
        unique = unique_name(path, used)
        if unique != path:
            notes.append(f"压缩包中文件重名，已改名为 {unique} / duplicate member name; renamed to {unique}")
        members.append(entry)
        named[entry.index] = (unique, notes)
    return members, named


def _check_ratios(entries: list[Entry], archive_bytes: int, max_ratio: float, prefix: str) -> None:
    for entry in entries:
        if entry.packed is not None and entry.size > _RATIO_FLOOR and entry.size > max_ratio * max(entry.packed, 1):
            raise _bomb(f"{prefix} 中的 {entry.name[:100]} 压缩比超过 {max_ratio:g}",
                        f"{entry.name[:100]} in {prefix} has a compression ratio above {max_ratio:g}")
    total = sum(e.size for e in entries)
    if total > _RATIO_FLOOR and total > max_ratio * max(archive_bytes, 1):
        raise _bomb(f"{prefix} 整体压缩比超过 {max_ratio:g}", f"{prefix} as a whole has a ratio above {max_ratio:g}")


def _reader_check(settings: IntakeSettings, budget: _Budget, member_cap: int, total_cap: int) -> Callable[
        [Entry, int], None]:  # fmt: skip
    seen: dict[int, int] = {}

    def check(entry: Entry, so_far: int) -> None:
        budget.read += so_far - seen.get(id(entry), 0)
        seen[id(entry)] = so_far
        if so_far > max(entry.size, 0) or so_far > member_cap:
            raise _bomb(f"{entry.name[:100]} 实际解压后超过其声明的 {entry.size} 字节",
                        f"{entry.name[:100]} inflates beyond its declared {entry.size} bytes")
        if budget.read > total_cap:
            raise _bomb(f"解压后超过 {settings.max_archive_total_mb:g} MB",
                        f"unpacks to more than {settings.max_archive_total_mb:g} MB")
        if entry.packed is not None and so_far > _RATIO_FLOOR and so_far > settings.max_ratio * max(entry.packed, 1):
            raise _bomb(f"{entry.name[:100]} 压缩比超过 {settings.max_ratio:g}",
                        f"{entry.name[:100]} has a compression ratio above {settings.max_ratio:g}")

    return check


def _bomb(zh: str, en: str) -> BadInput:
    return BadInput("archive_bomb", f"压缩包超出安全上限（疑似压缩炸弹），未解压：{zh}",
                    f"the archive exceeds the safety limits (possible decompression bomb); not unpacked: {en}")


def _too_large(entry: Entry, file: str, container: str, source_path: str | None, settings: IntakeSettings,
               notes: list[str]) -> Submission:  # fmt: skip
    note = (f"压缩包中的文件过大：{_mb(entry.size)} MB，上限 {settings.max_file_mb:g} MB，未解压 / member too large: "
            f"{_mb(entry.size)} MB; the limit is {settings.max_file_mb:g} MB; not unpacked")
    return _submission(file, b"", "too_large", container, source_path, [*notes, note])


def _whole(data: bytes, display_name: str, source_path: str | None) -> Submission:
    return Submission(file=display_name, data=data, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                      detected="zip", extension=extension_of(display_name), source_path=source_path)  # fmt: skip


def _submission(file: str, content: bytes, detected: DetectedFormat, container: str, source_path: str | None,
                notes: list[str]) -> Submission:  # fmt: skip
    return Submission(file=file, data=content, sha256=hashlib.sha256(content).hexdigest(), size=len(content),
                      detected=detected, extension=extension_of(file), source_path=source_path,
                      origin=Origin(container=container), notes=notes)  # fmt: skip


def _mb(size: int) -> str:
    return f"{size / _MB:.1f}"
