"""The three archive formats behind one shape: the directory (names, declared sizes) and members' bytes.

Owns opening .zip (zipfile; member names decoded: the UTF-8 flag, else the Info-ZIP Unicode path field, else
strict UTF-8, GB18030 — Windows' built-in zip writes CP936 — and cp437 last), .7z (py7zr) and .rar (rarfile;
a compressed RAR member needs an external tool: bsdtar from libarchive-tools, unar or unrar) and turning
their libraries' errors into BadInput ('bad_archive', 'encrypted'). Nothing is inflated by opening.
It must not choose which members to read, apply the count/size/ratio limits or build Submissions: that is
pipeline.archives, which passes a `check` called before every chunk is kept (it raises to stop).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from pipeline.model.errors import BadInput

CHUNK = 1 << 16
ARCHIVE_KINDS = frozenset({"zip", "7z", "rar"})
_KIND_NAME = {"zip": "ZIP", "7z": "7z", "rar": "RAR"}
_UNICODE_PATH = 0x7075  # Info-ZIP Unicode Path extra field


@dataclass
class Entry:
    """One directory entry as the archive declares it."""

    index: int
    name: str  # decoded, not yet cleaned
    size: int  # declared uncompressed bytes
    packed: int | None  # declared compressed bytes (None: unknown, e.g. inside a solid 7z block)
    is_dir: bool
    encrypted: bool
    decoded_as: str | None = None  # 'GBK' or 'cp437' when a zip name had no UTF-8 flag and was not UTF-8
    key: Any = None  # the library's own entry


Check = Callable[[Entry, int], None]  # (entry, bytes of it so far including this chunk): raise to stop


class Archive(Protocol):
    kind: str
    entries: list[Entry]

    def read(self, wanted: list[Entry], check: Check) -> dict[int, bytes]: ...


def bad_archive(kind: str, detail: str) -> BadInput:
    name = _KIND_NAME.get(kind, kind)
    return BadInput("bad_archive", f"压缩包（{name}）已损坏或不完整，无法解压，请重新打包后提交",
                    f"the {name} archive is damaged or incomplete and cannot be unpacked: {detail}")


def encrypted(kind: str) -> BadInput:
    name = _KIND_NAME.get(kind, kind)
    return BadInput("encrypted", f"压缩包（{name}）设有密码，无法解压，请提交未加密的压缩包或直接提交文件",
                    f"the {name} archive is password-protected; send it without a password, or the files")


def open_archive(kind: str, data: bytes) -> Archive:
    """The opened archive ('zip', '7z' or 'rar'); BadInput 'bad_archive' or 'encrypted' when it cannot be."""
    try:
        if kind == "zip":
            return _Zip(data)
        if kind == "7z":
            return _SevenZip(data)
        return _Rar(data)
    except BadInput:
        raise
    except Exception as exc:  # noqa: BLE001 - the archive libraries fail on hostile bytes in many shapes
        raise _translated(kind, exc) from exc


def read_members(archive: Archive, wanted: list[Entry], check: Check) -> dict[int, bytes]:
    """`wanted` members' bytes by entry index; `check` runs on every chunk and its BadInput passes through."""
    try:
        return archive.read(wanted, check)
    except BadInput:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged member raises anything from zlib/lzma/py7zr/rarfile
        raise _translated(archive.kind, exc) from exc


def _translated(kind: str, exc: Exception) -> BadInput:
    text = f"{type(exc).__name__}: {exc}"[:200]
    if "password" in text.lower() or "encrypt" in text.lower():
        return encrypted(kind)
    if "path is bad" in text:  # py7zr will not extract a member named '../x' or '/x', even into memory
        name = _KIND_NAME.get(kind, kind)
        return BadInput("bad_archive", f"压缩包（{name}）中有不安全的文件路径（如 ../ 或绝对路径），已拒绝解压",
                        f"the {name} archive holds unsafe member paths (../ or absolute): {text}")
    if type(exc).__name__ == "RarCannotExec":
        return BadInput("bad_archive", "无法解压 RAR：服务器缺少解压工具（请安装 libarchive-tools）",
                        "cannot unpack the RAR: no extraction tool (install libarchive-tools for bsdtar)")
    return bad_archive(kind, text)


# --- zip ------------------------------------------------------------------------------------------------


def zip_name(info: zipfile.ZipInfo) -> tuple[str, str | None]:
    """The member name as its writer meant it, and the encoding it was re-decoded from (None: as stored)."""
    if info.flag_bits & 0x800:
        return info.orig_filename, None
    raw = info.orig_filename.encode("cp437")  # zipfile decoded the raw bytes as cp437: this undoes it
    unicode_path = _unicode_path(info.extra, raw)
    if unicode_path is not None:
        return unicode_path, None
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "GBK"
    except UnicodeDecodeError:
        return info.orig_filename, "cp437"


