"""The Word reader on what Word 2016+ and WPS Office really write (issue #7).

Two halves. Each WordprocessingML construct on real bytes (python-docx documents with the construct's XML as
Word or WPS writes it), asserting the Layout's text and cells are exactly what Word shows — what must be
there and what must not. Then the samples rewritten by samples/sample_wordml.py (WPS's package, content
controls, tracked changes and fields): each gives, through extractors.registry.extract, exactly the record
of the python-docx sample it was made from; a report's 字数 is the count of what Word shows (the source's
plus the one tracked insertion of new text).
"""

from __future__ import annotations

import hashlib
import io
import zipfile

import docx
import pytest
import sample_catalogue
import sample_reports
import sample_wordml
from docx.oxml import parse_xml
from lxml import etree
from wordml_package import unpack

from extractors.docx.reader import read_docx
from extractors.registry import extract
from pipeline.model.config import load_config
from pipeline.model.layout import Layout, Paragraph, Table
from pipeline.model.records import Submission
from pipeline.model.wordcount import count_units

CONFIG = load_config()
NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:foreign="http://example.com/some-other-vendor/2020"'
)
CHANGE = 'w:author="王强" w:date="2024-01-20T10:15:00Z"'


def el(xml: str):
    head, _, rest = xml.partition(">")
    if head.endswith("/"):
        return parse_xml(f"{head[:-1]} {NS}/>{rest}")
    return parse_xml(f"{head} {NS}>{rest}")


def p(inner: str, ppr: str = ""):
    return el(f"<w:p>{ppr}{inner}</w:p>")


def r(text: str, rpr: str = "") -> str:
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def doc_with(*xml_paragraphs) -> bytes:
    """A python-docx document whose body holds the given elements (before the final sectPr)."""
    doc = docx.Document()
    body = doc.element.body
    for node in xml_paragraphs:
        body.sectPr.addprevious(node)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def read(data: bytes) -> Layout:
    return read_docx(data, CONFIG.intake)


def texts(layout: Layout) -> list[str]:
    return [b.text for b in layout.blocks if isinstance(b, Paragraph)]


def cells(layout: Layout) -> list[list[list[tuple[int, str]]]]:
    return [[[(c.col, c.text) for c in row] for row in b.rows] for b in layout.blocks if isinstance(b, Table)]


def everything(layout: Layout) -> str:
    return "\n".join(q.text for q in layout.paragraphs())


# -- content controls ------------------------------------------------------------------------------------


GRID = ('<w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/>'
        '<w:gridCol w:w="2000"/></w:tblGrid>')
PLACEHOLDER = ('<w:placeholder><w:docPart w:val="DefaultPlaceholder_-1854013440"/></w:placeholder>'
               "<w:showingPlcHdr/>")


def _cell(text: str) -> str:
    return f'<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr><w:p>{r(text) if text else ""}</w:p></w:tc>'


def _sdt(content: str, pr: str = "") -> str:
    return f'<w:sdt><w:sdtPr>{pr}<w:id w:val="-1"/></w:sdtPr><w:sdtEndPr/><w:sdtContent>{content}</w:sdtContent></w:sdt>'


def table(rows: str) -> str:
    return f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>{GRID}{rows}</w:tbl>'


PROMPT = r("单击或点击此处输入文字。", '<w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr>')


def test_cell_row_and_table_level_controls_keep_the_grid():
    alias = '<w:alias w:val="品牌名称"/>'
    first = (f"<w:tr>{_cell('品牌名称')}{_sdt(_cell('红色引擎'), alias)}"
             f"{_cell('负责人')}{_sdt(_cell('单击或点击此处输入文字。'), PLACEHOLDER)}</w:tr>")
    second = f"<w:tr>{_sdt(_cell('联系电话'))}{_sdt(_cell('12345'), PLACEHOLDER)}{_cell('成员')}{_cell('李华、王芳')}</w:tr>"
    layout = read(doc_with(el(_sdt(table(_sdt(first, '<w:alias w:val="行"/>') + second), '<w:alias w:val="表"/>'))))
    assert cells(layout) == [[
        [(0, "品牌名称"), (1, "红色引擎"), (2, "负责人"), (3, "")],  # a prompt is no value; its cell stays
        [(0, "联系电话"), (1, ""), (2, "成员"), (3, "李华、王芳")],
    ]]
    assert "单击" not in everything(layout) and "12345" not in everything(layout)


