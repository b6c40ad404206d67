"""The IMAP mailbox intake: mails fetched into inbox/邮箱/ as .eml files, each marked processed on the server only
once the inbox intake has recorded it.

Owns talking to the mailbox (imap-tools over imaplib) and the ledger that ties a written .eml to the mail it
came from (`.mailbox/ledger.json` in the workspace, rewritten atomically): sha256 of the mail's bytes → its
inbox name, Message-ID and every copy of it seen on the server (account, folder, UIDVALIDITY, UID, marked or
not). Reading the .eml is the inbox intake's (pipeline.ingest, pipeline.run); this module never reads an
attachment.

One poll (`poll_mailbox`), under a lock (two polls never overlap):
1. *mark*: every written mail whose .eml the intake has recorded (its arrival is committed or done,
   pipeline.claims) is marked processed — `processed_flag` set on it, or moved to `move_to`; a mail whose
   .eml ended in quarantine (nothing in it could be used) gets `quarantined_flag` too, and is marked as well:
   its records say why, and it is not fetched again for ever. A written mail whose .eml left the inbox
   without a record (someone removed it) is forgotten, so the next poll fetches it again.
2. *fetch*: the mails of `folder` not yet processed (without the flag; in move mode every mail still there)
   and not already in the ledger, at most `max_per_poll`, each downloaded whole (BODY.PEEK[]: the server's
   \\Seen is left alone) and written to `inbox/邮箱/<sha256[:16]>-<subject>.eml` under a temporary `.part`
   name in the same folder, then renamed. Bytes already in the ledger are not written again (the copy is
   noted and marked with the first). Nothing is ever deleted or expunged on the server (imap-tools' own
   flag() and move() fallback expunge, so they are not used).
3. with an `intake` callable (the CLI command, the serve deployment): when something written waits, the
   intake pass runs and the mails it recorded are marked at once (step 1 again).

A dropped connection or a timeout leaves at most the mails already written whole (in the ledger, unmarked);
the mail being downloaded is not written and nothing is marked; the next poll goes on. A mail whose intake
failed (the pass raised, the workspace could not be written) has no record, so it is not marked. The
password comes from the environment variable `password_env` and is never logged or stored.
"""

from __future__ import annotations

import datetime as dt
import email.parser
import email.policy
import fcntl
import fnmatch
import hashlib
import imaplib
import json
import logging
import os
import re
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from imap_tools import BaseMailBox, MailBox, MailBoxStartTls, MailBoxUnencrypted
from imap_tools.errors import ImapToolsError
from imap_tools.utils import encode_folder

from pipeline.claims import Claims
from pipeline.mail_headers import mail_info
from pipeline.model.config import Config, IntakeSettings, MailboxSettings
from pipeline.store import Store
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)

FOLDER = "邮箱"  # the inbox sub-folder mails are written to
STATE = ".mailbox"  # the workspace folder of the ledger and the lock
SUBJECT_BYTES = 90  # of the subject in a written mail's name (UTF-8), after the hash
_SYSTEM_UNSET = {"\\Seen": "UNSEEN", "\\Flagged": "UNFLAGGED", "\\Answered": "UNANSWERED"}
_LITERAL = re.compile(rb"\{(\d+)\}$")
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


class MailboxError(RuntimeError):
    """The mailbox cannot be read or a mail cannot be written (Chinese / English); nothing was marked."""

    def __init__(self, zh: str, en: str):
        super().__init__(f"{zh} / {en}")


@dataclass
class PollCounts:
    fetched: int = 0  # mails downloaded by this poll
    written: int = 0  # of them, new .eml files in inbox/邮箱/
    duplicates: int = 0  # of them, the same bytes as a mail already written: noted, not written again
    marked: int = 0  # mails marked processed (their records are stored)
    quarantined: int = 0  # of them, mails whose .eml ended in quarantine (quarantined_flag added)
    waiting: int = 0  # written mails the intake has not recorded yet (marked by a later poll)
    lost: int = 0  # written mails whose .eml left the inbox unrecorded: forgotten, fetched again
    left: int = 0  # unprocessed mails beyond max_per_poll, left for the next poll

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


# --- the ledger -----------------------------------------------------------------------------------------


