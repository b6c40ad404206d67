"""Safe access to the zip package of a .docx: bounded member reads, hardened XML parsing, relationships.

Owns the defences against hostile files (not a zip, truncated or CRC-failing zips, decompression bombs,
too many members, XML syntax errors in the main part; a zip cut short, caught mid-copy, is 'incomplete' by
extractors.incomplete, other damage 'corrupt_zip') and the OPC plumbing (case-insensitive part lookup,
relationship target resolution, strict-namespace rewriting). Every failure it detects is a BadInput.
Every member's declared size and ratio (central directory) is checked when the package is opened, whether
the member is ever read or not. It must not interpret WordprocessingML, must never trust zip header sizes
alone, and never reads more than the IntakeSettings caps allow.
"""

from __future__ import annotations

import io
import posixpath
import struct
import threading
import zipfile
import zlib
from collections.abc import Iterator
from typing import NamedTuple
from urllib.parse import unquote

from lxml import etree

from extractors.docx.ns import PKG_RELATIONSHIP, STRICT_MARK, STRICT_TO_TRANSITIONAL
from extractors.incomplete import incomplete, zip_cut_short
from pipeline.model.config import IntakeSettings
from pipeline.model.errors import BadInput

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_CHUNK = 1 << 16
_RATIO_FLOOR = 1 << 20  # the ratio test applies from 1 MiB of output on: small XML parts compress very well
_TOTAL_FACTOR = 4  # all members read together may not exceed this many single-member caps
_MAIN_PART = "word/document.xml"

# What zipfile/zlib raise on damaged archives (RuntimeError: encrypted member; NotImplementedError:
# unsupported compression method).
_ZIP_ERRORS = (
    zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError, KeyError,
    IndexError, NotImplementedError, RuntimeError, struct.error, OverflowError,
)

_local = threading.local()


class Rel(NamedTuple):
    type: str  # relationship type URI (compare with .endswith('/image'), '/header', ...)
    target: str  # package part name ('word/media/image1.png'), or the URL when external
    external: bool


def corrupt(detail: str) -> BadInput:
    return BadInput("corrupt_zip", "文件已损坏或不是有效的 Word 文档，无法读取（压缩包结构错误）",
                    f"the file is damaged or not a valid Word document: {detail}")


def decompression_bomb(detail: str) -> BadInput:
    return BadInput("too_large", "文件解压后的体积、压缩比或成员数量超出安全上限（疑似压缩炸弹），已拒绝读取",
                    f"the document expands beyond the safety limits (possible decompression bomb): {detail}")


def malformed(detail: str) -> BadInput:
    return BadInput("malformed_xml", "Word 文档正文内容格式错误，文件可能已损坏，请重新保存后提交",
                    f"the document body is not well-formed XML; the file may be damaged: {detail}")


def parser() -> etree.XMLParser:
    """This thread's hardened parser: no entity expansion, no network, libxml2's size limits kept."""
    p = getattr(_local, "parser", None)
    if p is None:
        p = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                            remove_comments=True, remove_pis=True, collect_ids=False)
        _local.parser = p
    return p


def to_transitional(data: bytes) -> bytes:
    """Rewrite strict OOXML namespaces to their transitional twins (a no-op for transitional parts)."""
    if STRICT_MARK not in data:
        return data
    for strict, transitional in STRICT_TO_TRANSITIONAL:
        data = data.replace(strict, transitional)
    return data


def parse_xml(data: bytes) -> etree._Element:
    """Parse `data` with the hardened parser; raises etree.LxmlError or ValueError on bad XML."""
    return etree.fromstring(data, parser())


