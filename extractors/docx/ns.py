"""Clark-notation tag and attribute names for the WordprocessingML parts the .docx reader looks at.

Owns only names (and the strict-to-transitional namespace map). It must not parse or interpret anything.
Strict OOXML parts are rewritten to the transitional namespaces before parsing (docx_package), so the
names below serve both conformance classes.
"""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
V_NS = "urn:schemas-microsoft-com:vml"
O_NS = "urn:schemas-microsoft-com:office:office"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
DC_NS = "http://purl.org/dc/elements/1.1/"

# Strict (ISO/IEC 29500 strict) namespace -> transitional namespace.
STRICT_TO_TRANSITIONAL: tuple[tuple[bytes, bytes], ...] = (
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main", W_NS.encode()),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships", R_NS.encode()),
    (b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing", WP_NS.encode()),
    (b"http://purl.oclc.org/ooxml/drawingml/main", A_NS.encode()),
    (b"http://purl.oclc.org/ooxml/drawingml/picture",
     b"http://schemas.openxmlformats.org/drawingml/2006/picture"),
    (b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties", APP_NS.encode()),
)
STRICT_MARK = b"purl.oclc.org/ooxml/"


def _w(local: str) -> str:
    return f"{{{W_NS}}}{local}"


# Block level
W_BODY = _w("body")
W_P = _w("p")
W_TBL = _w("tbl")
W_TR = _w("tr")
W_TC = _w("tc")
W_SDT = _w("sdt")
W_SDT_CONTENT = _w("sdtContent")
W_SDT_PR = _w("sdtPr")
W_SDT_END_PR = _w("sdtEndPr")
W_CUSTOM_XML = _w("customXml")
W_CUSTOM_XML_PR = _w("customXmlPr")
W_INS = _w("ins")
W_DEL = _w("del")
W_MOVE_TO = _w("moveTo")
W_MOVE_FROM = _w("moveFrom")
W_ALT_CHUNK = _w("altChunk")
W_TXBX_CONTENT = _w("txbxContent")
W_HEADER_REF = _w("headerReference")
W_FOOTER_REF = _w("footerReference")

# Properties
W_PPR = _w("pPr")
W_RPR = _w("rPr")
W_TCPR = _w("tcPr")
W_TRPR = _w("trPr")
W_PSTYLE = _w("pStyle")
W_RSTYLE = _w("rStyle")
W_NUMPR = _w("numPr")
W_ILVL = _w("ilvl")
W_NUM_ID = _w("numId")
W_OUTLINE_LVL = _w("outlineLvl")
W_JC = _w("jc")
W_B = _w("b")
W_GRID_SPAN = _w("gridSpan")
W_GRID_BEFORE = _w("gridBefore")
W_VMERGE = _w("vMerge")
W_VANISH = _w("vanish")
W_VAL = _w("val")

# Run content
W_R = _w("r")
W_T = _w("t")
W_TAB = _w("tab")
W_PTAB = _w("ptab")
W_BR = _w("br")
W_CR = _w("cr")
W_NO_BREAK_HYPHEN = _w("noBreakHyphen")
W_SYM = _w("sym")
W_CHAR = _w("char")
W_FF_DATA = _w("ffData")
W_CHECK_BOX = _w("checkBox")
W_CHECKED = _w("checked")
W_DD_LIST = _w("ddList")
W_RESULT = _w("result")
W_LIST_ENTRY = _w("listEntry")
W_FLD_CHAR = _w("fldChar")
W_FLD_CHAR_TYPE = _w("fldCharType")
W_DRAWING = _w("drawing")
W_PICT = _w("pict")
W_OBJECT = _w("object")
W_RUBY = _w("ruby")
W_RUBY_BASE = _w("rubyBase")
W_SHOWING_PLC_HDR = _w("showingPlcHdr")
W_SECT_PR = _w("sectPr")

# Styles and numbering
W_STYLE = _w("style")
W_STYLE_ID = _w("styleId")
W_TYPE = _w("type")
W_DEFAULT = _w("default")
W_NAME = _w("name")
W_BASED_ON = _w("basedOn")
W_DOC_DEFAULTS = _w("docDefaults")
W_RPR_DEFAULT = _w("rPrDefault")
W_PPR_DEFAULT = _w("pPrDefault")
W_NUM = _w("num")
W_ABSTRACT_NUM = _w("abstractNum")
W_ABSTRACT_NUM_ID = _w("abstractNumId")
W_NUM_STYLE_LINK = _w("numStyleLink")
W_LVL = _w("lvl")
W_LVL_OVERRIDE = _w("lvlOverride")
W_START_OVERRIDE = _w("startOverride")
W_START = _w("start")
W_NUM_FMT = _w("numFmt")
W_LVL_TEXT = _w("lvlText")
W_LVL_RESTART = _w("lvlRestart")
W_IS_LGL = _w("isLgl")

# Drawings, VML, markup compatibility, relationships
WP_INLINE = f"{{{WP_NS}}}inline"
WP_ANCHOR = f"{{{WP_NS}}}anchor"
WP_EXTENT = f"{{{WP_NS}}}extent"
WP_DOC_PR = f"{{{WP_NS}}}docPr"
A_BLIP = f"{{{A_NS}}}blip"
V_IMAGEDATA = f"{{{V_NS}}}imagedata"
O_RELID = f"{{{O_NS}}}relid"
O_TITLE = f"{{{O_NS}}}title"
MC_ALTERNATE = f"{{{MC_NS}}}AlternateContent"
MC_CHOICE = f"{{{MC_NS}}}Choice"
MC_FALLBACK = f"{{{MC_NS}}}Fallback"
R_ID = f"{{{R_NS}}}id"
R_EMBED = f"{{{R_NS}}}embed"
R_LINK = f"{{{R_NS}}}link"
PKG_RELATIONSHIP = f"{{{PKG_REL_NS}}}Relationship"
DC_TITLE = f"{{{DC_NS}}}title"