CHECKBOX = ('<w14:checkbox><w14:checked w14:val="{v}"/><w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
            '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox>')
DATE = ("<w:date w:fullDate=\"2023-04-12T00:00:00Z\"><w:dateFormat w:val=\"yyyy'年'M'月'd'日'\"/>"
        '<w:lid w:val="zh-CN"/><w:storeMappedDataAs w:val="dateTime"/><w:calendar w:val="gregorian"/></w:date>')


def test_block_and_run_level_controls_placeholder_checkbox_and_date():
    layout = read(doc_with(
        el(_sdt(f"<w:p>{r('信息学院“一支部一品牌”创建申报表')}</w:p>", '<w:alias w:val="标题"/>')),
        p(r("申报类别：") + _sdt(r("☒"), CHECKBOX.format(v=1)) + r("党建品牌  ") + _sdt(r("☐"), CHECKBOX.format(v=0))
          + r("党建精品项目")),
        p(r("负责人：") + _sdt(r("张明"), '<w:alias w:val="负责人"/><w:text/>')),
        p(r("备注：") + _sdt(PROMPT, PLACEHOLDER + "<w:text/>")),
        el(_sdt(f"<w:p>{PROMPT}</w:p>", PLACEHOLDER)),  # a block-level control showing its prompt
        p(r("填表日期：") + _sdt(r("2023年4月12日"), DATE)),
        p(r("日期未选：") + _sdt(r("单击或点击此处输入日期。"), PLACEHOLDER + DATE)),
    ))
    assert texts(layout) == [
        "信息学院“一支部一品牌”创建申报表", "申报类别：☒党建品牌  ☐党建精品项目", "负责人：张明", "备注：", "",
        "填表日期：2023年4月12日", "日期未选：",
    ]
    assert "2023-04-12" not in everything(layout) and "单击" not in everything(layout)


# -- fields ---------------------------------------------------------------------------------------------

def fld(kind: str, extra: str = "") -> str:
    return f'<w:r><w:fldChar w:fldCharType="{kind}">{extra}</w:fldChar></w:r>'


def instr(code: str) -> str:
    return f'<w:r><w:instrText xml:space="preserve">{code}</w:instrText></w:r>'


def test_fields_show_their_result_never_their_instruction():
    layout = read(doc_with(
        p(r("图") + '<w:fldSimple w:instr=" SEQ 图 \\* ARABIC ">' + r("3") + "</w:fldSimple>" + r(" 支部活动")),
        p(r("详见") + fld("begin") + instr(' HYPERLINK "http://www.12371.cn/" ') + fld("separate")
          + r("共产党员网", '<w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>') + fld("end") + r("。")),
        # a field inside another one's instruction (IF … MERGEFIELD …): only the outer result shows
        p(fld("begin") + instr(" IF ") + fld("begin") + instr(" MERGEFIELD 类别 ") + fld("separate") + r("甲")
          + fld("end") + instr(' = "甲" "一类" "二类" ') + fld("separate") + r("一类") + fld("end")),
        # an instruction and a result each split over runs and formatting
        p(fld("begin") + instr(" DOCPROPERTY ") + instr(" Company ") + fld("separate") + r("机关")
          + r("党委", "<w:rPr><w:b/></w:rPr>") + fld("end")),
        p(fld("begin") + instr(" PAGE ") + fld("end") + r("无结果的域")),  # never updated: shows nothing
    ))
    assert texts(layout) == ["图3 支部活动", "详见共产党员网。", "一类", "机关党委", "无结果的域"]
    shown = everything(layout)
    for code in ("SEQ", "HYPERLINK", "12371", "MERGEFIELD", "甲", "IF", "DOCPROPERTY", "Company", "PAGE"):
        assert code not in shown