class Package:
    """An opened .docx zip. Member names are looked up case-insensitively."""

    def __init__(self, data: bytes, limits: IntakeSettings) -> None:
        if data[:8] == _OLE_MAGIC:
            if _ENCRYPTED_PACKAGE in data:
                raise BadInput("encrypted", "文档已加密（设有打开密码），无法读取，请取消密码后重新提交",
                               "the document is password-protected (encrypted OOXML); remove the password")
            raise BadInput("not_docx", "这是旧版 Word 97-2003（.doc）文件，不是 .docx，请另存为 .docx 后提交",
                           "this is a legacy Word 97-2003 (.doc) file, not .docx; save it as .docx")
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except _ZIP_ERRORS as exc:  # the central directory cannot be read: cut short, or else corrupt
            if zip_cut_short(data):
                raise incomplete("Word ", f"{len(data):,} bytes arrived and the zip's directory, kept at its end, is missing") from exc
            raise corrupt(f"not a readable zip archive ({type(exc).__name__})") from exc
        if len(infos) > limits.max_members:
            raise decompression_bomb(f"{len(infos)} zip members (limit {limits.max_members})")
        self._cap = int(limits.max_member_mb * 1024 * 1024)
        self._ratio = float(limits.max_ratio)
        self._cap_mb = limits.max_member_mb
        self._budget = self._cap * _TOTAL_FACTOR
        self.notes: list[str] = []
        self._members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            self._check_declared(info)  # every member, read or not: a bomb in an unread part is refused too
            self._members.setdefault(info.filename.replace("\\", "/").lstrip("/").lower(), info)

    def has(self, name: str) -> bool:
        return name.lower() in self._members

    def main_part(self) -> str:
        """The main document part's name; BadInput('not_docx') when the package has none."""
        if _MAIN_PART in self._members:
            return _MAIN_PART
        for rel in self.rels("").values():
            if rel.type.endswith("/officeDocument") and not rel.external and self.has(rel.target):
                return rel.target.lower()
        raise BadInput("not_docx", "文件不是 Word 文档（.docx）：压缩包中没有正文部分 word/document.xml",
                       "not a Word .docx document: the package has no word/document.xml")

    def read(self, name: str) -> bytes | None:
        """The member's bytes (strict namespaces rewritten), None when absent; never more than the caps."""
        chunks = self.stream(name)
        if chunks is None:
            return None
        parts = list(chunks)
        return to_transitional(parts[0] if len(parts) == 1 else b"".join(parts))

    def stream(self, name: str) -> Iterator[bytes] | None:
        """The member's raw bytes in chunks as they are decompressed (for reading only a prefix), None when
        absent. Declared sizes are checked at once, actual sizes chunk by chunk; errors raise BadInput."""
        info = self._members.get(name.lower())
        if info is None:
            return None
        self._check_declared(info)
        return self._chunks(info)

    def _check_declared(self, info: zipfile.ZipInfo) -> None:
        """The central directory's declared size and ratio of one member against the caps."""
        if info.file_size > self._cap:
            raise decompression_bomb(f"{info.filename} declares {info.file_size} bytes (limit {self._cap_mb:g} MB)")
        if info.file_size > _RATIO_FLOOR and info.file_size > self._ratio * max(info.compress_size, 1):
            raise decompression_bomb(f"{info.filename} compression ratio above {self._ratio:g}")

    def _chunks(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        limit_ratio = self._ratio * max(info.compress_size, 1)
        total = 0
        try:
            with self._zip.open(info) as fh:
                while chunk := fh.read(_CHUNK):
                    total += len(chunk)
                    self._budget -= len(chunk)
                    if total > self._cap:
                        raise decompression_bomb(f"{info.filename} expands beyond {self._cap_mb:g} MB")
                    if self._budget < 0:
                        raise decompression_bomb(f"the parts read exceed {self._cap_mb * _TOTAL_FACTOR:g} MB together")
                    if total > _RATIO_FLOOR and total > limit_ratio:
                        raise decompression_bomb(f"{info.filename} compression ratio above {self._ratio:g}")
                    yield chunk
        except _ZIP_ERRORS as exc:
            raise corrupt(f"cannot decompress {info.filename} ({type(exc).__name__}: {exc})") from exc

    def xml(self, name: str, required: bool = False) -> etree._Element | None:
        """The member parsed; None when absent or (unless `required`) not well-formed (noted)."""
        data = self.read(name)
        if data is None:
            return None
        try:
            return parse_xml(data)
        except (etree.LxmlError, ValueError) as exc:
            if required:
                raise malformed(f"{name}: {exc}") from exc
            self.notes.append(f"{name} is not well-formed XML and was ignored")
            return None

    def rels(self, part: str) -> dict[str, Rel]:
        """Relationships of `part` ('' for the package itself) by id; {} when there are none."""
        folder, _, base = part.rpartition("/")
        root = self.xml(f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels")
        out: dict[str, Rel] = {}
        if root is None:
            return out
        for rel in root.iter(PKG_RELATIONSHIP):
            rid, target = rel.get("Id"), rel.get("Target")
            if not rid or target is None:
                continue
            external = (rel.get("TargetMode") or "").lower() == "external"
            out[rid] = Rel(rel.get("Type") or "", target if external else resolve(folder, target), external)
        return out


def resolve(folder: str, target: str) -> str:
    """A relationship target as a package part name, relative to the source part's `folder`."""
    path = unquote(target.split("#", 1)[0]).replace("\\", "/")
    if path.startswith("/"):
        path = path.lstrip("/")
    elif folder:
        path = posixpath.join(folder, path)
    path = posixpath.normpath(path) if path else path
    return path[2:] if path.startswith("./") else path