class Ledger:
    """sha256 of a mail's bytes → {name, message_id, written_at, state ('written' | 'recorded'), outcome
    ('archived' | 'quarantined' | None), copies: [{account, folder, uidvalidity, uid, marked}]}."""

    def __init__(self, path: Path, mails: dict[str, dict[str, Any]]):
        self.path = path
        self.mails = mails

    @classmethod
    def load(cls, ws: Workspace) -> Ledger:
        path = ws.home / STATE / "ledger.json"
        try:
            table = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path, {})
        except (OSError, ValueError) as exc:  # never start afresh silently: every mail would come again
            raise MailboxError(f"邮箱记录 {path} 无法读取：{exc}", f"cannot read the mailbox ledger {path}: {exc}") \
                from exc
        return cls(path, dict(table.get("mails", {})))

    def save(self) -> None:
        text = json.dumps({"version": 1, "mails": self.mails}, ensure_ascii=False, indent=1, sort_keys=True)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _write_atomically(self.path, text.encode("utf-8"))
        except OSError as exc:
            raise MailboxError(f"邮箱记录 {self.path} 无法写入：{exc}", f"cannot write the mailbox ledger "
                               f"{self.path}: {exc}") from exc

    def unmarked(self, account: str) -> list[str]:
        return [sha for sha, e in self.mails.items()
                if any(not c["marked"] and c["account"] == account for c in e["copies"])]

    def known_uids(self, account: str, folder: str, uidvalidity: int) -> set[int]:
        return {c["uid"] for e in self.mails.values() for c in e["copies"]
                if (c["account"], c["folder"], c["uidvalidity"]) == (account, folder, uidvalidity)}

    def waiting(self) -> int:
        return sum(1 for e in self.mails.values() if e["state"] == "written")


def _write_atomically(path: Path, data: bytes) -> None:
    """`data` at `path`, whole or not at all: a temporary '.part' name in the same folder, then a rename."""
    tmp = path.with_name(f".{path.name[:40]}.{os.getpid()}.part")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def _locked(ws: Workspace) -> Iterator[None]:
    folder = ws.home / STATE
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "lock", "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)  # another poll of this workspace: wait for it
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


# --- names ----------------------------------------------------------------------------------------------


def eml_name(sha256: str, raw: bytes, intake: IntakeSettings) -> str:
    """'<sha256[:16]>-<subject>.eml': the subject decoded (RFC 2047, GBK …), unsafe characters replaced, at
    most SUBJECT_BYTES bytes; the hash alone when there is no subject or the name would be ignored."""
    headers = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(raw)
    subject = mail_info(headers, None).mail_subject or ""
    subject = " ".join(_UNSAFE.sub("_", subject).split()).strip(". ")
    cut = subject.encode("utf-8")[:SUBJECT_BYTES].decode("utf-8", "ignore").rstrip(". ")
    name = f"{sha256[:16]}-{cut}.eml" if cut else f"{sha256[:16]}.eml"
    if any(fnmatch.fnmatchcase(name.casefold(), p.casefold()) for p in intake.ignore):
        name = f"{sha256[:16]}.eml"
    return name


# --- the server -----------------------------------------------------------------------------------------


def account_of(settings: MailboxSettings) -> str:
    return f"{settings.user}@{settings.host}:{settings.port}"


_NETWORK = (OSError, imaplib.IMAP4.error, ImapToolsError, EOFError)  # socket, timeout, TLS, IMAP, drop


@contextmanager
def _session(settings: MailboxSettings) -> Iterator[_Box]:
    password = os.environ.get(settings.password_env)
    if not password:
        raise MailboxError(f"未设置邮箱密码：环境变量 {settings.password_env} 为空",
                           f"no mailbox password: the environment variable {settings.password_env} is not set")
    where = f"{settings.host}:{settings.port}"
    try:
        box: BaseMailBox
        if settings.security == "ssl":
            box = MailBox(settings.host, settings.port, timeout=settings.timeout_seconds,
                          ssl_context=ssl.create_default_context())
        elif settings.security == "starttls":
            box = MailBoxStartTls(settings.host, settings.port, timeout=settings.timeout_seconds,
                                  ssl_context=ssl.create_default_context())
        else:
            box = MailBoxUnencrypted(settings.host, settings.port, timeout=settings.timeout_seconds)
        if (settings.user + password).isascii():
            box.login(settings.user, password, initial_folder=None)
        else:
            box.login_utf8(settings.user, password, initial_folder=None)
    except _NETWORK as exc:
        raise MailboxError(f"无法登录邮箱 {settings.user}（{where}）：{_said(exc)}",
                           f"cannot log in to {settings.user} at {where}: {_said(exc)}") from exc
    del password
    try:
        yield _Box(box, settings)
    except _NETWORK as exc:
        raise MailboxError(f"邮箱连接中断（{where}）：{_said(exc)}；未标记任何邮件，下次收取继续",
                           f"the mailbox connection failed ({where}): {_said(exc)}; nothing was marked, the "
                           "next poll goes on") from exc
    finally:
        try:
            box.logout()
        except _NETWORK:  # the connection is already gone
            pass


