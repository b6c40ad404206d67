"""python-docx building blocks for samples/make_samples.py and the tests' unseen documents (tests/unseen/): a
document writer that remembers the text it wrote, and the WordprocessingML that python-docx cannot write
(text boxes, VML pictures, content controls, tracked changes, Word numbering, complex fields).

Owns how samples are laid out in Word (fonts, tables, pictures, headers, floating pictures, properties) and
the deterministic save. It does not decide content or truth; callers pass text and read back `units`.
"""

from __future__ import annotations

import io
from datetime import datetime

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

try:  # samples/ on sys.path (make_samples.py puts it there)
    from sample_bytes import normalize_zip, replace_member
except ImportError:  # imported as the samples package
    from samples.sample_bytes import normalize_zip, replace_member

from pipeline.model.wordcount import count_units

CENTER, RIGHT, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT
# Namespaces for the raw WordprocessingML below (python-docx's nsdecls knows neither mc, wps nor VML).
NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
)

_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Template>Normal.dotm</Template><TotalTime>{minutes}</TotalTime><Pages>{pages}</Pages><Words>{words}</Words>"
    "<Characters>{chars}</Characters><Application>Microsoft Office Word</Application><DocSecurity>0</DocSecurity>"
    "<Lines>{lines}</Lines><Paragraphs>{paras}</Paragraphs><ScaleCrop>false</ScaleCrop><Company></Company>"
    "<LinksUpToDate>false</LinksUpToDate><CharactersWithSpaces>{chars_sp}</CharactersWithSpaces>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion>"
    "</Properties>"
)


def set_run_font(run, east: str | None = None, size: float | None = None, bold: bool | None = None) -> None:
    if east:
        run.font.name = "Times New Roman"
        run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold


class DocWriter:
    """A python-docx Document plus the text units written into its body (captions kept apart)."""

    def __init__(self, east: str = "仿宋_GB2312", size: float = 16):
        self.doc = Document()
        self.units: list[str] = []  # counted body text units (paragraphs, cells), in order
        self.captions: list[str] = []  # photo caption paragraphs (not counted)
        self.east, self.size = east, size
        normal = self.doc.styles["Normal"]
        normal.font.name = "Times New Roman"
        normal.font.size = Pt(size)
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east)
        sec = self.doc.sections[0]
        sec.page_width, sec.page_height = Cm(21), Cm(29.7)
        sec.top_margin, sec.bottom_margin = Cm(3.7), Cm(3.5)
        sec.left_margin, sec.right_margin = Cm(2.8), Cm(2.6)

    # ---- paragraphs

    def p(
        self,
        text: str = "",
        *,
        east: str | None = None,
        size: float | None = None,
        bold: bool | None = None,
        align=None,
        indent: bool = False,
        style: str | None = None,
        counted: bool = True,
        container=None,
        runs: list[str] | None = None,
    ):
        """One paragraph; `runs` writes its text as these pieces, one run each (the text is their join)."""
        where = container if container is not None else self.doc
        par = where.add_paragraph(style=style) if style else where.add_paragraph()
        if runs is not None:
            text = "".join(runs)
            for piece in runs:
                set_run_font(par.add_run(piece), east, size, bold)
        elif text:
            run = par.add_run(text)
            set_run_font(run, east, size, bold)
        if align is not None:
            par.alignment = align
        if indent:
            par.paragraph_format.first_line_indent = Pt(2 * (size or self.size))
        (self.units if counted else self.captions).append(text)
        return par

    def title(self, text: str, size: float = 22) -> None:
        self.p(text, east="方正小标宋简体", size=size, align=CENTER)

    def picture(self, png: bytes, width_cm: float, *, container=None, align=CENTER, height_cm: float | None = None):
        """A paragraph holding one inline picture (its height from the image's shape unless given); returns its
        run."""
        par = self.p("", align=align, container=container)
        run = par.add_run()
        inline_picture(run, png, width_cm, height_cm)
        return run

    def caption(self, text: str, *, style_caption: bool = False, container=None) -> None:
        if style_caption:
            self.p(text, style="Caption", align=CENTER, counted=False, container=container)
        else:
            self.p(text, east="楷体_GB2312", size=12, align=CENTER, counted=False, container=container)

    def page_break(self) -> None:
        self.doc.add_page_break()
        self.units.append("")

    # ---- tables

    def table(self, rows: int, cols: int, widths_cm: list[float], grid: bool = True):
        t = self.doc.add_table(rows=rows, cols=cols)
        if grid:
            t.style = self.doc.styles["Table Grid"]
        t.autofit = False
        for i, w in enumerate(widths_cm):
            t.columns[i].width = Cm(w)
            for cell in t.columns[i].cells:
                cell.width = Cm(w)
        return t

    def put(
        self,
        cell,
        texts: str | list[str],
        *,
        align=None,
        bold: bool | None = None,
        size: float = 12,
        east: str = "宋体",
        center_v: bool = True,
        counted: bool = True,
        breaks: bool = False,
    ) -> None:
        """Write paragraphs into a (fresh) cell; with `breaks`, a '\\n' inside a text is a line break (w:br)."""
        texts = [texts] if isinstance(texts, str) else texts
        for i, text in enumerate(texts):
            par = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            if text and breaks:
                for j, piece in enumerate(text.split("\n")):
                    if j:
                        par.runs[-1].add_break()
                    set_run_font(par.add_run(piece), east, size, bold)
            elif text:
                set_run_font(par.add_run(text), east, size, bold)
            if align is not None:
                par.alignment = align
            (self.units if counted else self.captions).append(text)
        if center_v:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER

    # ---- header / footer

    def header(self, text: str, logo: bytes | None = None, logo_cm: tuple[float, float | None] = (1.5, None)) -> None:
        """Header text after an optional logo (`logo_cm`: its width and height, the height from its shape)."""
        par = self.doc.sections[0].header.paragraphs[0]
        if logo:
            inline_picture(par.add_run(), logo, *logo_cm)
        set_run_font(par.add_run(("  " if logo else "") + text), "宋体", 10.5)
        par.alignment = CENTER

    def page_number_footer(self, before: str = "", after: str = "", complex_field: bool = False) -> None:
        """A PAGE field in the footer (w:fldSimple, or begin/instrText/separate/result/end runs), between texts."""
        par = self.doc.sections[0].footer.paragraphs[0]
        par.alignment = CENTER
        if before:
            par.add_run(before)
        if complex_field:
            for inner in ('<w:fldChar w:fldCharType="begin"/>', '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
                          '<w:fldChar w:fldCharType="separate"/>', "<w:t>1</w:t>", '<w:fldChar w:fldCharType="end"/>'):
                par._p.append(parse_xml(f"<w:r {NS}>{inner}</w:r>"))
        else:
            par._p.append(
                parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>')
            )
        if after:
            par.add_run(after)

    # ---- save

    def save(self, author: str, when: datetime, title: str = "", minutes: int = 37) -> bytes:
        cp = self.doc.core_properties
        cp.author, cp.last_modified_by = author, author
        cp.created, cp.modified, cp.last_printed = when, when.replace(hour=min(23, when.hour + 2)), when
        cp.revision, cp.title, cp.comments, cp.subject, cp.keywords = 3, title, "", "", ""
        buf = io.BytesIO()
        self.doc.save(buf)
        words = count_units(self.units + self.captions)  # Word's own statistic counts captions too
        chars = sum(len("".join(u.split())) for u in self.units + self.captions)
        app = _APP_XML.format(
            minutes=minutes,
            pages=max(1, words // 700 + 1),
            words=words,
            chars=chars,
            lines=max(1, chars // 28),
            paras=len([u for u in self.units if u]),
            chars_sp=sum(len(u) for u in self.units + self.captions),
        )
        return replace_member(normalize_zip(buf.getvalue()), "docProps/app.xml", app.encode("utf-8"))


def make_floating(run) -> None:
    """Turn the run's inline picture into a floating (wp:anchor) one, top-and-bottom wrapped, centred."""
    inline = run._r.find(".//" + qn("wp:inline"))
    extent = inline.find(qn("wp:extent"))
    anchor = parse_xml(
        f'<wp:anchor {nsdecls("wp")} distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
        'relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:align>center</wp:align></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>45720</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{extent.get("cx")}" cy="{extent.get("cy")}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/></wp:anchor>'
    )
    for tag in ("wp:docPr", "wp:cNvGraphicFramePr", "a:graphic"):
        el = inline.find(qn(tag))
        if el is not None:
            anchor.append(el)
    inline.getparent().replace(inline, anchor)


# ---- WordprocessingML python-docx does not write


def inline_picture(run, png: bytes, width_cm: float, height_cm: float | None = None) -> None:
    """An inline picture in this run (its height from the image's shape unless given)."""
    run.add_picture(io.BytesIO(png), width=Cm(width_cm), height=Cm(height_cm) if height_cm is not None else None)


def vml_picture(doc, paragraph, png: bytes, width_pt: float, height_pt: float, shape_id: int) -> None:
    """A picture as older Word and WPS write it: w:pict / v:shape / v:imagedata."""
    rid, _ = doc.part.get_or_add_image(io.BytesIO(png))
    paragraph._p.append(parse_xml(
        f'<w:r {NS}><w:pict><v:shape id="_x0000_i{shape_id}" type="#_x0000_t75" '
        f'style="width:{width_pt}pt;height:{height_pt}pt"><v:imagedata r:id="{rid}" o:title=""/></v:shape>'
        "</w:pict></w:r>"))


def add_textbox(paragraph, text: str, shape_id: int = 501) -> None:
    """A text box as Word 2010+ writes it: DrawingML in mc:Choice and the same text again in a VML fallback."""
    txbx = f'<w:txbxContent><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>'
    paragraph._p.append(parse_xml(
        f'<w:r {NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="45720" distB="45720" distL="114300" distR="114300" simplePos="0" relativeHeight="251660288" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:align>center</wp:align></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="3600000" cy="540000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
        f'<wp:docPr id="{shape_id}" name="文本框 {shape_id}"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="3600000" cy="540000"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
        f'<wps:txbx>{txbx}</wps:txbx><wps:bodyPr rot="0" vert="horz" wrap="square"/></wps:wsp>'
        '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
        '<mc:Fallback><w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
        'path="m,l,21600r21600,l21600,xe"/>'
        f'<v:shape id="文本框 {shape_id}" o:spid="_x0000_s{shape_id}" type="#_x0000_t202" '
        'style="position:absolute;margin-left:0;margin-top:0;width:283.5pt;height:42.5pt">'
        f'<v:textbox>{txbx}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'))


def rename_style_id(doc, name: str, new_id: str) -> None:
    """Give a built-in style the id Chinese Word writes ('标题 1' has styleId '1'), references included."""
    style = doc.styles[name]
    old_id = style.style_id
    style.element.set(qn("w:styleId"), new_id)
    for el in doc.styles.element.iter(qn("w:basedOn"), qn("w:link"), qn("w:next")):
        if el.get(qn("w:val")) == old_id:
            el.set(qn("w:val"), new_id)


def chinese_numbering(doc, num_id: int = 77) -> int:
    """Add a '一、二、三、' list (numFmt chineseCounting) to numbering.xml; returns its numId."""
    numbering = doc.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {NS} w:abstractNumId="{num_id}"><w:multiLevelType w:val="hybridMultilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="420" w:hanging="420"/></w:pPr></w:lvl></w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # every w:abstractNum before the first w:num, as the schema says
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {NS} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>'))
    return num_id


def set_num(paragraph, num_id: int, level: int = 0) -> None:
    """Number the paragraph automatically (w:numPr): the number is Word's, not in the text."""
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {NS}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def tracked_change(paragraph, deleted: str, inserted: str, keep: str = "", author: str = "组织委员",
                   when: str = "2023-04-11T09:00:00Z") -> None:
    """Revisions left in: `keep` as is, `deleted` struck out (w:del), `inserted` added (w:ins)."""
    p = paragraph._p
    if keep:
        p.append(parse_xml(f'<w:r {NS}><w:t xml:space="preserve">{keep}</w:t></w:r>'))
    p.append(parse_xml(f'<w:del {NS} w:id="{len(deleted)}1" w:author="{author}" w:date="{when}">'
                       f'<w:r><w:delText xml:space="preserve">{deleted}</w:delText></w:r></w:del>'))
    p.append(parse_xml(f'<w:ins {NS} w:id="{len(inserted)}2" w:author="{author}" w:date="{when}">'
                       f'<w:r><w:t xml:space="preserve">{inserted}</w:t></w:r></w:ins>'))


def sdt_cell(cell, paragraphs: list[str], alias: str) -> None:
    """Fill a cell through a block-level content control (as template forms are filled in)."""
    tc = cell._tc
    for p in tc.findall(qn("w:p")):
        tc.remove(p)
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{t}</w:t></w:r></w:p>' for t in paragraphs)
    tc.append(parse_xml(f'<w:sdt {NS}><w:sdtPr><w:alias w:val="{alias}"/><w:tag w:val="{alias}"/></w:sdtPr>'
                        f"<w:sdtContent>{body}</w:sdtContent></w:sdt>"))
    tc.append(parse_xml(f"<w:p {NS}/>"))  # a cell ends with a paragraph
