"""Files sent beside an outcome report: pictures in the same mail, archive or folder as the report count
toward its photos (checks.photo_count), news files toward its news items (checks.news_count).

Owns the judgement of which picture files belong to which report. A picture file is one accepted document read
from an image format that was not recognised as a form or a report (a photographed form stays a form). It
belongs to the report in its own folder — the mail, the archive or the dropped folder it came in, a sub-folder
('照片/') included — when the reports there are one submission (one report, or versions of one: each version
counts them); the nearest folder holding a report wins, and two branches' reports there join no picture. Loose files at
the top of the inbox share no folder: nothing is joined across submissions. A picture whose file name says what
it shows ('图1 主题党日活动.jpg') has that as its caption; a camera or chat app's name ('IMG_0412.jpg',
'微信图片_20240312.jpg') is no caption.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.model.records import DocumentRecord
from pipeline.model.versions import series_key

IMAGE_FORMATS = frozenset({"jpeg", "png", "gif", "tiff", "bmp", "webp", "heic"})
_CAMERA = re.compile(r"(微信图片|图片|照片|截图|屏幕截图|mmexport|wx_camera|img|dsc|dscn|dcim|pxl|photo|image|screenshot|"
                     r"[0-9_\-\s.()（）]|[a-f0-9]{8,})", re.IGNORECASE)
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Beside:
    """A picture file counted toward a report."""

    doc: int  # the picture's document id
    file: str
    caption: str | None
    where: str  # the folder, mail or archive they share, as written


def is_picture(rec: DocumentRecord) -> bool:
    return rec.status == "ok" and rec.doc_type == "unknown" and rec.detected in IMAGE_FORMATS and not rec.duplicate_of


def caption_of(file: str) -> str | None:
    """A picture file name's caption, when it says what the picture shows."""
    stem = file.rsplit("/", 1)[-1].rsplit(".", 1)[0].strip()
    rest = _CAMERA.sub("", stem)
    return stem if len(_CJK.findall(rest)) >= 2 else None


def _folder(file: str) -> str:
    return file.rpartition("/")[0]


def files_beside(documents: Sequence[tuple[int, DocumentRecord]],
                 wanted: Callable[[DocumentRecord], bool]) -> dict[int, list[tuple[int, DocumentRecord, str]]]:
    """Report id → the `wanted` files counted toward it as (document id, record, the folder they share), in
    name order: the nearest folder holding a report wins, and only when its reports are one submission."""
    reports: dict[str, list[tuple[int, str]]] = {}
    for doc_id, rec in documents:
        if rec.status == "ok" and rec.doc_type == "outcome_report" and not rec.duplicate_of:
            folder = _folder(rec.file)
            if folder:
                reports.setdefault(folder, []).append((doc_id, series_key(rec) or f"file:{doc_id}"))
    out: dict[int, list[tuple[int, DocumentRecord, str]]] = {}
    for doc_id, rec in sorted(documents, key=lambda d: d[1].file):
        if not wanted(rec):
            continue
        folder = _folder(rec.file)
        while folder and folder not in reports:
            folder = _folder(folder)
        if folder and len({series for _, series in reports[folder]}) == 1:
            for report_id, _ in reports[folder]:
                out.setdefault(report_id, []).append((doc_id, rec, folder))
    return out


def photos_beside(documents: Sequence[tuple[int, DocumentRecord]]) -> dict[int, list[Beside]]:
    """Report id → the picture files counted toward it, in name order."""
    return {report: [Beside(doc_id, rec.file, caption_of(rec.file), folder) for doc_id, rec, folder in found]
            for report, found in files_beside(documents, is_picture).items()}
