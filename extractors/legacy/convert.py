"""The legacy Reader: Word 97–2003 (.doc) and Kingsoft WPS (.wps) files, converted to .docx by LibreOffice
headless and then read by the docx Reader. `docx_to_pdf` runs the same sandbox the other way, for the printable
review sheets (pipeline.sheets).

Owns finding soffice, running it safely and the bilingual reasons for failure:
- every soffice process runs in a fresh temporary folder (inputs under generated names such as 0001.doc,
  outputs, TMPDIR and its own LibreOffice profile), so parallel workers and a user's open LibreOffice never
  share a profile, and nothing is left behind;
- the import filter is forced ('MS Word 97'; for a .wps that fails as such, then 'MS_Works'), so bytes that
  are no Word document fail instead of being imported as plain text;
- a time limit: `timeout_seconds` per file; a batch of n files gets n times that and is also stopped when no
  new output appears for `timeout_seconds`. soffice starts in its own session and on timeout the whole
  process group is killed (SIGKILL); the group is swept after a normal exit too;
- an address-space limit (`ulimit -v`, i.e. RLIMIT_AS, set by /bin/sh just before exec: no preexec_fn,
  which is unsafe in threaded programs);
- one conversion at a time per worker process: the module-level `_LOCK` serialises every call, because one
  LibreOffice process already uses a core and 0.5–1 GB; run several worker processes to convert in parallel.
Never one converter alone: `legacy_layout` reads the conversion and, where it lost the tables the Word
binary's own text has (extractors.legacy.binary reads it, extractors.legacy.rebuild decides and rebuilds), takes
the rebuilt Layout instead; the notes say which route was used.
It must not interpret the Layout, parse Word binaries itself beyond the one flag that words the password
message, or raise anything but BadInput for a file that cannot be converted. POSIX only (process groups, ulimit).
"""

from __future__ import annotations

import glob
import io
import logging
import os
import shutil
import signal
import struct
import subprocess
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from extractors.docx.reader import read_docx
from extractors.legacy.binary import read_doc_text
from extractors.legacy.rebuild import ROUTE_BINARY, choose, table_cells
from pipeline.model.config import Config, LegacySettings
from pipeline.model.errors import BadInput
from pipeline.model.filenames import extension_of
from pipeline.model.layout import Layout

log = logging.getLogger(__name__)

NOTE = "已由 LibreOffice 从 .doc 转换为 .docx / converted from .doc to .docx by LibreOffice"

_EXPORT = "docx:MS Word 2007 XML"
_WORD97 = "MS Word 97"  # also reads Kingsoft WPS .wps files, which are Word 97 binaries
_WORKS = "MS_Works"  # what LibreOffice otherwise takes a .wps for (Microsoft Works)
_POLL_SECONDS = 0.05
_SWEEP_SECONDS = 2.0  # how long to wait for killed processes to be reaped
_MAX_DEPTH = 8  # levels of a process tree taken down leaf first
_PROGRAM_DIRS = (
    "/usr/lib/libreoffice/program", "/usr/lib64/libreoffice/program", "/opt/libreoffice*/program",
    "/snap/libreoffice/current/lib/libreoffice/program", "/Applications/LibreOffice.app/Contents/MacOS",
)
# RLIMIT_AS for soffice and everything it starts, set by the shell right before exec ($0 = KiB, "$@" = command)
_LIMITED = 'ulimit -v "$0" && exec "$@"'

# One conversion at a time per worker process (see the module docstring).
_LOCK = threading.Lock()


