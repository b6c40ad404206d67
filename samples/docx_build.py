"""python-docx building blocks for samples/make_samples.py: a document writer that remembers the text it wrote.

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
    ):
        where = container if container is not None else self.doc
        par = where.add_paragraph(style=style) if style else where.add_paragraph()
        if text:
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

    def picture(self, png: bytes, width_cm: float, *, container=None, align=CENTER):
        """A paragraph holding one inline picture; returns its run."""
        par = self.p("", align=align, container=container)
        run = par.add_run()
        run.add_picture(io.BytesIO(png), width=Cm(width_cm))
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
    ) -> None:
        """Write paragraphs into a (fresh) cell."""
        texts = [texts] if isinstance(texts, str) else texts
        for i, text in enumerate(texts):
            par = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            if text:
                set_run_font(par.add_run(text), east, size, bold)
            if align is not None:
                par.alignment = align
            (self.units if counted else self.captions).append(text)
        if center_v:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER

    # ---- header / footer

    def header(self, text: str, logo: bytes | None = None) -> None:
        par = self.doc.sections[0].header.paragraphs[0]
        if logo:
            par.add_run().add_picture(io.BytesIO(logo), width=Cm(1.5))
        set_run_font(par.add_run(("  " if logo else "") + text), "宋体", 10.5)
        par.alignment = CENTER

    def page_number_footer(self) -> None:
        par = self.doc.sections[0].footer.paragraphs[0]
        par.alignment = CENTER
        par._p.append(
            parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>')
        )

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