def test_legacy_form_fields_of_word_97_2003_forms():
    text_ff = '<w:ffData><w:name w:val="Text1"/><w:enabled/><w:textInput/></w:ffData>'
    check = '<w:ffData><w:name w:val="Check1"/><w:enabled/><w:checkBox><w:sizeAuto/>{state}</w:checkBox></w:ffData>'
    drop = ('<w:ffData><w:name w:val="Dropdown1"/><w:enabled/><w:ddList><w:result w:val="1"/>'
            '<w:listEntry w:val="党建品牌"/><w:listEntry w:val="党建精品项目"/></w:ddList></w:ffData>')
    layout = read(doc_with(
        p(r("负责人：") + fld("begin", text_ff) + instr(" FORMTEXT ") + fld("separate") + r("张明") + fld("end")),
        p(r("联系人：") + fld("begin", text_ff) + instr(" FORMTEXT ") + fld("separate") + r("\u2002" * 5)
          + fld("end")),
        p(fld("begin", check.format(state='<w:default w:val="1"/>')) + instr(" FORMCHECKBOX ") + fld("end")
          + r("首次申报 ") + fld("begin", check.format(state='<w:default w:val="1"/><w:checked w:val="0"/>'))
          + instr(" FORMCHECKBOX ") + fld("end") + r("再次申报")),
        p(r("类别：") + fld("begin", drop) + instr(" FORMDROPDOWN ") + fld("end")),
    ))
    assert texts(layout) == ["负责人：张明", "联系人：" + "\u2002" * 5, "☒首次申报 ☐再次申报", "类别：党建精品项目"]
    assert "FORM" not in everything(layout)


# -- tracked changes --------------------------------------------------------------------------------------

def test_insertions_deletions_and_moves():
    layout = read(doc_with(
        p(r("支部现有党员") + f'<w:ins w:id="1" {CHANGE}>{r("二十四名")}</w:ins>'
          + f'<w:del w:id="2" {CHANGE}><w:r><w:delText>二十名</w:delText></w:r></w:del>' + r("。")),
        p(r("开展主题党日") + f'<w:moveFromRangeStart w:id="3" {CHANGE} w:name="move1"/>'
          + f'<w:moveFrom w:id="4" {CHANGE}>{r("每月一次")}</w:moveFrom><w:moveFromRangeEnd w:id="3"/>' + r("。")),
        p(f'<w:moveToRangeStart w:id="5" {CHANGE} w:name="move1"/><w:moveTo w:id="6" {CHANGE}>{r("每月一次")}'
          f'</w:moveTo><w:moveToRangeEnd w:id="5"/>' + r("，形成制度。")),
        # a paragraph deleted whole: its text and its mark
        p(f'<w:del w:id="7" {CHANGE}><w:r><w:delText>整段删除的初稿文字。</w:delText></w:r></w:del>',
          f'<w:pPr><w:rPr><w:del w:id="8" {CHANGE}/></w:rPr></w:pPr>'),
        p(r("最后一段")),
    ))
    assert texts(layout) == ["支部现有党员二十四名。", "开展主题党日。", "每月一次，形成制度。", "最后一段"]
    assert "二十名" not in everything(layout) and "整段删除" not in everything(layout)


