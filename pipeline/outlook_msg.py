"""Reading an Outlook mail saved as .msg (a compound file of MAPI properties, [MS-OXMSG]) with extract-msg: its
sender, subject and date, its attached files as (name, bytes), and the Outlook mails attached to it as items,
read in turn to a depth.

Owns reading one .msg; which attachments become Submissions (and .eml/.msg files attached as files) is
pipeline.ingest. Hostile input: whatever the reader raises on a damaged file is BadInput 'bad_mail'; the bytes
are handed over as a file object, never as bytes (olefile takes a short bytes string for a path). A picture the
HTML body shows (its content id referenced there) is not an attachment, as for .eml; attachments that hold no
file (links to a file elsewhere, OLE objects) are left out.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass, field
from typing import Any

from pipeline.mail_headers import decode_address, iso_date, tidy
from pipeline.model.errors import BadInput

log = logging.getLogger(__name__)

_HTML_STREAMS = ("__substg1.0_10130102", "__substg1.0_1013001F", "__substg1.0_1013001E")


@dataclass(frozen=True)
class OutlookMail:
    mail_from: str | None
    mail_subject: str | None
    mail_date: str | None  # ISO 8601, as pipeline.mail_headers writes a mail's Date
    attachments: list[tuple[str, bytes]] = field(default_factory=list)  # attached files, name as written
    mails: list[OutlookMail] = field(default_factory=list)  # Outlook mails attached as items
    too_deep: int = 0  # attached mails not read: nested deeper than max_depth


def read_msg(data: bytes, max_depth: int) -> OutlookMail:
    """The mail in `data`; attached mails are read down to `max_depth` levels below it (0: none).

    Raises BadInput 'bad_mail' when the file cannot be read as an Outlook mail.
    """
    import extract_msg  # lazily: `brandreview check` never loads it
    from extract_msg.enums import ErrorBehavior

    try:  # attachments are read as asked for (so each attached mail only when its depth allows), and an
        # attachment extract-msg does not implement (a link to a file elsewhere) is one that holds no file
        with extract_msg.openMsg(io.BytesIO(data), delayAttachments=True, strict=False,
                                 errorBehavior=ErrorBehavior.ATTACH_NOT_IMPLEMENTED) as msg:
            return _mail(msg, max_depth)
    except BadInput:
        raise
    except Exception as exc:  # noqa: BLE001 - extract-msg and olefile fail on hostile files in many shapes
        # (OSError, InvalidFileFormatError, StandardViolationError, struct.error, UnicodeDecodeError …)
        reason = str(exc)[:200] or exc.__class__.__name__
        raise BadInput("bad_mail", f"Outlook 邮件（.msg）无法解析，文件可能已损坏：{reason}",
                       f"the Outlook mail (.msg) cannot be parsed; the file may be damaged: {reason}") from exc


def _mail(msg: Any, depth_left: int) -> OutlookMail:
    html = _html(msg)
    files: list[tuple[str, bytes]] = []
    mails: list[OutlookMail] = []
    too_deep = 0
    for attachment in msg.attachments:
        try:
            content = attachment.data
        except NotImplementedError:  # a web attachment: a link, no file
            content = None
        if isinstance(content, bytes):
            cid = (getattr(attachment, "contentId", None) or "").strip().strip("<>").strip().lower()
            if cid and html and b"cid:" + cid.encode("utf-8", "replace") in html:
                continue  # a picture shown in the HTML body (logo, signature)
            files.append((_name(attachment), content))
        elif hasattr(content, "attachments"):  # an Outlook item attached as such (extract_msg.MSGFile)
            if depth_left > 0:
                mails.append(_mail(content, depth_left - 1))
            else:
                too_deep += 1
        else:
            log.info("attachment %r of an Outlook mail holds no file; left out", _name(attachment))
    return OutlookMail(_sender(msg), _subject(msg), _date(msg), files, mails, too_deep)


def _name(attachment: Any) -> str:
    for key in ("longFilename", "name", "displayName", "shortFilename"):
        value = getattr(attachment, key, None)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def _sender(msg: Any) -> str | None:
    sender = getattr(msg, "sender", None)
    return decode_address(sender) if isinstance(sender, str) and sender.strip() else None


def _subject(msg: Any) -> str | None:
    subject = getattr(msg, "subject", None)
    return tidy(subject) if isinstance(subject, str) else None


def _date(msg: Any) -> str | None:
    sent = getattr(msg, "date", None)
    if isinstance(sent, dt.datetime):
        return sent.isoformat()
    header = getattr(msg, "headerText", None)  # the transport headers a received mail keeps
    if isinstance(header, str):
        for line in header.splitlines():
            name, colon, value = line.partition(":")
            if colon and name.strip().lower() == "date" and value.strip():
                return iso_date(value.strip())
    return None


def _html(msg: Any) -> bytes:
    """The HTML body as stored, lower case (b'' when there is none): read from its stream, never converted
    from the RTF body."""
    for stream in _HTML_STREAMS:
        raw = msg.getStream(stream)
        if isinstance(raw, bytes) and raw:
            return (raw.decode("utf-16-le", "replace").encode() if stream.endswith("001F") else raw).lower()
    return b""
