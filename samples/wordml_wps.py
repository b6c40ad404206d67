"""The WPS Office rewrite for samples/sample_wordml.py: a python-docx sample as WPS Office 11 saves it.

Owns what WPS writes: its namespaces (wpsCustomData, w14/w15/wp14) and mc:Ignorable, numeric style ids
('1' Normal, then '2', '3' …) everywhere they are referred to, runs split at every change between Chinese
and Latin script with w:rFonts w:hint="eastAsia" and w:lang, paragraph-mark run properties, bookmarks
(_GoBack, a cross-reference target), its settings part, a customXml item with the wpsCustomData schema,
docProps/custom.xml (KSOProductBuildVer, ICV) and its <Application>; no stylesWithEffects part. What the
document shows is unchanged.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

try:  # samples/ on sys.path (make_samples.py puts it there)
    from wordml_package import (
        EXTRA_NS,
        MC,
        W14,
        R,
        W,
        add_part,
        body_paragraphs,
        dump,
        el,
        finish,
        pack,
        paragraphs,
        run,
        text_of,
        unpack,
        w,
        with_namespaces,
        xml,
    )
except ImportError:  # imported as the samples package
    from samples.wordml_package import (
        EXTRA_NS,
        MC,
        W14,
        R,
        W,
        add_part,
        body_paragraphs,
        dump,
        el,
        finish,
        pack,
        paragraphs,
        run,
        text_of,
        unpack,
        w,
        with_namespaces,
        xml,
    )

WPS_DATA = "http://www.wps.cn/officeDocument/2013/wpsCustomData"
WPS_APPLICATION = "WPS Office_11.1.0.12313_F1E327BC-269C-435d-A152-05C5408002CA"
_EAST = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef\u201c\u201d\u2018\u2019\u2014\u2026\u00b7]")

_STYLE_REFS = frozenset(w(t) for t in ("pStyle", "rStyle", "tblStyle", "basedOn", "next", "link",
                                       "numStyleLink", "styleLink"))
_WPS_SETTINGS = (
    f'<w:settings xmlns:w="{W}" xmlns:mc="{MC}" xmlns:w14="{W14}" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    f'xmlns:r="{R}" xmlns:sl="http://schemas.openxmlformats.org/schemaLibrary/2006/main" '
    f'xmlns:wpsCustomData="{WPS_DATA}" mc:Ignorable="w14">'
    '<w:zoom w:percent="100"/><w:bordersDoNotSurroundHeader w:val="1"/><w:bordersDoNotSurroundFooter w:val="1"/>'
    '<w:documentProtection w:enforcement="0"/><w:defaultTabStop w:val="420"/>'
    '<w:drawingGridVerticalSpacing w:val="156"/><w:displayHorizontalDrawingGridEvery w:val="1"/>'
    '<w:displayVerticalDrawingGridEvery w:val="1"/><w:characterSpacingControl w:val="compressPunctuation"/>'
    '<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/><w:ulTrailSpace/>'
    '<w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/>'
    '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="14"/>'
    '</w:compat><w:docVars><w:docVar w:name="commondata" w:val="eyJoZGlkIjoiN2Y0YjFjM2E5ZTJkIn0="/></w:docVars>'
    '<w:rsids><w:rsidRoot w:val="00172A27"/></w:rsids>'
    '<m:mathPr><m:mathFont m:val="Cambria Math"/><m:brkBin m:val="before"/><m:brkBinSub m:val="--"/>'
    '<m:smallFrac m:val="0"/><m:dispDef/><m:lMargin m:val="0"/><m:rMargin m:val="0"/><m:defJc m:val="centerGroup"/>'
    '<m:wrapIndent m:val="1440"/><m:intLim m:val="subSup"/><m:naryLim m:val="undOvr"/></m:mathPr>'
    '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/><w:clrSchemeMapping w:bg1="light1" w:t1="dark1" '
    'w:bg2="light2" w:t2="dark2" w:accent1="accent1" w:accent2="accent2" w:accent3="accent3" w:accent4="accent4" '
    'w:accent5="accent5" w:accent6="accent6" w:hyperlink="hyperlink" w:followedHyperlink="followedHyperlink"/>'
    '<w:doNotIncludeSubdocsInStats/><w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
)
_WPS_ITEM = (f'<s:customData xmlns="{WPS_DATA}" xmlns:s="{WPS_DATA}"><customSectProps><customSectPr/>'
             '</customSectProps></s:customData>')
_WPS_ITEM_PROPS = ('<ds:datastoreItem ds:itemID="{B1977F7D-205B-4081-913C-38D41E755F92}" '
                   'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs>'
                   f'<ds:schemaRef ds:uri="{WPS_DATA}"/></ds:schemaRefs></ds:datastoreItem>')
_CUSTOM_PROPS = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="KSOProductBuildVer">'
    '<vt:lpwstr>2052-11.1.0.12313</vt:lpwstr></property>'
    '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="ICV">'
    '<vt:lpwstr>6A1F0E2C9B4D4C1E8F3A2B7C5D9E0F11_12</vt:lpwstr></property></Properties>'
)
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def wps(data: bytes) -> bytes:
    """`data` as WPS Office 11 saves it (what it shows unchanged)."""
    m = unpack(data)
    _wps_style_ids(m)
    for name in ("word/stylesWithEffects.xml",):  # Word 2010's copy of the styles: WPS writes none
        if name in m:
            del m[name]
            m["word/_rels/document.xml.rels"] = re.sub(rb'<Relationship [^>]*Target="stylesWithEffects.xml"/>',
                                                       b"", m["word/_rels/document.xml.rels"])
            m["[Content_Types].xml"] = re.sub(rb'<Override [^>]*PartName="/word/stylesWithEffects.xml"[^>]*/>',
                                              b"", m["[Content_Types].xml"])
    root = with_namespaces(xml(m["word/document.xml"]), {"wpsCustomData": WPS_DATA, **EXTRA_NS},
                           "w14 w15 wp14")
    for p in paragraphs(root):
        _wps_paragraph(p)
    body = root.find(w("body"))
    last = [p for p in body_paragraphs(body)][-1]
    last.append(el("bookmarkStart", {"id": "0", "name": "_GoBack"}))
    last.append(el("bookmarkEnd", {"id": "0"}))
    tbl = body.find(w("tbl"))
    if tbl is not None:  # a bookmark around the first value cell's text, as a cross-reference target
        p = next((q for q in tbl.iter(w("p")) if text_of(q).strip()), None)
        runs = [c for c in p if c.tag == w("r")] if p is not None else []
        if runs:
            p.insert(p.index(runs[0]), el("bookmarkStart", {"id": "1", "name": "_Toc2001"}))
            runs[-1].addnext(el("bookmarkEnd", {"id": "1"}))
    m["word/document.xml"] = finish(root)
    m["word/settings.xml"] = _WPS_SETTINGS.encode()
    n = 1 + max([int(x) for x in re.findall(r"customXml/item(\d+)\.xml", " ".join(m))] or [0])
    item = f"customXml/item{n}.xml"
    add_part(m, item, _WPS_ITEM.encode(), None, "word/document.xml", f"{_REL}/customXml", f"../{item}")
    add_part(m, f"customXml/itemProps{n}.xml", _WPS_ITEM_PROPS.encode(),
             "application/vnd.openxmlformats-officedocument.customXmlProperties+xml",
             item, f"{_REL}/customXmlProps", f"itemProps{n}.xml")
    add_part(m, "docProps/custom.xml", _CUSTOM_PROPS.encode(),
             "application/vnd.openxmlformats-officedocument.custom-properties+xml",
             "", f"{_REL}/custom-properties", "docProps/custom.xml")
    app = m["docProps/app.xml"]
    app = re.sub(rb"<Application>[^<]*</Application>", f"<Application>{WPS_APPLICATION}</Application>".encode(), app)
    app = re.sub(rb"<AppVersion>[^<]*</AppVersion>", b"", app)
    m["docProps/app.xml"] = re.sub(rb"<Template>[^<]*</Template>", b"<Template>Normal</Template>", app)
    return pack(m)


def _wps_style_ids(m: dict[str, bytes]) -> None:
    """Style ids renamed to numbers the way WPS writes them ('1' Normal, then '2', '3' …), everywhere."""
    styles = xml(m["word/styles.xml"])
    order = [s for s in styles.iter(w("style"))]
    order.sort(key=lambda s: (s.get(w("default")) != "1" or s.get(w("type")) != "paragraph"))
    ids = {s.get(w("styleId")): str(n) for n, s in enumerate(order, start=1)}
    for s in order:
        s.set(w("styleId"), ids[s.get(w("styleId"))])
    parts = {"word/styles.xml": styles}
    for name in m:
        if name.startswith("word/") and name.endswith(".xml") and name not in parts and "styles" not in name:
            parts[name] = xml(m[name])
    for name, root in parts.items():
        for ref in root.iter(*_STYLE_REFS):
            val = ref.get(w("val"))
            if val in ids:
                ref.set(w("val"), ids[val])
        m[name] = dump(root)


def _wps_paragraph(p: etree._Element) -> None:
    """Runs split at every change between Chinese and Latin script, each with WPS's font hint and lang;
    the paragraph mark gets the same run properties."""
    for r in [c for c in p if c.tag == w("r")]:
        kids = list(r)
        rpr = r.find(w("rPr"))
        texts = [k for k in kids if k.tag == w("t")]
        if len(texts) != 1 or len(kids) - (rpr is not None) != 1:
            if rpr is not None:
                _wps_fonts(rpr, True)
            continue
        pieces = _script_pieces(texts[0].text or "")
        new = []
        for piece, east in pieces:
            pr = copy.deepcopy(rpr) if rpr is not None else el("rPr")
            _wps_fonts(pr, east)
            new.append(run(piece, pr))
        at = p.index(r)
        p.remove(r)
        for k, nr in enumerate(new):
            p.insert(at + k, nr)
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = el("pPr")
        p.insert(0, ppr)
    if ppr.find(w("rPr")) is None:
        mark = el("rPr", None, el("rFonts", {"hint": "eastAsia"}), el("lang", {"val": "en-US", "eastAsia": "zh-CN"}))
        sect = ppr.find(w("sectPr"))
        if sect is not None:
            sect.addprevious(mark)
        else:
            ppr.append(mark)


def _wps_fonts(rpr: etree._Element, east: bool) -> None:
    fonts = rpr.find(w("rFonts"))
    if fonts is None:
        fonts = el("rFonts")
        style = rpr.find(w("rStyle"))
        rpr.insert(0 if style is None else 1, fonts)
    if east:
        fonts.set(w("hint"), "eastAsia")
    if rpr.find(w("lang")) is None:
        rpr.append(el("lang", {"val": "en-US", "eastAsia": "zh-CN"}))


def _script_pieces(text: str) -> list[tuple[str, bool]]:
    """`text` cut where it changes between East Asian and other characters (spaces stay with the left)."""
    out: list[tuple[str, bool]] = []
    for ch in text:
        east = bool(_EAST.match(ch)) if not ch.isspace() else (out[-1][1] if out else True)
        if out and out[-1][1] == east:
            out[-1] = (out[-1][0] + ch, east)
        else:
            out.append((ch, east))
    return out or [("", True)]