def test_a_deleted_paragraph_mark_joins_the_next_paragraph():
    gone = f'<w:pPr><w:rPr><w:del w:id="1" {CHANGE}/></w:rPr></w:pPr>'
    moved = f'<w:pPr><w:rPr><w:moveFrom w:id="2" {CHANGE}/></w:rPr></w:pPr>'
    layout = read(doc_with(
        p(r("支部坚持“三会一课”制度，"), gone),
        p(r("每月开展主题党日活动。"), '<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>'),
        p(r("第二段前半，"), moved),
        p(r("第二段后半。")),
        p(r("控件前一段"), gone),  # the next paragraph is a prompt (no value): the text stands alone
        el(_sdt(f"<w:p>{PROMPT}</w:p>", PLACEHOLDER)),
        p(r("表格前一段"), gone),  # no next paragraph before the table: it stands alone
        el(table(f"<w:tr>{_cell('格内第一段')}</w:tr>")),
        p("", gone),  # an empty paragraph whose mark is deleted disappears
        p(r("结尾")),
    ))
    paras = [b for b in layout.blocks if isinstance(b, Paragraph)]
    assert [q.text for q in paras] == ["支部坚持“三会一课”制度，每月开展主题党日活动。", "第二段前半，第二段后半。",
                                       "控件前一段", "", "表格前一段", "结尾"]
    assert paras[0].style == "heading 1"  # the joined paragraph looks like the one whose mark remains
    assert cells(layout) == [[[(0, "格内第一段")]]]


def test_a_deleted_table_row_is_gone_an_inserted_one_is_there():
    deleted = (f'<w:tr><w:trPr><w:del w:id="1" {CHANGE}/></w:trPr><w:tc><w:p><w:del w:id="2" {CHANGE}><w:r>'
               "<w:delText>已删除的行</w:delText></w:r></w:del></w:p></w:tc></w:tr>")
    inserted = f'<w:tr><w:trPr><w:ins w:id="3" {CHANGE}/></w:trPr>{_cell("新增的行")}</w:tr>'
    layout = read(doc_with(el(table(f"<w:tr>{_cell('第一行')}</w:tr>{deleted}{inserted}"))))
    assert cells(layout) == [[[(0, "第一行")], [(0, "新增的行")]]]


# -- inline wrappers, alternate content, marks that show nothing ---------------------------------------------

def test_wrappers_show_their_text_once():
    layout = read(doc_with(
        p('<w:hyperlink r:id="rId9" w:history="1">' + r("党建网", '<w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>')
          + "</w:hyperlink>" + '<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="PersonName">'
          + r("张明") + "</w:smartTag>" + '<w:customXml w:uri="http://x.example/brand" w:element="brand">'
          + '<w:customXmlPr><w:attr w:name="id" w:val="属性值"/></w:customXmlPr>' + r("红色引擎") + "</w:customXml>"),
        el('<w:customXml w:uri="http://x.example/brand" w:element="block">' + f"<w:p>{r('块级自定义')}</w:p>"
           + "</w:customXml>"),
    ))
    assert texts(layout) == ["党建网张明红色引擎", "块级自定义"]
    assert "属性值" not in everything(layout)


def test_alternate_content_reads_one_branch_never_both():
    layout = read(doc_with(
        p('<w:r><mc:AlternateContent><mc:Choice Requires="w14"><w:t>新版</w:t></mc:Choice>'
          "<mc:Fallback><w:t>旧版</w:t></mc:Fallback></mc:AlternateContent></w:r>"),
        p('<mc:AlternateContent><mc:Choice Requires="foreign">' + r("别家扩展") + "</mc:Choice>"
          "<mc:Fallback>" + r("通用写法") + "</mc:Fallback></mc:AlternateContent>"),
        el('<mc:AlternateContent><mc:Choice Requires="wps">' + f"<w:p>{r('块级新版')}</w:p>" + "</mc:Choice>"
           f"<mc:Fallback><w:p>{r('块级旧版')}</w:p></mc:Fallback></mc:AlternateContent>"),
    ))
    assert texts(layout) == ["新版", "通用写法", "块级新版"]


