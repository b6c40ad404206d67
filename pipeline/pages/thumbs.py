"""Photo thumbnails for the pages: each photo's image taken from the archived original (a Word file's
word/media member named by the Photo's `target`, or a picture file itself), downscaled with Pillow and
returned as a data: URI, so a page stays one self-contained file.

Owns reading images out of archived originals, with size limits, and a cache of finished thumbnails keyed by
the original's sha256 (its bytes never change under that name). A missing, unreadable or unsupported original
gives a Chinese note instead, never an exception. Must not extract or judge anything.
"""

from __future__ import annotations

import base64
import hashlib
import io
import logging
import zipfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

log = logging.getLogger(__name__)

SIZE = 240  # px: the longer side of a thumbnail
MAX_MEMBER_BYTES = 40 * 1024 * 1024  # an image member larger than this is not read for a thumbnail
MAX_PIXELS = 60_000_000  # decoded size refused beyond this (Pillow's own bomb guard is looser)
PICTURE_FORMATS = frozenset({"jpeg", "png", "gif", "tiff", "bmp", "webp"})


@dataclass(frozen=True)
class Thumb:
    """A thumbnail (`uri`) or, when none could be made, why (`note`, Chinese)."""

    uri: str | None = None
    note: str | None = None


class ThumbCache:
    """Finished thumbnails on disk (one small file each) and in memory; `folder=None`: memory only."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder
        self._memory: dict[str, Thumb] = {}
        self._used: set[str] = set()

    def get(self, key: str) -> Thumb | None:
        self._used.add(key)
        if key in self._memory:
            return self._memory[key]
        if self.folder is not None:
            path = self.folder / f"{key}.txt"
            try:
                thumb = Thumb(uri=path.read_text(encoding="ascii"))
            except OSError:
                return None
            self._memory[key] = thumb
            return thumb
        return None

    def prune(self) -> None:
        """Remove the cached thumbnails no page asked for since this cache was made."""
        if self.folder is not None and self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.stem not in self._used:
                    path.unlink(missing_ok=True)

    def put(self, key: str, thumb: Thumb) -> None:
        self._used.add(key)
        self._memory[key] = thumb
        if self.folder is not None and thumb.uri:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f".{key}.writing"
            tmp.write_text(thumb.uri, encoding="ascii")
            tmp.replace(self.folder / f"{key}.txt")


def _key(sha256: str, member: str | None) -> str:
    return hashlib.sha256(f"{sha256}\0{member or ''}\0{SIZE}".encode()).hexdigest()[:32]


def _downscale(data: bytes) -> str:
    with Image.open(io.BytesIO(data)) as img:
        if img.width * img.height > MAX_PIXELS:
            raise ValueError(f"image of {img.width}×{img.height} pixels")
        img.draft("RGB", (SIZE * 2, SIZE * 2))  # JPEG: decode at a reduced scale
        img.thumbnail((SIZE, SIZE))
        has_alpha = img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info)
        out = io.BytesIO()
        if has_alpha:
            img.convert("RGBA").save(out, "PNG", optimize=True)
            mime = "image/png"
        else:
            img.convert("RGB").save(out, "JPEG", quality=80, optimize=True)
            mime = "image/jpeg"
    return f"data:{mime};base64,{base64.b64encode(out.getvalue()).decode('ascii')}"


def _read_member(path: Path, member: str) -> bytes:
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member)
        if info.file_size > MAX_MEMBER_BYTES:
            raise ValueError(f"{member} holds {info.file_size} bytes")
        return zf.read(info)


def thumbnail(stored_path: str | None, sha256: str, member: str | None, cache: ThumbCache) -> Thumb:
    """The thumbnail of `member` of the archived original at `stored_path` (member None: the file is the
    picture), or a note saying why there is none."""
    if not stored_path:
        return Thumb(note="原件未归档，无法显示照片")
    key = _key(sha256, member)
    cached = cache.get(key)
    if cached is not None:
        return cached
    path = Path(stored_path)
    try:
        data = _read_member(path, member) if member else path.read_bytes()
        thumb = Thumb(uri=_downscale(data))
    except FileNotFoundError:
        return Thumb(note="归档的原件已不在原处，无法显示照片")
    except KeyError:
        return Thumb(note="原件中找不到这张照片")
    except (OSError, ValueError, zipfile.BadZipFile, UnidentifiedImageError, Image.DecompressionBombError) as exc:
        log.warning("no thumbnail for %s %s: %s", stored_path, member or "", exc)
        return Thumb(note="照片无法读取（格式不支持或文件已损坏）")
    cache.put(key, thumb)
    return thumb


def photo_thumbnail(stored_path: str | None, sha256: str, detected: str, target: str | None,
                    cache: ThumbCache) -> Thumb:
    """A report photo's thumbnail: from a Word original's media member; other originals have no member."""
    if detected != "docx":
        return Thumb(note={"pdf": "PDF 原件中的照片不单独保存，未生成缩略图",
                           "doc": "原件为旧版 Word（.doc/.wps）格式，照片未单独保存，未生成缩略图"}.get(
                               detected, "该格式的原件中无法取出照片"))
    if not target:
        return Thumb(note="原件中未记录这张照片的位置，未生成缩略图")
    return thumbnail(stored_path, sha256, target, cache)


def picture_thumbnail(stored_path: str | None, sha256: str, detected: str, cache: ThumbCache) -> Thumb | None:
    """A picture file's own thumbnail (a photo sent beside a report, a photographed form); None if the
    document is no picture."""
    if detected not in PICTURE_FORMATS:
        return None
    return thumbnail(stored_path, sha256, None, cache)
