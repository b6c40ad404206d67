"""Page images for OCR: safe decoding, binarisation, skew correction, photo regions.

Owns everything done to pixels before and beside recognition: image bytes -> BGR pages (the pixel count
is checked from the header BEFORE anything is decoded, against the configured `ocr.max_pixels` — Pillow's
own ceiling, another number with its own message, is switched off while this module opens and decodes a
picture it has checked (`_configured_limit`), and stays in force for any other code; a file cut short is
'incomplete' by extractors.incomplete; multi-page TIFF gives several pages; EXIF rotation of phone photos
is applied; transparency is laid on white), the binary ink mask, the skew estimate (a
projection-profile search over small angles) and the rotation, and large non-text regions (photos).
The sheet of paper in a photograph is extractors.ocr.sheet's. It must not recognise text or build the Layout.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import cv2
import numpy as np

from extractors.incomplete import image_cut_short, incomplete
from pipeline.model.errors import BadInput

if TYPE_CHECKING:  # Pillow is imported lazily (only when a picture is read)
    from PIL.Image import Image as PILImage

_ERRORS = (OSError, ValueError, SyntaxError, EOFError, TypeError, IndexError, MemoryError)  # Pillow's, for bad bytes
FORMATS = ("PNG", "JPEG", "MPO", "TIFF", "BMP", "DIB", "WEBP", "GIF")
MAX_SIDE = 3600  # larger photos are reduced to this long side before anything else (A4 at ~300 dpi)


def bad_image(detail: str) -> BadInput:
    return BadInput("bad_image", "图片无法读取：文件已损坏或不是受支持的图片格式（JPG、PNG、TIFF、BMP）",
                    f"the image cannot be read ({detail}); send a JPG, PNG, TIFF or BMP file")


def unreadable(data: bytes, exc: BaseException) -> BadInput:
    """Why Pillow could not read `data`: cut short ('incomplete') or else damaged ('bad_image')."""
    if image_cut_short(data):
        return incomplete("图片", f"{len(data):,} bytes arrived and the image stops before its end")
    return bad_image(f"{type(exc).__name__}: {exc}")


def too_many_pixels(width: int, height: int, limit: int, where: str = "") -> BadInput:
    """The configured `ocr.max_pixels` refusing a picture by its declared size; `where` says in Chinese where
    it is ('PDF 第 2 页中的')."""
    return BadInput("too_large", f"{where}图片过大：{width}×{height} 像素，超过设定上限 {_wan(limit)}像素，未读取",
                    f"the image is too large: {width}×{height} pixels, above the configured limit of {limit:,} "
                    f"pixels (ocr.max_pixels); not read")


def _wan(n: int) -> str:
    """A pixel count as Chinese writes it, before 像素: 40000000 → '4000 万', 1234567 → '1,234,567 '."""
    return f"{n // 10000} 万" if n % 10000 == 0 else f"{n:,} "


_PILLOW_CEILING = threading.Lock()


@contextmanager
def _configured_limit() -> Iterator[None]:
    """Pillow's own decompression-bomb ceiling off for the duration: ImagePages checks every frame against the
    configured limit before decoding, so that limit, in its own words, is the one that applies (Pillow's
    warns above 89 M pixels and refuses above 179 M with its own message, whatever is configured). Its
    setting is a module global, restored afterwards; the lock keeps two readers from restoring it wrongly."""
    from PIL import Image

    with _PILLOW_CEILING:
        saved, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
        try:
            yield
        finally:
            Image.MAX_IMAGE_PIXELS = saved


class ImagePages:
    """The pages of an image file, every page's size checked from its header when opened; a page is
    decoded only when asked for (a multi-page TIFF never sits in memory whole)."""

    def __init__(self, data: bytes, max_pixels: int, max_pages: int):
        from PIL import Image

        self._data = data
        try:
            with _configured_limit():
                self._im = Image.open(io.BytesIO(data))  # reads the header only
                if self._im.format not in FORMATS:
                    raise bad_image(f"format {self._im.format}")
                self._count = getattr(self._im, "n_frames", 1) if self._im.format == "TIFF" else 1
                if self._count > max_pages:
                    raise too_many_pages(self._count, max_pages)
                for i in range(self._count):
                    self._im.seek(i)
                    w, h = self._im.size
                    if w * h > max_pixels:
                        raise too_many_pixels(w, h, max_pixels, where=f"第 {i + 1} 页" if self._count > 1 else "")
                    if w < 8 or h < 8:
                        raise bad_image(f"{w}x{h} pixels")
        except BadInput:
            raise
        except _ERRORS as exc:
            raise unreadable(data, exc) from exc

    def __len__(self) -> int:
        return self._count

    def page(self, i: int) -> np.ndarray:
        """Page i (0-based) as BGR pixels; the first page is turned as its EXIF orientation says."""
        from PIL import ImageOps

        try:
            with _configured_limit():  # (every frame was checked against it when the file was opened)
                self._im.seek(i)
                return _to_bgr(ImageOps.exif_transpose(self._im) if i == 0 else self._im)
        except _ERRORS as exc:
            raise unreadable(self._data, exc) from exc


def too_many_pages(n: int, limit: int) -> BadInput:
    return BadInput("too_many_pages", f"扫描件页数过多（{n} 页，上限 {limit} 页），未识别",
                    f"too many scanned pages ({n}; limit {limit}); not recognised")


def _to_bgr(im: PILImage) -> np.ndarray:
    from PIL import Image

    if im.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        arr = np.asarray(im, dtype=np.float32)
        lo, hi = float(arr.min()), float(arr.max())
        gray = ((arr - lo) * (255.0 / max(hi - lo, 1e-6))).astype(np.uint8)
        return cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        im = Image.alpha_composite(white, rgba)
    rgb = np.asarray(im.convert("RGB"))
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)


def fit(page: np.ndarray, max_side: int = MAX_SIDE) -> np.ndarray:
    """The page reduced so its long side is at most `max_side` (photos from phones are larger than needed)."""
    h, w = page.shape[:2]
    scale = max_side / max(h, w)
    if scale >= 1.0:
        return page
    return cv2.resize(page, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)


def ink(gray: np.ndarray) -> np.ndarray:
    """Binary mask (255 = ink) robust to uneven light and scanner noise."""
    blurred = cv2.GaussianBlur(gray, (3, 3), 0)
    block = max(15, (min(gray.shape[:2]) // 40) | 1)
    return cv2.adaptiveThreshold(blurred, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 18)


def _profile_score(mask: np.ndarray, angle: float) -> float:
    h, w = mask.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    rotated = cv2.warpAffine(mask, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = rotated.sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(rows)).sum())


def _small_mask(gray: np.ndarray, side: int = 1000) -> np.ndarray:
    h, w = gray.shape
    scale = min(1.0, side / max(h, w))
    small = cv2.resize(gray, (max(8, round(w * scale)), max(8, round(h * scale))), interpolation=cv2.INTER_AREA)
    mask = ink(small)
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))  # speckles out


def estimate_skew(gray: np.ndarray, max_angle: float = 6.0) -> float:
    """The angle (degrees, counter-clockwise positive as cv2 rotates) that makes text lines and rules level."""
    mask = _small_mask(gray)
    if mask.sum() == 0:
        return 0.0
    best = max(np.arange(-max_angle, max_angle + 1e-6, 0.5), key=lambda a: _profile_score(mask, float(a)))
    fine = np.arange(best - 0.5, best + 0.5 + 1e-6, 0.1)
    best = max(fine, key=lambda a: _profile_score(mask, float(a)))
    finer = np.arange(best - 0.1, best + 0.1 + 1e-6, 0.025)
    return float(max(finer, key=lambda a: _profile_score(mask, float(a))))


def rotate(page: np.ndarray, angle: float) -> np.ndarray:
    """The page rotated by `angle` degrees about its centre, uncovered corners white."""
    if abs(angle) < 0.01:
        return page
    h, w = page.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    fill = (255, 255, 255) if page.ndim == 3 else 255
    return cv2.warpAffine(page, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=fill)


@dataclass(frozen=True)
class Region:
    x0: int
    y0: int
    x1: int
    y1: int


def photo_regions(gray: np.ndarray, text_boxes: list[tuple[float, float, float, float]],
                  min_w: int, min_h: int, sheet: np.ndarray | None = None) -> list[Region]:
    """Large, densely inked areas that are not text: photos and drawings pasted on a scanned page."""
    h, w = gray.shape
    scale = min(1.0, 800 / max(h, w))
    size = (max(8, round(w * scale)), max(8, round(h * scale)))
    small = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
    dark = (small < 200).astype(np.uint8)
    if sheet is not None:
        dark[cv2.resize(sheet, size, interpolation=cv2.INTER_NEAREST) == 0] = 0
    for x0, y0, x1, y1 in text_boxes:  # text is never a photo
        dark[int(y0 * scale):int(y1 * scale) + 1, int(x0 * scale):int(x1 * scale) + 1] = 0
    solid = cv2.morphologyEx(dark, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=8)
    out: list[Region] = []
    for i in range(1, n):
        x, y, bw, bh, _ = (int(v) for v in stats[i])
        if bw / scale < min_w or bh / scale < min_h:
            continue
        # a table ruled right against the photo joins it through its rulings: keep the dense band only
        part = labels[y:y + bh, x:x + bw] == i
        top, bottom = _dense_run(part.mean(axis=1))
        left, right = _dense_run(part[top:bottom].mean(axis=0))
        x, y, bw, bh = x + left, y + top, right - left, bottom - top
        area = int(part[top:bottom, left:right].sum())
        if bw / scale < min_w or bh / scale < min_h or area < 0.5 * bw * bh:
            continue
        if bw / scale > 0.97 * w and bh / scale > 0.97 * h:
            continue  # the whole sheet (a dark scan background), not a photo
        out.append(Region(int(x / scale), int(y / scale), int((x + bw) / scale), int((y + bh) / scale)))
    return out


def _dense_run(fill: np.ndarray, least: float = 0.2, gap: int = 3) -> tuple[int, int]:
    """[start, end) of the longest stretch where `fill` (the inked share of each row or column) is at least
    `least`, bridging thinner stretches of up to `gap` entries (a bright streak across a photo)."""
    best, start, last = (0, len(fill)), None, -gap - 1
    longest = 0
    for k, value in enumerate(fill):
        if value < least:
            continue
        if start is None or k - last > gap + 1:
            start = k
        last = k
        if last + 1 - start > longest:
            longest, best = last + 1 - start, (start, last + 1)
    return best