def _said(exc: BaseException) -> str:
    return (str(exc) or exc.__class__.__name__)[:300]


class _Box:
    """One logged-in connection with the configured folder selected."""

    def __init__(self, box: BaseMailBox, settings: MailboxSettings):
        self.box, self.settings = box, settings
        self.client = box.client
        typ, data = self.client.capability()  # after login: the capabilities before it may lack MOVE
        self.capabilities = set(data[0].decode("ascii", "replace").upper().split()) if typ == "OK" and data \
            else {c.upper() for c in self.client.capabilities}
        box.folder.set(settings.folder)
        self.uidvalidity = int(box.folder.status(settings.folder, ["UIDVALIDITY"])["UIDVALIDITY"])

    def unprocessed(self) -> list[int]:
        flag = self.settings.processed_flag
        if flag in _SYSTEM_UNSET:
            criteria = _SYSTEM_UNSET[flag] if self.settings.processed == "flag" else "ALL"
        else:
            criteria = f"NOT KEYWORD {flag}"
        return sorted(int(u) for u in self.box.uids(criteria))

    def exists(self, uid: int) -> bool:
        return str(uid) in self.box.uids(f"UID {uid}")

    def by_message_id(self, message_id: str) -> list[int]:
        quoted = message_id.replace("\\", "\\\\").replace('"', '\\"')
        return sorted(int(u) for u in self.box.uids(f'HEADER Message-ID "{quoted}"'))

    def raw(self, uid: int) -> bytes | None:
        """The whole mail, as the server holds it (None when it is no longer there); \\Seen untouched."""
        typ, data = self.client.uid("FETCH", str(uid), "(UID BODY.PEEK[])")
        if typ != "OK":
            raise imaplib.IMAP4.error(f"FETCH {uid}: {typ} {data!r}"[:300])
        for item in data:
            if isinstance(item, tuple) and b"BODY[]" in item[0]:
                size = _LITERAL.search(item[0].rstrip())
                if size and int(size.group(1)) != len(item[1]):  # cut off: never taken for the mail
                    raise imaplib.IMAP4.abort(f"mail {uid} arrived incomplete")
                return bytes(item[1])
        return None

    def mark(self, uid: int, quarantined: bool) -> None:
        """Flag (or move) one mail as processed; never \\Deleted, never EXPUNGE."""
        s = self.settings
        extra = [s.quarantined_flag] if quarantined else []
        if s.processed == "flag":
            self._store(uid, [s.processed_flag, *extra])
            return
        if extra:
            self._store(uid, extra)  # flags travel with the mail
        target = encode_folder(s.move_to).decode("ascii")  # modified UTF-7, quoted
        if not self.box.folder.exists(s.move_to):
            self.box.folder.create(s.move_to)
        if "MOVE" in self.capabilities:
            self._ok(self.client.uid("MOVE", str(uid), target), "MOVE")
        else:  # a copy there, and the original flagged (so it is not fetched again), left in place
            self._ok(self.client.uid("COPY", str(uid), target), "COPY")
            self._store(uid, [s.processed_flag])

    def _store(self, uid: int, flags: list[str]) -> None:
        self._ok(self.client.uid("STORE", str(uid), "+FLAGS", f"({' '.join(flags)})"), "STORE")

    @staticmethod
    def _ok(result: tuple[str, Any], what: str) -> None:
        if result[0] != "OK":
            raise imaplib.IMAP4.error(f"{what}: {result[0]} {result[1]!r}"[:300])


# --- one poll -------------------------------------------------------------------------------------------


def poll_mailbox(ws: Workspace, config: Config, intake: Callable[[], object] | None = None) -> PollCounts:
    """One poll (see the module's doc): mark what was recorded, fetch what is new, and with `intake`, run it
    when mails wait and mark what it recorded. Raises MailboxError (nothing more marked) on a server problem."""
    settings = config.mailbox
    if not settings.host or not settings.user:
        raise MailboxError("未配置收件邮箱：campaign.toml 的 [mailbox] 需要 host 和 user",
                           "no mailbox configured: [mailbox] in campaign.toml needs host and user")
    counts = PollCounts()
    with _locked(ws):
        ledger = Ledger.load(ws)
        with _session(settings) as box:
            _mark_recorded(ws, box, ledger, counts)
            _fetch_new(ws, box, ledger, config.intake, counts)
        if intake is not None and ledger.waiting():
            intake()
            with _session(settings) as box:
                _mark_recorded(ws, box, ledger, counts)
        counts.waiting = ledger.waiting()
    log.info("mailbox %s/%s: %s", account_of(settings), settings.folder, counts.as_dict())
    return counts