def test_marks_hyphens_symbols_tabs_breaks_and_hidden_text():
    layout = read(doc_with(
        p('<w:proofErr w:type="spellStart"/>' + r("党建") + '<w:proofErr w:type="spellEnd"/>'
          + "<w:r><w:lastRenderedPageBreak/><w:t>引领</w:t></w:r>" + '<w:bookmarkStart w:id="0" w:name="_GoBack"/>'
          + '<w:bookmarkEnd w:id="0"/>'),
        p('<w:r><w:t>co</w:t><w:softHyphen/><w:t>operate</w:t><w:t xml:space="preserve"> 2023</w:t>'
          "<w:noBreakHyphen/><w:t>2024</w:t></w:r>"),
        p('<w:r><w:sym w:font="Wingdings" w:char="F0FE"/><w:t>同意</w:t><w:tab/><w:t>签字</w:t>'
          '<w:ptab w:relativeTo="margin" w:alignment="right" w:leader="none"/><w:t>日期</w:t></w:r>'),
        p('<w:r><w:t>第一页末</w:t><w:br w:type="page"/><w:t>第二页首</w:t><w:br/><w:t>换行</w:t></w:r>'),
        p(r("显示的") + r("隐藏的填写说明", "<w:rPr><w:vanish/></w:rPr>") + r("文字")),
    ))
    assert texts(layout) == ["党建引领", "cooperate 2023-2024", "\uf0fe同意\t签字\t日期", "第一页末\n第二页首\n换行",
                             "显示的文字"]
    assert count_units(["cooperate"]) == 1  # the soft hyphen does not cut the word


# -- outside the body text --------------------------------------------------------------------------------

