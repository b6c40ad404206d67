"""One PDF page through pdfium: its glyphs (with loose boxes and font traits), images and table rulings.

Owns the raw pdfium calls for a single page and the conversion to the page as displayed: top-down points
from the crop box's top left, /Rotate applied (so text on a rotated page still reads left to right). It must not group glyphs into lines, find tables or decide what is a
photo, header or paragraph (pdf_lines, pdf_tables and pdf_reader do), and it keeps no pdfium handle
beyond the call: everything returned is plain Python data, so the page can be closed at once.
"""

from __future__ import annotations

import ctypes
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.pdf.tags import paragraph_ids
from pipeline.model.errors import BadInput

_BOLD_NAME = re.compile(r"bold|heavy|black|semibold|demibold|,b$|-b$|粗", re.IGNORECASE)
_HEI_NAME = re.compile(r"hei|黑体", re.IGNORECASE)
_SUBSET = re.compile(r"^[A-Z]{6}\+")
THIN = 2.5  # a drawn object this thin (points) in one direction is a ruling
_MAX_SEGMENTS = 64  # paths with more segments are drawings, not table borders


@dataclass(slots=True, eq=False)
class Glyph:
    ch: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: int  # index into FontBook.fonts
    block: int = -1  # the paragraph a tagged PDF puts it in (extractors.pdf.tags), -1 where untagged
    obj: int = -1  # the text object (one text-showing operation) on its page that drew it


@dataclass(slots=True, eq=False)
class Box:
    x0: float
    top: float
    x1: float
    bottom: float
    page: int = 0
    sig: tuple[int, int, int] = (0, 0, 0)  # an image's pixel width, height and data length: its identity

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(slots=True)
class Rule:
    """An axis-parallel ruling: horizontal (at y = `at`, from lo to hi in x) or vertical (x = `at`)."""

    at: float
    lo: float
    hi: float


@dataclass
class FontBook:
    """Fonts seen in one document: (base name, bold by its name/weight/render mode, is a Hei face)."""

    fonts: list[tuple[str, bool, bool]] = field(default_factory=list)
    _index: dict[tuple[str, bool], int] = field(default_factory=dict)

    def add(self, name: str, styled_bold: bool) -> int:
        key = (name, styled_bold)
        if key not in self._index:
            self._index[key] = len(self.fonts)
            self.fonts.append((name, styled_bold, bool(_HEI_NAME.search(name))))
        return self._index[key]


@dataclass
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    glyphs: list[Glyph] = field(default_factory=list)
    images: list[Box] = field(default_factory=list)
    h_rules: list[Rule] = field(default_factory=list)
    v_rules: list[Rule] = field(default_factory=list)
    drawing_skipped: bool = False  # too many objects: rulings and images were not read
    marks: int = 0  # objects that put something on the page: images, painted paths, shadings (not text)
    annotations: int = 0  # annotations and form fields (their contents are not read)


@dataclass(frozen=True)
class PageLimits:
    max_chars: int
    max_objects: int


def read_page(doc: pdfium.PdfDocument, index: int, fonts: FontBook, limits: PageLimits) -> PageContent:
    """Everything the reader needs from page `index` (0-based); the page is closed before returning."""
    page = doc[index]
    try:
        left, bottom, right, top = page.get_cropbox()
        frame = Frame(left, bottom, right, top, rotation=page.get_rotation() % 360)
        width, height = frame.size
        content = PageContent(number=index + 1, width=width, height=height)
        n_objects = pdfium_c.FPDFPage_CountObjects(page.raw)
        content.annotations = max(pdfium_c.FPDFPage_GetAnnotCount(page.raw), 0)
        if n_objects > limits.max_objects:
            content.drawing_skipped = True
            content.marks = n_objects
        else:
            _drawing(page, frame, content)
        textpage = page.get_textpage()
        try:
            _glyphs(textpage, frame, fonts, limits, content, paragraph_ids(page.raw))
        finally:
            textpage.close()
        return content
    finally:
        page.close()