def _recorded(ws: Workspace) -> set[str]:
    """Inbox names (relative, '/') whose arrival is committed or done: their records are stored."""
    store = Store(ws.db_url)
    try:
        return set(Claims(store).latest_done(str(ws.home / "inbox")))
    finally:
        store.close()


def _outcome(ws: Workspace, name: str) -> str:
    """'quarantined' when the mail itself was placed in quarantine/ (nothing in it could be used)."""
    try:
        days = list(ws.quarantine.iterdir())
    except FileNotFoundError:
        days = []
    return "quarantined" if any((day / name).exists() for day in days) else "archived"


def _mark_recorded(ws: Workspace, box: _Box, ledger: Ledger, counts: PollCounts) -> None:
    account = account_of(box.settings)
    pending = ledger.unmarked(account)
    if not pending:
        return
    inbox = ws.home / "inbox"
    # the inbox first, then the database: an entry leaves the inbox only after its records are committed, so
    # an .eml missing here and unrecorded there was removed by someone, not taken in
    present = {sha: (inbox / ledger.mails[sha]["name"]).exists() for sha in pending}
    recorded = _recorded(ws)
    try:
        for sha in pending:
            entry = ledger.mails[sha]
            if entry["state"] == "written":
                if entry["name"] in recorded:
                    entry["state"], entry["outcome"] = "recorded", _outcome(ws, entry["name"])
                elif not present[sha]:
                    log.warning("%s left the inbox without a record: the mail will be fetched again", entry["name"])
                    del ledger.mails[sha]
                    counts.lost += 1
                    continue
                else:
                    continue  # not taken in yet
            quarantined = entry.get("outcome") == "quarantined"
            for copy in entry["copies"]:
                if copy["marked"] or copy["account"] != account or copy["folder"] != box.settings.folder:
                    continue
                uid = _locate(box, copy, entry, sha)
                if uid is None:
                    log.warning("mail of %s is no longer in %s: nothing to mark", entry["name"], copy["folder"])
                    copy["note"] = "not found when marking"
                else:
                    box.mark(uid, quarantined)
                    counts.marked += 1
                    counts.quarantined += quarantined
                copy["marked"] = True
                copy["marked_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    finally:
        ledger.save()


def _locate(box: _Box, copy: dict[str, Any], entry: dict[str, Any], sha: str) -> int | None:
    """The mail's UID in the selected folder now: its own while UIDVALIDITY holds, else found by Message-ID
    (and the same bytes)."""
    if copy["uidvalidity"] == box.uidvalidity:
        return int(copy["uid"]) if box.exists(int(copy["uid"])) else None
    for uid in box.by_message_id(entry.get("message_id") or "") if entry.get("message_id") else []:
        raw = box.raw(uid)
        if raw is not None and hashlib.sha256(raw).hexdigest() == sha:
            return uid
    return None


def _fetch_new(ws: Workspace, box: _Box, ledger: Ledger, intake: IntakeSettings, counts: PollCounts) -> None:
    s = box.settings
    account = account_of(s)
    known = ledger.known_uids(account, s.folder, box.uidvalidity)
    new = [uid for uid in box.unprocessed() if uid not in known]
    counts.left = max(0, len(new) - s.max_per_poll)
    new = new[:s.max_per_poll]
    if not new:
        return
    target = ws.home / "inbox" / FOLDER
    recorded = _recorded(ws)
    for uid in new:
        raw = box.raw(uid)
        if raw is None:  # expunged meanwhile by someone else
            continue
        counts.fetched += 1
        sha = hashlib.sha256(raw).hexdigest()
        copy = {"account": account, "folder": s.folder, "uidvalidity": box.uidvalidity, "uid": uid,
                "marked": False}
        if sha in ledger.mails:
            ledger.mails[sha]["copies"].append(copy)
            counts.duplicates += 1
            ledger.save()
            continue
        name = eml_name(sha, raw, intake)
        key = f"{FOLDER}/{name}"
        path = target / name
        if path.exists() or key in recorded:  # written by a poll that stopped before its ledger was saved
            counts.duplicates += 1
        else:
            try:
                target.mkdir(parents=True, exist_ok=True)
                _write_atomically(path, raw)
            except OSError as exc:
                raise MailboxError(f"邮件无法写入收件箱 {target}：{exc}；未标记，下次收取重试",
                                   f"cannot write the mail into {target}: {exc}; not marked, the next poll "
                                   "tries again") from exc
            counts.written += 1
        headers = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(raw)
        message_id = str(headers.get("Message-ID") or "").strip() or None
        ledger.mails[sha] = {"name": key, "message_id": message_id, "state": "written", "outcome": None,
                             "written_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                             "copies": [copy]}
        ledger.save()
