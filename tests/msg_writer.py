"""Write Outlook .msg files for the tests: a minimal compound-file (CFB, [MS-CFB] version 3) writer and the
MAPI property layout of a message ([MS-OXMSG]) on top of it — subject, sender, date, body, HTML body,
attachments by value (any name, Chinese too: strings are UTF-16, or a code page such as 936 for the ANSI .msg
files older Outlook writes) and embedded Outlook messages. extract-msg only reads; tests/test_outlook_msg.py
checks that it reads back what is written here.
"""

from __future__ import annotations

import datetime as dt
import struct
from dataclasses import dataclass, field

MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
SECTOR, MINI, CUTOFF = 512, 64, 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF

# A compound file's tree: a storage maps names to streams (bytes) or storages (dicts).
Tree = dict[str, "bytes | Tree"]


# --- the compound file --------------------------------------------------------------------------------------


@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: list[int] = field(default_factory=list)
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    start: int = END
    size: int = 0


def _order(name: str) -> tuple[int, str]:
    return len(name), name.upper()  # [MS-CFB] 2.6.4: shorter names first, then by upper case


def cfb_bytes(tree: Tree) -> bytes:
    """A compound file holding `tree` (streams under 4096 bytes in the mini stream, as the format requires)."""
    entries = [_Entry("Root Entry", 5)]

    def add(parent: int, storage: Tree) -> None:
        for name, value in storage.items():
            if len(name) > 31:
                raise ValueError(f"CFB names have at most 31 characters: {name!r}")
            entries.append(_Entry(name, 2, value) if isinstance(value, bytes) else _Entry(name, 1))
            index = len(entries) - 1
            entries[parent].children.append(index)
            if not isinstance(value, bytes):
                add(index, value)

    add(0, tree)

    def balance(ids: list[int]) -> int:  # siblings as a balanced binary tree (all black)
        if not ids:
            return NOSTREAM
        middle = len(ids) // 2
        node = entries[ids[middle]]
        node.left, node.right = balance(ids[:middle]), balance(ids[middle + 1 :])
        return ids[middle]

    for entry in entries:
        entry.child = balance(sorted(entry.children, key=lambda i: _order(entries[i].name)))

    fat: list[int] = []
    body = bytearray()

    def place(data: bytes) -> int:
        if not data:
            return END
        count = -(-len(data) // SECTOR)
        first = len(fat)
        fat.extend(range(first + 1, first + count))
        fat.append(END)
        body.extend(data.ljust(count * SECTOR, b"\x00"))
        return first

    mini = bytearray()
    minifat: list[int] = []
    for entry in entries:
        if entry.kind != 2:
            continue
        entry.size = len(entry.data)
        if entry.size >= CUTOFF:
            entry.start = place(entry.data)
        elif entry.size:
            count = -(-entry.size // MINI)
            entry.start = len(minifat)
            minifat.extend(range(entry.start + 1, entry.start + count))
            minifat.append(END)
            mini.extend(entry.data.ljust(count * MINI, b"\x00"))
    entries[0].start, entries[0].size = place(bytes(mini)), len(mini)
    minifat_start = place(struct.pack(f"<{len(minifat)}I", *minifat).ljust(-(-len(minifat) // 128) * SECTOR,
                                                                         b"\xff")) if minifat else END
    minifat_count = -(-len(minifat) // 128)

    directory = bytearray()
    for entry in entries:
        encoded = entry.name.encode("utf-16-le") + b"\x00\x00"
        record = bytearray(128)
        record[: len(encoded)] = encoded
        start = 0 if entry.kind == 1 else entry.start
        struct.pack_into("<HBBIII", record, 64, len(encoded), entry.kind, 1, entry.left, entry.right, entry.child)
        struct.pack_into("<IQ", record, 116, start, entry.size)
        directory.extend(record)
    while len(directory) % SECTOR:  # unused entries
        record = bytearray(128)
        struct.pack_into("<III", record, 68, NOSTREAM, NOSTREAM, NOSTREAM)
        directory.extend(record)
    directory_start = place(bytes(directory))

    fat_count = 1
    while len(fat) + fat_count > fat_count * 128:
        fat_count += 1
    if fat_count > 109:
        raise ValueError("this writer keeps the FAT in the header's 109 DIFAT slots (files up to ~7 MB)")
    fat_sectors = list(range(len(fat), len(fat) + fat_count))
    fat.extend([FATSECT] * fat_count)
    fat.extend([FREE] * (fat_count * 128 - len(fat)))

    header = bytearray(512)
    header[0:8] = MAGIC
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 44, fat_count, directory_start, 0, CUTOFF, minifat_start, minifat_count,
                     END, 0, fat_sectors[0])
    struct.pack_into("<108I", header, 80, *(fat_sectors[1:] + [FREE] * (109 - fat_count)))
    return bytes(header) + bytes(body) + struct.pack(f"<{len(fat)}I", *fat)


# --- an Outlook message ---------------------------------------------------------------------------------


@dataclass
class Attachment:
    """A file attached by value (`data`), or an Outlook message attached as an item (`mail`)."""

    name: str = ""
    data: bytes | None = None
    mail: Mail | None = None
    mime: str | None = None
    content_id: str | None = None
    hidden: bool = False


@dataclass
class Mail:
    subject: str | None = None
    sender_name: str | None = None
    sender_email: str | None = None
    date: dt.datetime | None = None  # when it was sent (PR_CLIENT_SUBMIT_TIME)
    body: str | None = None
    html: bytes | None = None
    attachments: list[Attachment] = field(default_factory=list)
    codepage: int | None = None  # None: Unicode strings; else 8-bit strings in this Windows code page (936: GBK)
    message_class: str = "IPM.Note"


PT_LONG, PT_BOOLEAN, PT_SYSTIME, PT_STRING8, PT_UNICODE, PT_BINARY, PT_OBJECT = (
    0x0003, 0x000B, 0x0040, 0x001E, 0x001F, 0x0102, 0x000D)


def _filetime(when: dt.datetime) -> int:
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    delta = when - dt.datetime(1601, 1, 1, tzinfo=dt.UTC)
    return (delta.days * 86400 + delta.seconds) * 10_000_000 + delta.microseconds * 10


class _Properties:
    """One property stream and the substg streams of its variable-length values."""

    def __init__(self, codepage: int | None):
        self.codepage = codepage
        self.fixed: list[bytes] = []
        self.streams: Tree = {}

    def _entry(self, prop: int, kind: int, value: bytes) -> None:
        self.fixed.append(struct.pack("<II", (prop << 16) | kind, 6) + value.ljust(8, b"\x00"))

    def long(self, prop: int, value: int) -> None:
        self._entry(prop, PT_LONG, struct.pack("<I", value))

    def boolean(self, prop: int, value: bool) -> None:
        self._entry(prop, PT_BOOLEAN, struct.pack("<H", int(value)))

    def time(self, prop: int, when: dt.datetime) -> None:
        self._entry(prop, PT_SYSTIME, struct.pack("<Q", _filetime(when)))

    def binary(self, prop: int, value: bytes) -> None:
        self._entry(prop, PT_BINARY, struct.pack("<I", len(value)))
        self.streams[f"__substg1.0_{prop:04X}{PT_BINARY:04X}"] = value

    def text(self, prop: int, value: str | None) -> None:
        if value is None:
            return
        if self.codepage is None:
            kind, raw, end = PT_UNICODE, value.encode("utf-16-le"), 2
        else:
            kind, raw, end = PT_STRING8, value.encode(f"cp{self.codepage}"), 1
        self._entry(prop, kind, struct.pack("<I", len(raw) + end))
        self.streams[f"__substg1.0_{prop:04X}{kind:04X}"] = raw

    def storage(self, prop: int, tree: Tree) -> None:
        self._entry(prop, PT_OBJECT, struct.pack("<I", 0xFFFFFFFF))
        self.streams[f"__substg1.0_{prop:04X}{PT_OBJECT:04X}"] = tree


def _message(mail: Mail, top: bool) -> Tree:
    props = _Properties(mail.codepage)
    props.text(0x001A, mail.message_class)
    props.text(0x0037, mail.subject)
    props.text(0x0C1A, mail.sender_name)  # PR_SENDER_NAME
    props.text(0x0042, mail.sender_name)  # PR_SENT_REPRESENTING_NAME
    if mail.sender_email:
        props.text(0x0C1E, "SMTP")
        props.text(0x0C1F, mail.sender_email)
        props.text(0x5D01, mail.sender_email)  # PR_SENDER_SMTP_ADDRESS
    props.text(0x1000, mail.body)
    if mail.html is not None:
        props.binary(0x1013, mail.html)
    if mail.date is not None:
        props.time(0x0039, mail.date)  # PR_CLIENT_SUBMIT_TIME
        props.time(0x0E06, mail.date)  # PR_MESSAGE_DELIVERY_TIME
    props.long(0x0E07, 1)  # PR_MESSAGE_FLAGS: read, sent
    props.boolean(0x0E1B, bool(mail.attachments))  # PR_HASATTACH
    if mail.codepage is None:
        props.long(0x340D, 0x00040000)  # PR_STORE_SUPPORT_MASK: STORE_UNICODE_OK
    else:
        props.long(0x3FFD, mail.codepage)  # PR_MESSAGE_CODEPAGE
        props.long(0x3FDE, mail.codepage)  # PR_INTERNET_CPID
    tree: Tree = {}
    for number, attachment in enumerate(mail.attachments):
        tree[f"__attach_version1.0_#{number:08X}"] = _attachment(attachment, number, mail.codepage)
    count = len(mail.attachments)
    header = struct.pack("<8xIIII", 0, count, 0, count) + (b"\x00" * 8 if top else b"")
    tree["__properties_version1.0"] = header + b"".join(props.fixed)
    tree.update(props.streams)
    if top:  # the named-property mapping, empty (embedded messages use their parent's)
        tree["__nameid_version1.0"] = {f"__substg1.0_000{n}0102": b"" for n in (2, 3, 4)}
    return tree


def _attachment(attachment: Attachment, number: int, codepage: int | None) -> Tree:
    props = _Properties(codepage)
    props.long(0x0E21, number)  # PR_ATTACH_NUM
    if attachment.mail is not None:
        props.long(0x3705, 5)  # PR_ATTACH_METHOD: afEmbeddedMessage
        props.text(0x3001, attachment.name or attachment.mail.subject)
        props.storage(0x3701, _message(attachment.mail, top=False))
    else:
        props.long(0x3705, 1)  # afByValue
        props.text(0x3001, attachment.name)  # PR_DISPLAY_NAME
        props.text(0x3707, attachment.name)  # PR_ATTACH_LONG_FILENAME
        stem, dot, extension = attachment.name.rpartition(".")
        if dot:
            props.text(0x3703, "." + extension)
        props.binary(0x3701, attachment.data or b"")
        props.text(0x370E, attachment.mime)
        props.text(0x3712, attachment.content_id)
        if attachment.hidden:
            props.boolean(0x7FFE, True)  # PR_ATTACHMENT_HIDDEN
    tree: Tree = {"__properties_version1.0": b"\x00" * 8 + b"".join(props.fixed)}
    tree.update(props.streams)
    return tree


def msg_bytes(mail: Mail) -> bytes:
    """The .msg file of `mail`, as Outlook's "Save as → Outlook Message Format" lays it out."""
    return cfb_bytes(_message(mail, top=True))