def soffice_path() -> str | None:
    """The soffice executable: on PATH as soffice or libreoffice, else in a usual program folder; None."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for pattern in _PROGRAM_DIRS:
        for folder in sorted(glob.glob(pattern), reverse=True):
            exe = Path(folder) / "soffice"
            if exe.is_file() and os.access(exe, os.X_OK):
                return str(exe)
    return None


def read_legacy(data: bytes, config: Config, name: str = "document.doc") -> Layout:
    """The Layout of a .doc/.wps given as bytes (converted by LibreOffice, then read as .docx); BadInput."""
    return legacy_layout(convert_to_docx(data, name, config.legacy), data, config)


def legacy_layout(docx: bytes, original: bytes, config: Config) -> Layout:
    """The Layout of a legacy file from LibreOffice's .docx of it and the original bytes: the conversion as
    read, unless it lost tables the Word binary has (then the Layout rebuilt from the binary's text)."""
    layout = read_docx(docx, config.intake)
    layout.notes.append(NOTE)
    try:
        text = read_doc_text(original)
    except BadInput as exc:  # not a Word 97 binary we can read (Works .wps, damaged): the conversion stands
        log.info("Word binary text not read (%s): %s", exc.code, exc.en)
        return layout
    chosen, route = choose(layout, text)
    if route == ROUTE_BINARY:
        log.info("LibreOffice's conversion has %d table cell(s) where the Word binary has %d: tables rebuilt "
                 "from the binary text", table_cells(layout), text.cells)
    return chosen


def convert_to_docx(data: bytes, name: str, settings: LegacySettings) -> bytes:
    """One .doc/.wps (named `name`, used only for its extension) as .docx bytes; raises BadInput."""
    exe = _require()
    with _LOCK:
        return _convert_one(exe, data, name, settings)


def convert_batch(items: list[tuple[str, bytes]], settings: LegacySettings) -> list[bytes | BadInput]:
    """(name, bytes) pairs as .docx bytes or the BadInput saying why not, in order.

    One soffice process per `batch_size` files; each file it did not convert (a bad file, or the rest of a
    batch whose process crashed or timed out) is then converted alone, so one bad file sinks no other."""
    if not items:
        return []
    exe = soffice_path()
    if exe is None:
        return [_missing() for _ in items]
    results: list[bytes | BadInput] = []
    with _LOCK:
        for start in range(0, len(items), settings.batch_size):
            chunk = items[start:start + settings.batch_size]
            if len(chunk) == 1:
                outputs: list[bytes | None] = [None]
            else:
                try:
                    outputs, _ = _run(exe, [(data, "doc") for _, data in chunk], _WORD97, settings)
                except BadInput as exc:
                    results.extend(exc for _ in chunk)
                    continue
            for (name, data), output in zip(chunk, outputs, strict=True):
                if output is None:
                    try:
                        output = _convert_one(exe, data, name, settings)
                    except BadInput as exc:
                        results.append(exc)
                        continue
                results.append(output)
    return results


# --- one file -----------------------------------------------------------------------------------------


def _convert_one(exe: str, data: bytes, name: str, settings: LegacySettings) -> bytes:
    """As .doc with the Word 97 filter; a .wps that fails so is tried once more as .wps (Works). Lock held."""
    attempts = [("doc", _WORD97)]
    if extension_of(name) == "wps":
        attempts.append(("wps", _WORKS))
    for suffix, infilter in attempts:
        (output,), timed_out = _run(exe, [(data, suffix)], infilter, settings)
        if output is not None:
            return output
        if timed_out:
            raise _timeout(settings.timeout_seconds)
    raise _failed(_word_encrypted(data))


def docx_to_pdf(data: bytes, settings: LegacySettings, timeout_seconds: float | None = None) -> bytes:
    """A .docx (one the project wrote: review sheets) as PDF bytes, converted by soffice under the same
    sandbox, memory and time limits as a .doc (`timeout_seconds` instead of the per-file one when given, for a
    long document); raises BadInput."""
    exe = _require()
    if timeout_seconds is not None:
        settings = settings.model_copy(update={"timeout_seconds": timeout_seconds})
    with _LOCK:
        (pdf,), timed_out = _run(exe, [(data, "docx")], None, settings, export="pdf:writer_pdf_Export",
                                 output=("pdf", _pdf_at))
    if pdf is not None:
        return pdf
    if timed_out:
        raise _timeout(settings.timeout_seconds)
    raise BadInput("conversion_failed", "LibreOffice 未能把 Word 文件转换为 PDF",
                   "LibreOffice could not convert the Word file to PDF")


def _pdf_at(path: Path) -> bytes | None:
    """The bytes of a complete PDF at `path` (its end-of-file marker written), or None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:] else None


# --- running soffice ----------------------------------------------------------------------------------


def _run(exe: str, files: list[tuple[bytes, str]], infilter: str | None,
         settings: LegacySettings, export: str = _EXPORT,
         output: tuple[str, Callable[[Path], bytes | None]] | None = None) -> tuple[list[bytes | None], bool]:
    """Convert `files` (bytes, suffix to give them) with one soffice process in a fresh temporary folder, to
    `export` (default .docx; `output`: the suffix soffice gives the result and what makes it valid).

    Returns each file's output bytes (None where there is no valid output) and whether the time ran out."""
    with tempfile.TemporaryDirectory(prefix="brandreview-soffice-") as tmp:
        root = Path(tmp)
        inbox, outbox, scratch = root / "in", root / "out", root / "tmp"
        for folder in (inbox, outbox, scratch):
            folder.mkdir()
        sources: list[Path] = []
        try:
            for number, (data, suffix) in enumerate(files, 1):
                source = inbox / f"{number:04d}.{suffix}"
                source.write_bytes(data)
                sources.append(source)
        except OSError as exc:
            raise _cannot_start(exc) from exc
        suffix, valid = output or ("docx", _docx_at)
        targets = [outbox / f"{s.stem}.{suffix}" for s in sources]
        command = [
            exe, f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless", "--invisible",
            "--nologo", "--nodefault", "--norestore", "--nolockcheck",
            *([f"--infilter={infilter}"] if infilter else []),
            "--convert-to", export, "--outdir", str(outbox), *map(str, sources),
        ]
        timed_out = _supervise(command, root, targets, settings)
        return [valid(t) for t in targets], timed_out


def _supervise(command: list[str], root: Path, targets: list[Path], settings: LegacySettings) -> bool:
    """Run `command` under the memory and time limits; True when it was killed for taking too long."""
    env = dict(os.environ, TMPDIR=str(root / "tmp"), TMP=str(root / "tmp"), TEMP=str(root / "tmp"))
    limit_kib = str(settings.max_memory_mb * 1024)
    log_path = root / "soffice.log"
    try:
        with open(log_path, "wb") as log_file:
            proc = subprocess.Popen(["/bin/sh", "-c", _LIMITED, limit_kib, *command], cwd=root, env=env,
                                    stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT,
                                    start_new_session=True)
    except OSError as exc:
        raise _cannot_start(exc) from exc
    per_file = settings.timeout_seconds
    started = time.monotonic()
    deadline, stall = started + per_file * len(targets), started + per_file
    done, timed_out = 0, False
    try:
        while not _exited(proc):
            now = time.monotonic()
            converted = sum(1 for t in targets if t.exists())
            if converted > done:
                done, stall = converted, now + per_file
            if now >= min(deadline, stall):
                timed_out = True
                break
            time.sleep(_POLL_SECONDS)
    finally:
        _kill_group(proc)  # on timeout the hung process; after a normal exit any straggler
    if timed_out or proc.returncode != 0:
        tail = log_path.read_bytes()[-600:].decode("utf-8", "replace")
        log.warning("soffice %s after %.1f s (exit %s, %d/%d converted): %s",
                    "timed out" if timed_out else "failed", time.monotonic() - started, proc.returncode,
                    sum(1 for t in targets if t.exists()), len(targets), tail)
    return timed_out


def _exited(proc: subprocess.Popen[bytes]) -> bool:
    """Whether the process has ended, leaving it unreaped where possible (its id, the group's, stays ours)."""
    if hasattr(os, "waitid"):
        try:
            return os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
        except ChildProcessError:
            return True
    return proc.poll() is not None


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL soffice's whole process group and reap its leader.

    Where /proc shows the tree, leaves go first, so each killed process is reaped by its own parent
    (oosplash waits for soffice.bin) instead of being orphaned to an init that may never reap it."""
    for _ in range(_MAX_DEPTH):
        members = _group_members(proc.pid)
        below = {pid: parent for pid, parent in members.items() if pid != proc.pid}
        leaves = [pid for pid in below if pid not in members.values()]
        if not leaves:
            break
        for pid in leaves:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        end = time.monotonic() + _SWEEP_SECONDS
        while time.monotonic() < end and set(leaves) & set(_group_members(proc.pid, zombies=True)):
            time.sleep(_POLL_SECONDS / 5)
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def _group_members(pgid: int, zombies: bool = False) -> dict[int, int]:
    """Process id -> parent id of the processes in group `pgid` (Linux /proc; elsewhere {})."""
    members: dict[int, int] = {}
    try:
        entries = [e for e in os.scandir("/proc") if e.name.isdigit()]
    except OSError:
        return members
    for entry in entries:
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                fields = handle.read().rpartition(b")")[2].split()  # state, ppid, pgrp, ...
        except OSError:
            continue
        if len(fields) > 2 and int(fields[2]) == pgid and (zombies or fields[0] not in (b"Z", b"X")):
            members[int(entry.name)] = int(fields[1])
    return members


def _docx_at(path: Path) -> bytes | None:
    """The bytes of a complete .docx at `path`, or None (missing, cut short by a kill, not Word)."""
    try:
        data = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return data if "word/document.xml" in archive.namelist() else None
    except (OSError, zipfile.BadZipFile, ValueError):
        return None


# --- reasons ------------------------------------------------------------------------------------------


def _require() -> str:
    exe = soffice_path()
    if exe is None:
        raise _missing()
    return exe


def _missing() -> BadInput:
    return BadInput(
        "converter_missing",
        "需要安装 LibreOffice 才能读取 .doc/.wps 文件：sudo apt-get install libreoffice-writer-nogui",
        "LibreOffice is needed to read .doc/.wps files: sudo apt-get install libreoffice-writer-nogui")


def _cannot_start(exc: OSError) -> BadInput:
    return BadInput(
        "converter_missing",
        f"无法启动 LibreOffice（{exc.strerror or exc}），请检查安装：sudo apt-get install libreoffice-writer-nogui",
        f"cannot start LibreOffice ({exc}); check the install: sudo apt-get install libreoffice-writer-nogui")


def _timeout(seconds: float) -> BadInput:
    return BadInput(
        "conversion_timeout",
        f"旧版 Word/WPS 文件转换超时（超过 {seconds:g} 秒），文件可能过大或已损坏；请另存为 .docx 后提交",
        f"converting the legacy Word/WPS file took longer than {seconds:g} s; the file may be too large or "
        "damaged; save it as .docx")


def _failed(encrypted: bool) -> BadInput:
    if encrypted:
        return BadInput(
            "conversion_failed",
            "旧版 Word 文件设有打开密码，无法转换读取；请取消密码或另存为 .docx 后提交",
            "the legacy Word file is password-protected and cannot be converted; remove the password or "
            "save it as .docx")
    return BadInput(
        "conversion_failed",
        "LibreOffice 无法转换此旧版 Word/WPS 文件：文件已损坏或不是有效的 Word 97–2003 文档；"
        "请用 Word 或 WPS 打开后另存为 .docx 提交",
        "LibreOffice could not convert this legacy Word/WPS file: it is damaged or not a valid Word 97-2003 "
        "document; open it in Word or WPS and save it as .docx")


def _word_encrypted(data: bytes) -> bool:
    """Whether the Word binary's FIB says it is encrypted (fEncrypted); False when that cannot be told."""
    try:
        shift = int(struct.unpack_from("<H", data, 30)[0])
        if shift not in (9, 12):
            return False
        size = 1 << shift
        fat = [s for s in struct.unpack_from("<109I", data, 76) if s < 0xFFFFFFFA]  # first 109 FAT sectors

        def at(sector: int) -> int:
            return (sector + 1) * size

        sector, seen = int(struct.unpack_from("<I", data, 48)[0]), set[int]()
        while sector < 0xFFFFFFFA and sector not in seen and len(seen) < 4096:
            seen.add(sector)
            for entry in range(at(sector), at(sector) + size, 128):
                length = struct.unpack_from("<H", data, entry + 64)[0]
                if data[entry:entry + max(length - 2, 0)].decode("utf-16-le", "replace") == "WordDocument":
                    start, stream_size = struct.unpack_from("<II", data, entry + 116)
                    if stream_size < 4096:  # in the mini stream: not worth following
                        return False
                    fib = at(start)
                    ident, _, flags = struct.unpack_from("<HHxxxxxxH", data, fib)
                    return ident == 0xA5EC and bool(flags & 0x0100)
            index, slot = divmod(sector, size // 4)
            sector = struct.unpack_from("<I", data, at(fat[index]) + 4 * slot)[0]
    except (struct.error, IndexError):
        return False
    return False
