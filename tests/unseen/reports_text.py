"""Unseen outcome reports whose 字数 is the hard part: a statistics table, Latin words and digits split over
runs and lines, a text box written twice (DrawingML and VML), a cover page, a hyperlink and a field result.

Owns these cases' documents and truths (字数 over the units written; statuses from unseen.oracle).
"""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx_build import CENTER, NS, RIGHT, add_textbox

from .build import Writer, merged
from .registry import Case, case
from .texts import ALL5, BACKGROUND, CONNOTATION, MEASURES_R, OUTCOMES_R


@case
def build_report_statistics_table() -> Case:
    """A statistics table (merged title row, digits and percentages in cells) inside 取得成效, with a '表1'
    line above it; table text counts in 字数, the merged cell once."""
    r = Writer()
    r.p("理学院数学系教工党支部“数说初心”品牌创建成果报告", style="Title")
    r.first_parts("“数说初心”", style="Heading 1")
    r.photo("图1 “数说初心”党课")
    r.photo("图2 党员教师数学建模辅导")
    r.p("五、取得成效", style="Heading 1")
    r.body(OUTCOMES_R[:1])
    r.p("表1 支部品牌创建主要指标对比", align=CENTER)
    rows = [["指标", "2022年", "2023年", "增幅"], ["主题党日活动（次）", "8", "12", "50%"],
            ["志愿服务时长（小时）", "1200", "2150", "79.2%"], ["学生学业优良率", "82%", "93%", "11个百分点"]]
    tb = r.grid(5, 4)
    r.cell(merged(tb, 0, 0, 3), "2023年度品牌创建主要指标", bold=True, align=CENTER)  # counted once
    for i, row in enumerate(rows, start=1):
        for c, text in enumerate(row):
            r.cell(tb.cell(i, c), text)
    r.body(OUTCOMES_R[1:])
    r.photo("图3 数学建模竞赛获奖")
    r.closing("理学院数学系教工党支部", "2024年1月17日")
    return r.report("数学系.docx", "“数说初心”", "理学院数学系教工党支部", ALL5)


@case
def build_report_latin_digit_mix() -> Case:
    """English, digits and half-width punctuation mixed into Chinese, a Latin word split over runs, a line
    break between two Latin words, a tab: exercises the 字数 run rule."""
    r = Writer()
    r.p("人工智能学院学生党支部“AI+红色课堂”品牌创建成果报告", bold=True, align=CENTER)
    r.p("一、品牌名称", bold=True)
    r.p("“AI+红色课堂”")
    r.p("二、创建背景", bold=True)
    r.body(["2023年共开展活动12次，覆盖率100%，AI+党建成为支部工作的新名片。",
            "支部现有学生党员46名，其中研究生党员31名，覆盖CS、EE等5个专业方向。"])
    r.p("三、品牌内涵", bold=True)
    r.body(["以“1+N”模式推动党建与专业融合：1个红色课堂，N个AI应用场景。"])
    r.p("四、主要举措", bold=True)
    r.p(runs=["依托Chat", "GPT等大模型开发“党史问答”小程序，访问量达3.5万人次。"])
    brk = r.doc.add_paragraph()
    brk.add_run("开设Python")
    brk.runs[-1].add_break()
    brk.add_run("Java双语编程公益课，累计授课24学时。")
    r.units.append("开设Python\nJava双语编程公益课，累计授课24学时。")
    r.body(["党员在B站、QQ群和www.ncut.edu.cn同步发布学习资料，e-mail反馈率98.5%。",
            "数据\t统计：2023年9月—12月共计Top10榜单发布4期。"])
    r.photo("图1 AI+红色课堂开讲")
    r.photo("图2 “党史问答”小程序上线")
    r.photo("图3 Python公益课")
    r.p("五、取得成效", bold=True)
    r.body(["支部获评2023年度校级“样板支部”，相关案例入选省级优秀案例（Top 5）。"])
    r.closing("人工智能学院学生党支部", "2024年1月12日")
    return r.report("AI学院学生党支部.docx", "“AI+红色课堂”", "人工智能学院学生党支部", ALL5)


@case
def build_report_textbox_fallback() -> Case:
    """A Word text box (DrawingML + VML fallback with the same text) holding the slogan: counted once, and a
    text box is not a photo."""
    r = Writer()
    r.p("艺术学院学生党支部“青春向党”品牌创建成果报告", bold=True, align=CENTER)
    r.p("一、品牌名称", bold=True)
    r.body(["“青春向党”"])
    slogan = "品牌口号：青春向党，奋斗有我"
    add_textbox(r.doc.add_paragraph(), slogan)
    r.units.append(slogan)
    r.p("二、创建背景", bold=True)
    r.body(BACKGROUND)
    r.p("三、品牌内涵", bold=True)
    r.body(CONNOTATION)
    r.p("四、主要举措", bold=True)
    r.body([t for _, t in MEASURES_R])
    r.photo("图1 “青春向党”主题美育展")
    r.photo("图2 学生党员创作红色主题作品")
    r.photo("图3 党员志愿者开展美育支教")
    r.p("五、取得成效", bold=True)
    r.body(OUTCOMES_R)
    r.closing("艺术学院学生党支部", "2024年1月11日")
    return r.report("艺术学院.docx", "“青春向党”", "艺术学院学生党支部", ALL5)


@case
def build_report_cover_hyperlink_field_closing_break() -> Case:
    """A cover page (title, '报送单位：…', '二〇二四年一月'), a hyperlink and a field result in the text, and
    the closing branch and date in ONE right-aligned paragraph separated by a line break."""
    r = Writer()
    r.p("")
    r.p("生命科学学院学生党支部", bold=True, align=CENTER)
    r.p("“生命之光”党建品牌创建成果报告", bold=True, align=CENTER)
    r.p("报送单位：生命科学学院学生党支部", align=CENTER)
    r.p("二〇二四年一月", align=CENTER)
    r.page_break()
    r.first_parts("“生命之光”", bold=True)
    link_p = r.doc.add_paragraph("相关报道见学院官网：")
    rid = r.doc.part.relate_to("https://life.example.edu.cn/news/2023/1201.htm", RT.HYPERLINK, is_external=True)
    link_p._p.append(parse_xml(f'<w:hyperlink {NS} r:id="{rid}"><w:r><w:t>life.example.edu.cn/news</w:t></w:r>'
                               "</w:hyperlink>"))
    link_p.add_run("。")
    r.units.append("相关报道见学院官网：life.example.edu.cn/news。")
    r.photo("图1 “生命之光”科普讲座")
    r.photo("图2 学生党员无偿献血")
    r.photo("图3 支部赴植物园开展主题党日")
    r.p("五、取得成效", bold=True)
    field_p = r.doc.add_paragraph("截至")
    field_p._p.append(parse_xml(f'<w:fldSimple {NS} w:instr=" DATE \\@ &quot;yyyy年M月d日&quot; ">'
                                "<w:r><w:t>2024年1月20日</w:t></w:r></w:fldSimple>"))
    field_p.add_run("，支部累计开展科普活动18场。")
    r.units.append("截至2024年1月20日，支部累计开展科普活动18场。")
    r.body(OUTCOMES_R)
    close = r.doc.add_paragraph()
    close.alignment = RIGHT
    close.add_run("生命科学学院学生党支部")
    close.runs[-1].add_break()
    close.add_run("2024年1月20日")
    r.units.append("生命科学学院学生党支部\n2024年1月20日")
    return r.report("生命科学学院.docx", "“生命之光”", "生命科学学院学生党支部", ALL5)
