"""The OCR engine: one RapidOCR per process, and a page image -> recognised text boxes.

Owns the RapidOCR instance (created lazily under a lock, models shipped inside the package, nothing is
downloaded) and the recognition steps: text detection on a reduced copy of the page (fast), crops taken from
the full-resolution page (accurate), the per-line 0/180° classifier (a line it turns is read both ways
and keeps the better reading: it is often wrong on short or spaced lines), recognition in chunks of
similar shape so the caller's deadline is honoured between them (RapidOCR then runs them one at a time:
padding a batch to its widest crop costs more than batching saves). It returns axis-aligned boxes in page
pixels; it must not build lines, paragraphs or tables (extractors.ocr.text and extractors.ocr.grid do)
and it never interprets text.

RapidOCR's own __call__ detects on the reduced image *and* crops from it; the components used here
(text_det, get_crop_img_list, text_cls, text_rec) are those of rapidocr-onnxruntime 1.4.x.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from pipeline.model.errors import BadInput

DET_MAX_SIDE = 1600  # detection input: the long side of the reduced page (A4 at 200 dpi -> text ~26 px high)
MIN_SCORE = 0.5  # recognitions below this are noise (RapidOCR's own text_score)
_REC_CHUNK = 24  # crops recognised between two deadline checks

_ENGINE: Any = None
_CREATE = threading.Lock()
_RUN = threading.Lock()  # RapidOCR components keep per-call state; one page at a time per process


@dataclass
class Box:
    """One recognised text box in page pixels (axis-aligned bounds of the detected quadrilateral)."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    score: float
    flipped: bool = False  # the line classifier found it upside down

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def h(self) -> float:
        return self.y1 - self.y0

    @property
    def w(self) -> float:
        return self.x1 - self.x0


class Deadline:
    """A cooperative time limit: check() raises BadInput('too_slow') once `seconds` have passed."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.start = time.monotonic()

    def check(self) -> None:
        if time.monotonic() - self.start > self.seconds:
            raise BadInput("too_slow", f"文字识别超过时限（{self.seconds:g} 秒），未完成，请提交 Word 版本",
                           f"text recognition exceeded its time limit ({self.seconds:g} s); send the Word file")


def ocr_engine() -> Any:
    """The process's RapidOCR instance, created on first use (thread-safe) and reused."""
    global _ENGINE
    if _ENGINE is None:
        with _CREATE:
            if _ENGINE is None:
                from rapidocr_onnxruntime import RapidOCR

                _ENGINE = RapidOCR()
                # one crop per inference: a batch pads every crop to its widest, which costs more than the
                # batching saves (bench/bench_ocr.py: a form page 2.8 s against 3.5–3.9 s in batches of 6)
                _ENGINE.text_rec.rec_batch_num = 1
    return _ENGINE


def detect_text(page: np.ndarray, deadline: Deadline | None = None) -> list[np.ndarray]:
    """Text quadrilaterals (4x2 float32, page pixels) found on a reduced copy of the BGR page."""
    engine = ocr_engine()
    h, w = page.shape[:2]
    scale = min(1.0, DET_MAX_SIDE / max(h, w))
    small = page if scale == 1.0 else cv2.resize(page, (round(w * scale), round(h * scale)),
                                                 interpolation=cv2.INTER_AREA)
    with _RUN:
        quads, _ = engine.text_det(small)
    if deadline:
        deadline.check()
    if quads is None or len(quads) == 0:
        return []
    quads = (np.asarray(quads, dtype=np.float32) / scale).astype(np.float32)
    quads[..., 0] = np.clip(quads[..., 0], 0, w - 1)
    quads[..., 1] = np.clip(quads[..., 1], 0, h - 1)
    return [q for q in quads if np.linalg.norm(q[0] - q[1]) > 3 and np.linalg.norm(q[0] - q[3]) > 3]


def recognise(page: np.ndarray, quads: list[np.ndarray], deadline: Deadline | None = None) -> list[Box]:
    """Read the text of each quadrilateral on the full-resolution BGR page; weak readings are dropped."""
    if not quads:
        return []
    engine = ocr_engine()
    with _RUN:
        upright = engine.get_crop_img_list(page, [q.copy() for q in quads])
        crops, cls_res, _ = engine.text_cls(upright)
    results = _rec(engine, crops, deadline)
    # the line classifier is often wrong on short or spaced lines: a line it turned keeps the better reading
    turned = [i for i, (label, sc) in enumerate(cls_res) if "180" in str(label) and float(sc) > 0.9]
    flipped = set(turned)
    if turned:
        again = _rec(engine, [upright[i] for i in turned], deadline)
        for i, reading in zip(turned, again, strict=True):
            if reading[1] >= results[i][1]:
                results[i] = reading
                flipped.discard(i)
    boxes: list[Box] = []
    for i, (quad, (text, score)) in enumerate(zip(quads, results, strict=True)):
        text = text.strip()
        if not text or score < MIN_SCORE:
            continue
        xs, ys = quad[:, 0], quad[:, 1]
        boxes.append(Box(float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()), text, score,
                         flipped=i in flipped))
    return boxes


def _rec(engine: Any, crops: list[np.ndarray], deadline: Deadline | None) -> list[tuple[str, float]]:
    """Recognition in chunks of similar shape (little padding in a batch), the deadline checked before each."""
    order = sorted(range(len(crops)), key=lambda i: crops[i].shape[1] / max(1, crops[i].shape[0]))
    results: list[tuple[str, float]] = [("", 0.0)] * len(crops)
    for start in range(0, len(order), _REC_CHUNK):
        if deadline:
            deadline.check()
        chunk = order[start:start + _REC_CHUNK]
        with _RUN:
            rec, _ = engine.text_rec([crops[i] for i in chunk])
        for i, r in zip(chunk, rec, strict=True):
            results[i] = (str(r[0]), float(r[1]))
    return results