@dataclass(frozen=True)
class Frame:
    """The page as displayed: PDF user space (crop box, /Rotate) → top-down points from the top left."""

    left: float
    bottom: float
    right: float
    top: float
    rotation: int = 0  # /Rotate: 0, 90, 180 or 270 (clockwise)

    @property
    def size(self) -> tuple[float, float]:
        w, h = self.right - self.left, self.top - self.bottom
        return (h, w) if self.rotation in (90, 270) else (w, h)

    def point(self, x: float, y: float) -> tuple[float, float]:
        if self.rotation == 90:
            return y - self.bottom, x - self.left
        if self.rotation == 180:
            return self.right - x, y - self.bottom
        if self.rotation == 270:
            return self.top - y, self.right - x
        return x - self.left, self.top - y

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) on the displayed page of a user-space rectangle."""
        ax, ay = self.point(x0, y0)
        bx, by = self.point(x1, y1)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)

    def upright(self, a: float, b: float) -> bool:
        """Text whose baseline direction (a, b) in user space runs left to right on the displayed page."""
        along, across = {0: (a, b), 90: (b, a), 180: (-a, b), 270: (-b, a)}.get(self.rotation, (a, b))
        return along > 0 and abs(across) <= 0.05 * along


def _fast(name: str, restype: Any, *argtypes: Any) -> Callable[..., Any]:
    """A pdfium function taking and returning plain integers/pointers: the per-glyph loop calls these
    tens of thousands of times, and ctypes' typed-pointer checks would cost more than pdfium itself."""
    address = ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value
    assert address is not None  # a function of the loaded pdfium library
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_VP, _INT = ctypes.c_void_p, ctypes.c_int
_UNICODE = _fast("FPDFText_GetUnicode", ctypes.c_uint, _VP, _INT)
_GENERATED = _fast("FPDFText_IsGenerated", _INT, _VP, _INT)
_TEXT_OBJECT = _fast("FPDFText_GetTextObject", _VP, _VP, _INT)
_LOOSE_BOX = _fast("FPDFText_GetLooseCharBox", _INT, _VP, _INT, ctypes.POINTER(pdfium_c.FS_RECTF))
_FONT_SIZE = _fast("FPDFText_GetFontSize", ctypes.c_double, _VP, _INT)
_OBJ_FONT = _fast("FPDFTextObj_GetFont", _VP, _VP)
_RENDER_MODE = _fast("FPDFTextObj_GetTextRenderMode", _INT, _VP)
_MATRIX = _fast("FPDFPageObj_GetMatrix", _INT, _VP, ctypes.POINTER(pdfium_c.FS_MATRIX))
_MCID = _fast("FPDFPageObj_GetMarkedContentID", _INT, _VP)
_FILL_STROKE = pdfium_c.FPDF_TEXTRENDERMODE_FILL_STROKE
_BREAKS = frozenset((0x20, 0x0D, 0x0A, 0x00, 0xFFFE, 0xFFFF))
_HYPHEN_AT_END = 0x02  # pdfium's code for a hyphen that ends a line ('co-' | 'operation', 'inter' soft-hyphenated)
_LIGATURES = range(0xFB00, 0xFB07)  # ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ: one glyph, several letters


def _glyphs(textpage: pdfium.PdfTextPage, frame: Frame, fonts: FontBook, limits: PageLimits,
            content: PageContent, paragraphs: dict[int, int]) -> None:
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    if count > limits.max_chars:
        raise BadInput("page_too_complex",
                       f"PDF 第 {content.number} 页文字过多（{count} 个字符，上限 {limits.max_chars}），无法读取",
                       f"page {content.number} holds {count} characters (limit {limits.max_chars})")
    handle = ctypes.cast(raw, ctypes.c_void_p).value
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    by_object: dict[int | None, tuple[int, bool, float, int, int]] = {}  # font, upright, size, block, order
    faces: dict[int, tuple[str, int]] = {}
    matrix = pdfium_c.FS_MATRIX()
    out = content.glyphs
    plain, left, top = frame.rotation == 0, frame.left, frame.top
    for i in range(count):
        code = _UNICODE(handle, i)
        if code in _BREAKS:
            if code != 0x20 or _GENERATED(handle, i) == 1:
                continue  # line ends and spaces pdfium made up from gaps; real spaces are kept
        obj = _TEXT_OBJECT(handle, i)
        font = by_object.get(obj)
        if font is None:
            block = paragraphs.get(_MCID(obj), -1) if paragraphs and obj else -1
            font = by_object[obj] = (*_font_of(obj, fonts, faces, matrix, frame), _FONT_SIZE(handle, i), block,
                                     len(by_object))
        if not font[1]:
            continue  # rotated text (watermarks, stamps): not part of the reading flow
        _LOOSE_BOX(handle, i, rect_ref)
        if plain:
            x0, x1 = rect.left - left, rect.right - left
            y0, y1 = top - rect.top, top - rect.bottom
            if x1 < x0:
                x0, x1 = x1, x0
            if y1 < y0:
                y0, y1 = y1, y0
        else:
            x0, y0, x1, y1 = frame.box(rect.left, rect.bottom, rect.right, rect.top)
        if code == _HYPHEN_AT_END:
            code = 0x2D
        if code in _LIGATURES:
            _ligature(chr(code), x0, x1, y0, y1, font, out)
            continue
        ch = chr(code) if code < 0x110000 else "\ufffd"
        out.append(Glyph(ch, x0, x1, y0, y1, font[2] or (y1 - y0), font[0], font[3], font[4]))


def _ligature(ch: str, x0: float, x1: float, y0: float, y1: float, font: tuple, out: list[Glyph]) -> None:
    """A ligature glyph the PDF maps to one code point (U+FB01 'ﬁ') as its letters, sharing its box."""
    letters = unicodedata.normalize("NFKC", ch)
    step = (x1 - x0) / len(letters)
    for k, letter in enumerate(letters):
        out.append(Glyph(letter, x0 + k * step, x0 + (k + 1) * step, y0, y1, font[2] or (y1 - y0), font[0],
                         font[3], font[4]))