def _with_parts(data: bytes, add: dict[str, str], rels: str, types: str) -> bytes:
    members = unpack(data)
    members.update({name: body.encode() for name, body in add.items()})
    members["word/_rels/document.xml.rels"] = members["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", rels.encode() + b"</Relationships>")
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(b"</Types>", types.encode() + b"</Types>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    return out.getvalue()


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def test_comments_and_footnotes_are_not_body_text():
    comments = (f'<w:comments {W_NS}><w:comment w:id="0" w:author="王强" w:initials="WQ"><w:p><w:r><w:annotationRef/>'
                "</w:r><w:r><w:t>批注内容不是正文</w:t></w:r></w:p></w:comment></w:comments>")
    notes = (f'<w:footnotes {W_NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
             '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
             '</w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r>'
             "<w:t>脚注：数据来自组织部。</w:t></w:r></w:p></w:footnote></w:footnotes>")
    data = doc_with(p('<w:commentRangeStart w:id="0"/>' + r("支部共有党员二十四名") + '<w:commentRangeEnd w:id="0"/>'
                      '<w:r><w:commentReference w:id="0"/></w:r>'
                      '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
                      + r("。")))
    data = _with_parts(data, {"word/comments.xml": comments, "word/footnotes.xml": notes},
                       f'<Relationship Id="rId90" Type="{RT}/comments" Target="comments.xml"/>'
                       f'<Relationship Id="rId91" Type="{RT}/footnotes" Target="footnotes.xml"/>',
                       f'<Override PartName="/word/comments.xml" ContentType="{CT}.comments+xml"/>'
                       f'<Override PartName="/word/footnotes.xml" ContentType="{CT}.footnotes+xml"/>')
    layout = read(data)
    assert texts(layout) == ["支部共有党员二十四名。"]  # the footnote's number is drawn by Word, not written
    assert "批注" not in everything(layout) and "脚注" not in everything(layout)
    assert not layout.header_texts and not layout.footer_texts


def test_a_section_break_mid_document_keeps_its_paragraph_and_both_headers():
    doc = docx.Document()
    doc.sections[0].header.paragraphs[0].text = "第一节页眉"
    doc.add_paragraph("第一节正文")
    last = doc.add_paragraph("第一节末段")
    doc.add_section()
    doc.sections[1].header.is_linked_to_previous = False
    doc.sections[1].header.paragraphs[0].text = "第二节页眉"
    doc.add_paragraph("第二节正文")
    sect = doc.element.body.findall("{*}p")[-2].find("{*}pPr")  # python-docx puts the break in its own paragraph
    last._p.get_or_add_pPr().append(sect.find("{*}sectPr"))  # Word keeps it in the section's last paragraph
    doc.element.body.remove(sect.getparent())
    buf = io.BytesIO()
    doc.save(buf)
    layout = read(buf.getvalue())
    assert texts(layout) == ["第一节正文", "第一节末段", "第二节正文"]
    assert layout.header_texts == ["第一节页眉", "第二节页眉"]


# -- the rewritten samples: the same record as their source ----------------------------------------------------

def _extract(data: bytes):
    sub = Submission(file="x.docx", data=data, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                     detected="docx", extension="docx")
    return extract(sub, CONFIG)


FORMS = ["信息学院第一学生党支部-一支部一品牌创建申报表.docx", "根河市财政局机关党支部-市直机关党建品牌申报表.docx",
         "机电工程学院学生党支部-党建精品项目申报书.docx"]
REPORTS = ["经济管理学院学生第三党支部-成果报告.docx", "信息学院第一学生党支部-成果报告.docx",
           "机械工程学院教工第一党支部-成果报告.docx"]


@pytest.fixture(scope="module")
def sources() -> dict[str, bytes]:
    """The python-docx samples the rewrites start from, by their sample names."""
    out = {name: data for name, data, _, _ in sample_catalogue.applications() if name in FORMS}
    for name, spec, _ in sample_catalogue.report_specs():
        if name in REPORTS:
            out[name] = sample_reports.build(spec)[0]
    return out


@pytest.mark.parametrize("name", FORMS)
@pytest.mark.parametrize("how", ["wps", "controls"])
def test_a_rewritten_form_gives_the_record_of_its_source(sources, name, how):
    data = sources[name]
    made = sample_wordml.wps(data) if how == "wps" else sample_wordml.controls(data, {"2020/11/5": "2020-11-05"})
    assert made != data
    want, got = _extract(data), _extract(made)
    assert got.doc_type == want.doc_type == "application"
    assert got.fields == want.fields
    layout = read(made)
    if how == "controls":  # what the controls add shows as Word shows it, the prompt never
        assert "申报类别：☒党建品牌  ☐党建精品项目" in texts(layout) and "备注：" in texts(layout)
        assert sample_wordml.PLACEHOLDER not in everything(layout)


def _facts(report) -> dict:
    """Everything the report record says but the saving application's own count (WPS's is not kept)."""
    return {k: v for k, v in report.model_dump().items() if not k.startswith("word_count_office")}


@pytest.mark.parametrize("name", REPORTS)
def test_a_rewritten_report_gives_the_record_of_its_source(sources, name):
    data = sources[name]
    want = _extract(data)
    for how, (made, gained) in {"wps": (sample_wordml.wps(data), 0), "revisions": sample_wordml.revisions(data)}.items():
        got = _extract(made)
        assert got.doc_type == want.doc_type == "outcome_report", how
        expected = dict(_facts(want.report), word_count=want.report.word_count + gained)
        assert _facts(got.report) == expected, how
    assert gained == count_units([sample_wordml.INSERTED]) > 0  # the new text follows a full stop: nothing joins
    shown = everything(read(made))
    assert sample_wordml.INSERTED in shown
    for gone in ("及意义", "（此处数据待核实）", "本段为初稿中的重复表述", "建议补充具体数据", "HYPERLINK", "SEQ"):
        assert gone not in shown, gone


def test_what_the_rewrites_write(sources):
    """The rewrites carry the constructs they claim (so the record tests above are not vacuous)."""
    wps = unpack(sample_wordml.wps(sources[FORMS[0]]))
    doc = wps["word/document.xml"]
    for mark in (b'xmlns:wpsCustomData="http://www.wps.cn/officeDocument/2013/wpsCustomData"', b'w:hint="eastAsia"',
                 b"_GoBack", b'mc:Ignorable="w14 w15 wp14"'):
        assert mark in doc, mark
    assert b"KSOProductBuildVer" in wps["docProps/custom.xml"] and b"WPS Office_11.1.0" in wps["docProps/app.xml"]
    assert any(n.startswith("customXml/item") and b"wpsCustomData" in body for n, body in wps.items())
    assert b'w:styleId="1"' in wps["word/styles.xml"] and b'w:styleId="Normal"' not in wps["word/styles.xml"]
    assert b"compressPunctuation" in wps["word/settings.xml"]
    runs_before = unpack(sources[FORMS[0]])["word/document.xml"].count(b"<w:r>")
    assert doc.count(b"<w:r>") > runs_before  # runs split at every change of script
    ctl = unpack(sample_wordml.controls(sources[FORMS[1]], {"2020/11/5": "2020-11-05"}))["word/document.xml"]
    for mark in (b"<w:sdtContent><w:tc>", b"<w:sdtContent><w:tbl>", b"<w:sdtContent><w:tr", b"w14:checkbox",
                 b"w:showingPlcHdr", b'w:fullDate="2020-11-05', b"w14:paraId", b"w:proofErr"):
        assert mark in ctl, mark
    root = etree.fromstring(ctl)
    sdt = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sdt"
    parents = {s.getparent().tag.rsplit("}", 1)[1] for s in root.iter(sdt)}
    assert parents >= {"body", "tbl", "tr", "p"}  # block-, row-, cell- and run-level controls
    for control in root.iter(sdt):  # shaped as the schema says: properties, end properties, content
        assert [c.tag.rsplit("}", 1)[1] for c in control] == ["sdtPr", "sdtEndPr", "sdtContent"]
    rev = unpack(sample_wordml.revisions(sources[REPORTS[0]])[0])
    body = rev["word/document.xml"]
    for mark in (b"<w:ins ", b"<w:delText", b"<w:moveFrom ", b"<w:moveTo ", b"w:fldSimple", b'w:fldCharType="separate"',
                 b"HYPERLINK", b"<w:hyperlink ", b"<w:smartTag ", b"<w:customXml ", b"w:commentReference",
                 b'<w:type w:val="continuous"/>', b"<w:trPr><w:del "):
        assert mark in body, mark
    assert b"revisionView" in rev["word/settings.xml"] and "word/comments.xml" in rev


def test_alt_chunks_are_read_where_they_stand():
    """w:altChunk: HTML, plain text and a nested .docx are read in place; RTF is not (a note says so)."""
    html = ("<html><head><title>标题栏</title><style>p{color:red}</style><script>var x='脚本';</script></head><body>"
            "<h1>一、品牌名称</h1><p align='center'>红色\n   引擎</p><p>第一行<br>第二行&nbsp;续</p>"
            "<table><tr><td colspan='2'>合并两列</td><td>右</td></tr><tr><td>甲</td><td><p>乙一</p><p>乙二</p></td>"
            "<td><table><tr><td>内表</td></tr></table></td></tr></table><div>末段<span>相连</span></div></body></html>")
    inner = doc_with(p(r("嵌入文档的正文")))
    data = doc_with(p(r("前文")), el('<w:altChunk r:id="rId80"/>'), el('<w:altChunk r:id="rId81"/>'),
                    el('<w:altChunk r:id="rId82"/>'), el('<w:altChunk r:id="rId83"/>'), el('<w:altChunk r:id="rId99"/>'),
                    p(r("后文")))
    members = unpack(data)
    members.update({"word/afchunk.htm": html.encode(), "word/afchunk2.txt": "第一行文字\n第二行文字".encode(),
                    "word/afchunk3.rtf": b"{\\rtf1\\ansi RTF text}", "word/afchunk4.docx": inner})
    aft = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"
    rels = "".join(f'<Relationship Id="rId{80 + k}" Type="{aft}" Target="{name}"/>'
                   for k, name in enumerate(["afchunk.htm", "afchunk2.txt", "afchunk3.rtf", "afchunk4.docx"]))
    out = io.BytesIO()
    members["word/_rels/document.xml.rels"] = members["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", rels.encode() + b"</Relationships>")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    layout = read(out.getvalue())
    blocks = [b.text if isinstance(b, Paragraph) else [[(c.col, c.span, c.text) for c in row] for row in b.rows]
              for b in layout.blocks]
    assert blocks == [
        "前文", "一、品牌名称", "红色 引擎", "第一行\n第二行\xa0续",
        [[(0, 2, "合并两列"), (2, 1, "右")], [(0, 1, "甲"), (1, 1, "乙一\n乙二"), (2, 1, "内表")]],
        "末段相连", "第一行文字", "第二行文字", "嵌入文档的正文", "后文",
    ]
    heading = layout.blocks[1]
    assert (heading.style, heading.outline_level, layout.blocks[2].centered) == ("heading 1", 0, True)
    assert "脚本" not in everything(layout) and "标题栏" not in everything(layout) and "RTF" not in everything(layout)
    assert any("afchunk3.rtf" in n and "not read" in n for n in layout.notes)


def test_hostile_alt_chunks_are_noted_never_fatal():
    parts = {"word/a.docx": b"PK\x03\x04 not really a zip", "word/b.htm": b"<div>" * 5000 + "深处".encode(),
             "word/c.bin": bytes(range(256)) * 8}
    targets = ["a.docx", "b.htm", "c.bin", "missing.htm"]
    aft = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"
    chunks = [el(f'<w:altChunk r:id="rId{70 + k}"/>') for k in range(len(targets))]
    data = doc_with(p(r("正文")), *chunks, *[el('<w:altChunk r:id="rId72"/>') for _ in range(30)], p(r("结尾")))
    members = unpack(data)
    members.update(parts)
    members["word/_rels/document.xml.rels"] = members["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", "".join(f'<Relationship Id="rId{70 + k}" Type="{aft}" Target="{t}"/>'
                                     for k, t in enumerate(targets)).encode() + b"</Relationships>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    layout = read(out.getvalue())
    shown = texts(layout)
    assert shown[0] == "正文" and shown[-1] == "结尾"
    for part in ("word/a.docx", "word/c.bin", "missing.htm"):
        assert any(part in n for n in layout.notes), part
    assert all(len(q.text) < 5000 for q in layout.paragraphs())


def test_word_97_2003_doc_of_the_rewrites_reads_the_same(sources, tmp_path):
    """The WPS form and the tracked-changes report saved as Word 97-2003 .doc (LibreOffice, by way of ODT, as
    samples/sample_derived.to_doc makes every .doc sample) and read back through the legacy reader: the same
    fields, the same report facts and 字数. (The content-control form is left out: LibreOffice's own .doc
    export writes the text of nested content controls several times over — its PDF of that .doc shows it.)"""
    import os
    import shutil

    from sample_derived import to_doc

    if not shutil.which("soffice"):
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required in CI (make system-deps installs it)")
        pytest.skip("LibreOffice (soffice) is not installed")
    made = {"wps.docx": sample_wordml.wps(sources[FORMS[0]]), "rev.docx": sample_wordml.revisions(sources[REPORTS[0]])[0]}
    docs = to_doc(made, tmp_path)
    for stem, data in made.items():
        want = _extract(data)
        doc = docs[stem.removesuffix(".docx")]
        sub = Submission(file=stem + ".doc", data=doc, sha256=hashlib.sha256(doc).hexdigest(), size=len(doc),
                         detected="doc", extension="doc")
        got = extract(sub, CONFIG)
        assert got.doc_type == want.doc_type, stem
        if want.fields is not None:
            assert got.fields == want.fields, stem
        else:
            keys = ("brand_name", "branch_name", "word_count", "sections", "photo_count", "captioned_photos")
            assert {k: getattr(got.report, k) for k in keys} == {k: getattr(want.report, k) for k in keys}, stem


@pytest.mark.parametrize("name", [FORMS[0], REPORTS[0], REPORTS[2]])
def test_wps_package_reads_paragraph_for_paragraph_as_its_source(sources, name):
    """Numeric style ids, runs split at every script change, eastAsia hints, bookmarks, WPS's parts: every
    paragraph keeps its text, style name, outline level, list label, bold and centring; every cell its place."""
    def shape(layout: Layout):
        return ([(q.text, q.style, q.outline_level, q.numbering, q.bold, q.centered, len(q.pictures))
                 for q in layout.paragraphs()], cells(layout))

    assert shape(read(sample_wordml.wps(sources[name]))) == shape(read(sources[name]))