def _unicode_path(extra: bytes, raw: bytes) -> str | None:
    """The Info-ZIP Unicode Path field's name, when present and made for this very name (its CRC matches)."""
    at = 0
    while at + 4 <= len(extra):
        field, length = struct.unpack_from("<HH", extra, at)
        body = extra[at + 4 : at + 4 + length]
        if field == _UNICODE_PATH and len(body) > 5 and body[0] == 1:
            if struct.unpack_from("<I", body, 1)[0] == zlib.crc32(raw):
                try:
                    return body[5:].decode("utf-8")
                except UnicodeDecodeError:
                    return None
        at += 4 + length
    return None


class _Zip:
    kind = "zip"

    def __init__(self, data: bytes) -> None:
        self._zip = zipfile.ZipFile(io.BytesIO(data))
        self.entries: list[Entry] = []
        for index, info in enumerate(self._zip.infolist()):
            name, decoded_as = zip_name(info)
            self.entries.append(Entry(index, name, info.file_size, info.compress_size, info.is_dir(),
                                      bool(info.flag_bits & 0x1), decoded_as, info))  # fmt: skip

    def read(self, wanted: list[Entry], check: Check) -> dict[int, bytes]:
        out: dict[int, bytes] = {}
        for entry in wanted:
            chunks: list[bytes] = []
            total = 0
            with self._zip.open(entry.key) as handle:
                while chunk := handle.read(CHUNK):
                    total += len(chunk)
                    check(entry, total)
                    chunks.append(chunk)
            out[entry.index] = b"".join(chunks)
        return out


# --- 7z -------------------------------------------------------------------------------------------------


class _SevenZip:
    kind = "7z"

    def __init__(self, data: bytes) -> None:
        import py7zr

        self._data = data
        archive = py7zr.SevenZipFile(io.BytesIO(data), mode="r")
        if archive.needs_password():
            raise encrypted(self.kind)
        # no per-member compressed size: a solid block's packed size is listed on its first member only, so
        # the ratio is judged on the whole archive (pipeline.archives)
        self.entries = [
            Entry(index, info.filename, int(info.uncompressed or 0), None, bool(info.is_directory), False, None, info)
            for index, info in enumerate(archive.list())
        ]
        archive.close()

    def read(self, wanted: list[Entry], check: Check) -> dict[int, bytes]:
        import py7zr
        from py7zr.io import Py7zIO, WriterFactory

        by_name = {entry.name: entry for entry in wanted}
        buffers: dict[str, _CappedIO] = {}

        class _CappedIO(Py7zIO):
            def __init__(self, entry: Entry | None) -> None:
                self.entry, self.buffer, self.total = entry, io.BytesIO(), 0

            def write(self, s: bytes | bytearray) -> int:
                self.total += len(s)
                if self.entry is not None:
                    check(self.entry, self.total)
                    self.buffer.write(s)
                return len(s)

            def read(self, size: int | None = None) -> bytes:
                return b""

            def seek(self, offset: int, whence: int = 0) -> int:
                return 0

            def flush(self) -> None:
                return None

            def size(self) -> int:
                return self.total

        class _Factory(WriterFactory):
            def create(self, filename: str) -> Py7zIO:
                buffers[filename] = _CappedIO(by_name.get(filename))
                return buffers[filename]

        if by_name:
            with py7zr.SevenZipFile(io.BytesIO(self._data), mode="r") as archive:
                archive.extract(targets=list(by_name), factory=_Factory())
        return {entry.index: buffers[name].buffer.getvalue() for name, entry in by_name.items() if name in buffers}


# --- rar ------------------------------------------------------------------------------------------------


class _Rar:
    kind = "rar"

    def __init__(self, data: bytes) -> None:
        import rarfile

        self._rar = rarfile.RarFile(io.BytesIO(data))
        if self._rar.needs_password():
            raise encrypted(self.kind)
        self.entries = [
            Entry(index, info.filename or "", int(info.file_size or 0), int(info.compress_size or 0),
                  info.is_dir(), bool(info.needs_password()), None, info)
            for index, info in enumerate(self._rar.infolist())
        ]  # fmt: skip

    def read(self, wanted: list[Entry], check: Check) -> dict[int, bytes]:
        out: dict[int, bytes] = {}
        for entry in wanted:
            chunks: list[bytes] = []
            total = 0
            with self._rar.open(entry.key) as handle:
                while chunk := handle.read(CHUNK):
                    total += len(chunk)
                    check(entry, total)
                    chunks.append(chunk)
            out[entry.index] = b"".join(chunks)
        return out