def _font_of(address: int | None, fonts: FontBook, faces: dict[int, tuple[str, int]],
             matrix: pdfium_c.FS_MATRIX, frame: Frame) -> tuple[int, bool]:
    """(font index, upright) of a text object; bold comes from the name, the weight or fill+stroke drawing.
    `faces` caches each font's (name, weight) for the page."""
    if not address:
        return fonts.add("", False), True
    font = _OBJ_FONT(address)
    face = faces.get(font or 0)
    if face is None:
        name, weight = "", 0
        if font:
            handle = ctypes.cast(font, pdfium_c.FPDF_FONT)
            buf = ctypes.create_string_buffer(128)
            n = pdfium_c.FPDFFont_GetBaseFontName(handle, buf, 128)
            name = _SUBSET.sub("", buf.raw[: max(n - 1, 0)].decode("latin-1", "replace")) if n else ""
            weight = pdfium_c.FPDFFont_GetWeight(handle)
        face = faces[font or 0] = (name, weight)
    name, weight = face
    bold = bool(_BOLD_NAME.search(name)) or weight >= 600 or _RENDER_MODE(address) == _FILL_STROKE
    upright = frame.rotation == 0
    if _MATRIX(address, ctypes.byref(matrix)):
        upright = frame.upright(matrix.a, matrix.b)
    return fonts.add(name, bold), upright


def _drawing(page: pdfium.PdfPage, frame: Frame, content: PageContent) -> None:
    """Images and rulings among the page's objects (and inside form XObjects, transformed)."""
    stack: list[tuple[object, int, tuple[float, ...] | None]] = []
    raw = page.raw
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        stack.append((pdfium_c.FPDFPage_GetObject(raw, i), 0, None))
    l_, b_, r_, t_ = (ctypes.c_float() for _ in range(4))
    while stack:
        obj, depth, form = stack.pop()
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            if depth < 3:
                matrix = _matrix(obj)
                total = _compose(matrix, form) if form else matrix
                for k in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
                    stack.append((pdfium_c.FPDFFormObj_GetObject(obj, k), depth + 1, total))
            continue
        if kind == pdfium_c.FPDF_PAGEOBJ_SHADING:
            content.marks += 1
        if kind not in (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH):
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, l_, b_, r_, t_):
            continue
        box = Box(*frame.box(*_apply(form, l_.value, b_.value, r_.value, t_.value)), content.number)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            box.sig = _signature(obj)
            content.images.append(box)
            content.marks += 1
        else:
            _rulings(obj, box, form, frame, content)


def _signature(obj: object) -> tuple[int, int, int]:
    w, h = ctypes.c_uint(), ctypes.c_uint()
    if not pdfium_c.FPDFImageObj_GetImagePixelSize(obj, w, h):
        w.value = h.value = 0
    return w.value, h.value, int(pdfium_c.FPDFImageObj_GetImageDataRaw(obj, None, 0))


def _rulings(obj: object, box: Box, form: tuple[float, ...] | None, frame: Frame, content: PageContent) -> None:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)
    if not fill.value and not stroke.value:
        return  # a clipping path: it draws nothing
    content.marks += 1
    if box.height <= THIN and box.width > THIN:
        content.h_rules.append(Rule((box.top + box.bottom) / 2, box.x0, box.x1))
        return
    if box.width <= THIN and box.height > THIN:
        content.v_rules.append(Rule((box.x0 + box.x1) / 2, box.top, box.bottom))
        return
    if not stroke.value:
        return  # a filled area (shading, a drawing): its edges are not rulings
    n = pdfium_c.FPDFPath_CountSegments(obj)
    if n <= 0 or n > _MAX_SEGMENTS:
        return
    matrix = _matrix(obj)
    total = _compose(matrix, form) if form else matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float, int, bool]] = []
    for k in range(n):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
        if not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        px, py = frame.point(*_point(total, x.value, y.value))
        points.append((px, py, pdfium_c.FPDFPathSegment_GetType(seg), bool(pdfium_c.FPDFPathSegment_GetClose(seg))))
    start: tuple[float, float] | None = None
    prev: tuple[float, float] | None = None
    for px, py, seg_type, close in points:
        if seg_type == pdfium_c.FPDF_SEGMENT_LINETO and prev is not None:
            _segment(prev, (px, py), content)
        if seg_type == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = (px, py)
        prev = (px, py)
        if close and start is not None:
            _segment(prev, start, content)
            prev = start


def _segment(a: tuple[float, float], b: tuple[float, float], content: PageContent) -> None:
    (ax, ay), (bx, by) = a, b
    if abs(ay - by) <= 0.5 and abs(ax - bx) > THIN:
        content.h_rules.append(Rule((ay + by) / 2, min(ax, bx), max(ax, bx)))
    elif abs(ax - bx) <= 0.5 and abs(ay - by) > THIN:
        content.v_rules.append(Rule((ax + bx) / 2, min(ay, by), max(ay, by)))


def _matrix(obj: object) -> tuple[float, ...]:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _point(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _apply(form: tuple[float, ...] | None, x0: float, y0: float, x1: float, y1: float) -> tuple[float, ...]:
    if form is None:
        return x0, y0, x1, y1
    corners = [_point(form, x, y) for x in (x0, x1) for y in (y0, y1)]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return min(xs), min(ys), max(xs), max(ys)
