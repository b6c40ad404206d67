"""Whether a Word table is drawn with borders: the one fact a PDF copy keeps of a table (its rulings).

Owns reading a w:tbl's borders as Word resolves them, edge by edge: the table style's w:tblBorders
(through its basedOn chain), then the table's own w:tblBorders over them; any edge left visible makes
the table ruled, and so does any visible border a row (w:tblPrEx) or a cell (w:tcBorders) sets itself.
An edge is visible unless its w:val is nil/none. A table without w:tblStyle takes no borders from a style
(Word's default table style, Normal Table, has none). Not weighed: conditional formats of table styles
(w:tblStylePr: a first-row rule…) and cells that hide the table's borders. It must not walk rows or
cells for their content, nor build the Layout (docx_body calls it).
"""

from __future__ import annotations

from lxml import etree

from extractors.docx.ns import W_NS
from extractors.docx.styles import StyleSheet

W_TBL_BORDERS = f"{{{W_NS}}}tblBorders"
W_TC_BORDERS = f"{{{W_NS}}}tcBorders"
W_TBL_STYLE = f"{{{W_NS}}}tblStyle"
W_TBL_PR_EX = f"{{{W_NS}}}tblPrEx"
_TBL_PR = f"{{{W_NS}}}tblPr"
_VAL = f"{{{W_NS}}}val"
_SAME = {"start": "left", "end": "right"}  # (bidi names of the same edges)
_HIDDEN = frozenset({"nil", "none"})


def visible(edge: etree._Element) -> bool:
    """A border element (w:top, w:insideH…) that draws a line."""
    val = edge.get(_VAL)
    return val is not None and val.strip() not in _HIDDEN


def table_ruled(tbl: etree._Element, styles: StyleSheet | None) -> bool:
    """Whether the table's own or its style's borders draw any line (a row's or a cell's own: drawn)."""
    edges: dict[str, bool] = {}
    tblpr = tbl.find(_TBL_PR)
    style = tblpr.find(W_TBL_STYLE) if tblpr is not None else None
    style_id = style.get(_VAL) if style is not None else None
    if style_id and styles is not None:
        for el in reversed(styles.chain(style_id)):  # the base first, the nearest style last
            _merge(edges, _path(el, _TBL_PR, W_TBL_BORDERS))
    _merge(edges, tblpr.find(W_TBL_BORDERS) if tblpr is not None else None)
    return any(edges.values())


def drawn(props: etree._Element | None) -> bool:
    """Whether a cell's w:tcBorders, or a row's w:tblPrEx (its w:tblBorders), draws any line."""
    if props is not None and props.tag == W_TBL_PR_EX:
        props = props.find(W_TBL_BORDERS)
    return props is not None and any(visible(edge) for edge in props if isinstance(edge.tag, str))


def _merge(edges: dict[str, bool], borders: etree._Element | None) -> None:
    if borders is None:
        return
    for edge in borders:
        if isinstance(edge.tag, str):
            name = etree.QName(edge).localname
            edges[_SAME.get(name, name)] = visible(edge)


def _path(el: etree._Element, *tags: str) -> etree._Element | None:
    for tag in tags:
        el = el.find(tag)
        if el is None:
            return None
    return el
