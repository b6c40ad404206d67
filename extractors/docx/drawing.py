"""Pictures and text boxes carried by a run: DrawingML (w:drawing) and VML (w:pict, w:object).

Owns telling a picture (a blip or v:imagedata with a relationship) from a mere shape, its size in cm,
whether it floats, its name, and finding the text-box contents (w:txbxContent) a drawing carries, never
looking inside mc:Fallback copies. It must not read text or build paragraphs: the story walker
(docx_body) reads the text-box contents returned here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from extractors.docx.ns import (
    A_BLIP,
    MC_FALLBACK,
    O_RELID,
    O_TITLE,
    R_EMBED,
    R_ID,
    R_LINK,
    V_IMAGEDATA,
    W_TXBX_CONTENT,
    WP_ANCHOR,
    WP_DOC_PR,
    WP_EXTENT,
    WP_INLINE,
)
from extractors.docx.styles import to_int
from pipeline.model.layout import Picture

_EMU_PER_CM = 360000
_CM_PER_UNIT = {"pt": 2.54 / 72, "in": 2.54, "cm": 1.0, "mm": 0.1, "pc": 2.54 / 6, "px": 2.54 / 96, "emu": 1 / 360000}
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*([a-z]*)\s*")

Found = tuple[Picture | None, list[etree._Element]]


def drawing_picture(drawing: etree._Element, offset: int, target: Callable[[str], str | None]) -> Found:
    """The picture a w:drawing shows (None for text boxes, shapes, charts) and its text-box contents."""
    for holder in drawing:
        if holder.tag == WP_INLINE or holder.tag == WP_ANCHOR:
            break
    else:
        return None, []
    pics: list[etree._Element] = []
    boxes: list[etree._Element] = []
    _scan(holder, A_BLIP, pics, boxes)
    rid = next((b.get(R_EMBED) or b.get(R_LINK) for b in pics if b.get(R_EMBED) or b.get(R_LINK)), None)
    if rid is None:
        return None, boxes
    ext = holder.find(WP_EXTENT)
    doc_pr = holder.find(WP_DOC_PR)
    name = (doc_pr.get("name") or doc_pr.get("descr")) if doc_pr is not None else None
    return Picture(
        offset=offset,
        width_cm=_emu_cm(ext.get("cx")) if ext is not None else None,
        height_cm=_emu_cm(ext.get("cy")) if ext is not None else None,
        floating=holder.tag == WP_ANCHOR, target=target(rid), name=name or None,
    ), boxes


def vml_picture(el: etree._Element, offset: int, target: Callable[[str], str | None]) -> Found:
    """The picture a VML w:pict / w:object shows (v:imagedata) and its text-box contents."""
    pics: list[etree._Element] = []
    boxes: list[etree._Element] = []
    _scan(el, V_IMAGEDATA, pics, boxes)
    img = next((i for i in pics if i.get(R_ID) or i.get(O_RELID)), None)
    if img is None:
        return None, boxes
    shape = img.getparent()
    style = _css(shape.get("style") if shape is not None else None)
    name = img.get(O_TITLE) or (shape.get("alt") if shape is not None else None)
    return Picture(
        offset=offset, width_cm=_css_cm(style.get("width")), height_cm=_css_cm(style.get("height")),
        floating=style.get("position") == "absolute",
        target=target(img.get(R_ID) or img.get(O_RELID) or ""), name=name or None,
    ), boxes


def _scan(el: etree._Element, pic_tag: str, pics: list, boxes: list) -> None:
    """Pictures and outermost text boxes under `el` (not inside text boxes, not in mc:Fallback)."""
    for child in el:
        tag = child.tag
        if tag == W_TXBX_CONTENT:
            boxes.append(child)
        elif tag == pic_tag:
            pics.append(child)
        elif tag != MC_FALLBACK:
            _scan(child, pic_tag, pics, boxes)


def _emu_cm(value: str | None) -> float | None:
    n = to_int(value)
    return round(n / _EMU_PER_CM, 3) if n is not None and n >= 0 else None


def _css(style: str | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in (style or "").split(";"):
        key, sep, value = item.partition(":")
        if sep:
            out[key.strip().lower()] = value.strip().lower()
    return out


def _css_cm(value: str | None) -> float | None:
    m = _LENGTH.fullmatch(value or "")
    if m is None:
        return None
    try:
        n = float(m.group(1))
    except ValueError:
        return None
    factor = _CM_PER_UNIT.get(m.group(2) or "px")
    return round(n * factor, 3) if factor is not None and 0 <= n < 1e9 else None
