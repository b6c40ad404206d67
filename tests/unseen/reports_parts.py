"""Unseen outcome reports that find their parts in different ways: Word heading styles and their Chinese ids,
automatic numbering, bold runs, '第一部分', inline names, other wordings, parts out of order or missing.

Owns these cases' documents and truths (字数 over the units written; statuses from unseen.oracle).
"""

from __future__ import annotations

from docx_build import CENTER, chinese_numbering, rename_style_id, set_num

from .build import Writer
from .registry import Case, case
from .texts import ALL5, BACKGROUND, CONNOTATION, MEASURES_R, OUTCOMES_R


@case
def build_report_heading_styles_title_branch() -> Case:
    """Word heading styles (Title, Heading 1 parts, Heading 2 subheadings), branch in the title and closing."""
    r = Writer()
    r.p("信息学院计算机系学生第一党支部“青春引擎”党建品牌创建成果报告", style="Title")
    r.p("一、品牌名称", style="Heading 1")
    r.body(["“青春引擎”党建品牌"])
    r.p("二、创建背景", style="Heading 1")
    r.body(BACKGROUND)
    r.p("三、品牌内涵", style="Heading 1")
    r.body(CONNOTATION)
    r.p("四、主要举措", style="Heading 1")
    for head, text in MEASURES_R:
        r.p(head, style="Heading 2")
        r.body([text])
    r.photo("图1 支部开展主题党日活动")
    r.photo("图2 党员先锋队走进社区开展志愿服务")
    r.p("五、取得成效", style="Heading 1")
    r.p("（一）支部组织力显著增强", style="Heading 2")
    r.body(OUTCOMES_R[:1])
    r.p("（二）品牌影响力持续扩大", style="Heading 2")
    r.body(OUTCOMES_R[1:])
    r.photo("图3 支部获评校级先进基层党组织")
    r.closing("信息学院计算机系学生第一党支部", "2024年1月20日")
    return r.report("计算机系学生第一党支部成果报告.docx", "“青春引擎”党建品牌", "信息学院计算机系学生第一党支部", ALL5)


@case
def build_report_list_number_headings() -> Case:
    """Part headings numbered automatically by Word ('List Number' style): '1.' is not in the text."""
    r = Writer()
    r.p("“红烛先锋”党建品牌创建成果报告", bold=True, align=CENTER)
    for name, texts in (("品牌名称", ["“红烛先锋”"]), ("创建背景", BACKGROUND), ("品牌内涵", CONNOTATION)):
        r.p(name, style="List Number", bold=True)
        r.body(texts)
    r.p("主要举措", style="List Number", bold=True)
    r.body([t for _, t in MEASURES_R])
    r.photo("图一 教师党员集中学习")
    r.photo("图二 “红烛讲堂”开讲")
    r.photo("图三：党员示范岗挂牌")
    r.p("取得成效", style="List Number", bold=True)
    r.body(OUTCOMES_R)
    r.closing("中共北方工业大学信息学院教工第二党支部", "2024年1月18日")
    return r.report("教工第二党支部.docx", "“红烛先锋”", "中共北方工业大学信息学院教工第二党支部", ALL5)


@case
def build_report_chinese_auto_numbering() -> Case:
    """Headings numbered '一、' by Word numbering (chineseCounting, not in the text), other wordings
    (品牌创建背景, 品牌释义, 推进措施, 工作成效), a '（一）…' subheading and a sentence about 成效 inside 推进措施."""
    r = Writer()
    num = chinese_numbering(r.doc)
    r.p("材料学院教工第一党支部“红色科研”品牌创建成果报告", bold=True, align=CENTER)
    for name, texts in (("品牌名称", ["“红色科研”"]), ("品牌创建背景", BACKGROUND), ("品牌释义", CONNOTATION)):
        set_num(r.p(name, bold=True), num)
        r.body(texts)
    set_num(r.p("推进措施", bold=True), num)
    r.p("（一）强化政治引领", bold=True)
    r.body([MEASURES_R[0][1]])
    r.p("（二）党建科研双融合", bold=True)
    r.body([MEASURES_R[1][1]])
    r.p("通过一年的努力，品牌创建取得初步成效。")
    r.photo("图1 支部党员科研攻关")
    r.photo("图2 “实验室里的党课”")
    r.photo("图3 党员教师指导学生实验")
    set_num(r.p("工作成效", bold=True), num)
    r.body(OUTCOMES_R)
    r.closing("材料学院教工第一党支部", "2024年1月21日")
    return r.report("材料学院.docx", "“红色科研”", "材料学院教工第一党支部", ALL5)


@case
def build_report_inline_brand_colon_headings() -> Case:
    """'一、品牌名称：“红烛领航”' holds the name; headings end with '：'; two pictures side by side in one
    paragraph followed by '图1 … 图2 …'; branch only in the title."""
    r = Writer()
    r.p("机关第三党支部党建品牌创建成果报告", bold=True, align=CENTER)
    r.p("一、品牌名称：“红烛领航”", bold=True)
    r.p("二、创建背景：", bold=True)
    r.body(BACKGROUND)
    r.p("三、品牌内涵：", bold=True)
    r.body(CONNOTATION)
    r.p("四、主要做法：", bold=True)
    r.body([t for _, t in MEASURES_R])
    pair = r.p(align=CENTER)
    r.pic(pair.add_run(), 7.0, 5.0)
    pair.add_run("  ")
    r.pic(pair.add_run(), 7.0, 5.0)
    side = "图1 机关党员走访服务对象 图2 “红烛领航”志愿服务"
    r.p(side, align=CENTER, counted=False)
    r.expected += [side, side]
    r.p("五、取得的成效：", bold=True)
    r.body(OUTCOMES_R)
    r.photo("图3 支部书记讲党课")
    return r.report("机关三支部.docx", "“红烛领航”", "机关第三党支部", ALL5)


@case
def build_report_bold_split_runs() -> Case:
    """Part headings are bold Normal paragraphs whose text is split over runs ('（一）'+'品牌'+'名称'); bold
    subheadings '1.强化政治引领' inside the measures; the name on the next paragraph."""
    r = Writer()
    r.p("机械工程学院教工党支部“匠心筑梦”党建品牌创建成果报告", bold=True, align=CENTER)
    for pieces, texts in ((["（一）", "品牌", "名称"], ["“匠心筑梦”党建品牌"]),
                          (["（二）", "创建", "背景"], BACKGROUND),
                          (["（三）", "品牌", "内涵"], CONNOTATION)):
        r.p(bold=True, runs=pieces)
        r.body(texts)
    r.p(bold=True, runs=["（四）", "主要", "举措"])
    for i, (head, text) in enumerate(MEASURES_R, start=1):
        r.p(f"{i}.{head[3:]}", bold=True)
        r.body([text])
    r.photo("图1 教师党员“匠心课堂”")
    r.photo("图2 党员教师指导学生竞赛")
    r.photo("图3 支部与企业党支部共建")
    r.p(bold=True, runs=["（五）", "取得", "成效"])
    r.body(OUTCOMES_R)
    r.closing("机械工程学院教工党支部", "2024年1月22日")
    return r.report("机械学院教工支部成果.docx", "“匠心筑梦”党建品牌", "机械工程学院教工党支部", ALL5)


@case
def build_report_title_only_closing_branch() -> Case:
    """Title only '成果报告'; the name in quotes on the line after '一、品牌名称'; the branch only in the closing
    lines; '照片1 …' captions."""
    r = Writer()
    r.p("成果报告", bold=True, align=CENTER)
    r.p("一、品牌名称", bold=True)
    r.p("“星火燎原”")
    r.p("二、创建背景", bold=True)
    r.body(BACKGROUND)
    r.p("三、品牌内涵", bold=True)
    r.body(CONNOTATION)
    r.p("四、主要举措", bold=True)
    r.body([t for _, t in MEASURES_R])
    r.photo("照片1 支部党员重温入党誓词")
    r.photo("照片2 党员教师为学生答疑")
    r.photo("照片3 支部开展红色观影活动")
    r.p("五、取得成效", bold=True)
    r.body(OUTCOMES_R)
    r.p("")
    r.closing("中共北方工业大学信息学院计算机系教工党支部", "2024年1月20日")
    return r.report("附件.docx", "“星火燎原”", "中共北方工业大学信息学院计算机系教工党支部", ALL5)


@case
def build_report_part_numbering_cn_style_ids() -> Case:
    """'第一部分 品牌名称' … '第五部分 创建成效' in heading styles whose ids are Chinese Word's '1'/'2';
    wordings 创建缘起 / 品牌理念 / 具体做法 / 创建成效; four '照片1：' photos."""
    r = Writer()
    rename_style_id(r.doc, "Heading 1", "1")
    rename_style_id(r.doc, "Heading 2", "2")
    r.p("经济管理学院会计系学生党支部“薪火相传”品牌创建成果报告", bold=True, align=CENTER)
    r.p("第一部分 品牌名称", style="Heading 1")
    r.body(["“薪火相传”"])
    r.p("第二部分 创建缘起", style="Heading 1")
    r.body(BACKGROUND)
    r.p("第三部分 品牌理念", style="Heading 1")
    r.body(CONNOTATION)
    r.p("第四部分 具体做法", style="Heading 1")
    for head, text in zip(("一、建强组织体系", "二、搭建实践平台", "三、完善长效机制"), MEASURES_R, strict=True):
        r.p(head, style="Heading 2")
        r.body([text[1]])
    r.photo("照片1：学生党员开展“薪火”宣讲")
    r.photo("照片2：支部与社区党组织共建")
    r.p("第五部分 创建成效", style="Heading 1")
    r.p("一、党员先锋作用更加凸显", style="Heading 2")
    r.body(OUTCOMES_R[:1])
    r.p("二、品牌影响不断扩大", style="Heading 2")
    r.body(OUTCOMES_R[1:])
    r.photo("照片3：支部获表彰")
    r.photo("照片4：“薪火相传”品牌发布会")
    r.closing("经济管理学院会计系学生党支部", "2024年1月19日")
    return r.report("会计系.docx", "“薪火相传”", "经济管理学院会计系学生党支部", ALL5)


@case
def build_report_out_of_order() -> Case:
    """品牌内涵 written before 创建背景: sections in the order found, report_structure fails."""
    r = Writer()
    r.p("图书馆党支部“书香润心”品牌创建成果报告", bold=True, align=CENTER)
    r.p("一、品牌名称", bold=True)
    r.body(["“书香润心”"])
    r.p("二、品牌内涵", bold=True)
    r.body(CONNOTATION)
    r.p("三、创建背景", bold=True)
    r.body(BACKGROUND)
    r.p("四、主要举措", bold=True)
    r.body([t for _, t in MEASURES_R])
    r.photo("图1 “书香润心”读书会")
    r.photo("图2 党员馆员导读")
    r.photo("图3 红色书架揭牌")
    r.p("五、取得成效", bold=True)
    r.body(OUTCOMES_R)
    r.closing("图书馆党支部", "2024年1月9日")
    return r.report("图书馆党支部.docx", "“书香润心”", "图书馆党支部",
                    ["brand_name", "connotation", "background", "measures", "outcomes"])


@case
def build_report_missing_part_subheading_trap() -> Case:
    """No 品牌内涵 part; inside 三、主要举措 a subheading '（二）丰富品牌内涵' is not the missing part."""
    r = Writer()
    r.p("后勤保障处党支部“后勤先锋岗”品牌创建成果报告", bold=True, align=CENTER)
    r.p("一、品牌名称", bold=True)
    r.body(["“后勤先锋岗”"])
    r.p("二、创建背景", bold=True)
    r.body(BACKGROUND)
    r.p("三、主要举措", bold=True)
    for head, (_, text) in zip(("（一）建强组织体系", "（二）丰富品牌内涵", "（三）拓展实践载体"), MEASURES_R,
                               strict=True):
        r.p(head, bold=True)
        r.body([text])
    r.photo("图1 后勤党员先锋岗挂牌")
    r.photo("图2 党员维修服务队")
    r.photo("图3 食堂党员示范岗")
    r.p("四、取得成效", bold=True)
    r.body(OUTCOMES_R)
    r.closing("后勤保障处党支部", "2024年1月8日")
    return r.report("后勤保障处党支部.docx", "“后勤先锋岗”", "后勤保障处党支部",
                    ["brand_name", "background", "measures", "outcomes"])


@case
def build_report_arabic_numbering_named_as_form() -> Case:
    """Typed '1. 品牌名称' headings with other wordings (品牌创建背景, 品牌内涵及释义, 主要做法), five photos with
    '图片3' among them, title '…工作总结报告', file named '申报表.docx'."""
    r = Writer()
    r.p("“墨香致远”党建品牌创建工作总结报告", bold=True, align=CENTER)
    r.p("1. 品牌名称", bold=True)
    r.body(["“墨香致远”"])
    r.p("2. 品牌创建背景", bold=True)
    r.body(BACKGROUND)
    r.p("3. 品牌内涵及释义", bold=True)
    r.body(CONNOTATION)
    r.p("4. 主要做法", bold=True)
    r.body([t for _, t in MEASURES_R])
    r.photo("图1 “墨香”读书分享会")
    r.photo("图2 教师党员书法进社区")
    r.photo("图片3 经典诵读比赛")
    r.photo("图4 支部党员集体备课")
    r.p("5. 取得成效", bold=True)
    r.body(OUTCOMES_R)
    r.photo("图5 支部获评优秀党建品牌")
    r.closing("文学院汉语言文学教工党支部", "2024年1月25日")
    return r.report("申报表.docx", "“墨香致远”", "文学院汉语言文学教工党支部", ALL5)


@case
def build_report_unnumbered_label_line() -> Case:
    """'品牌名称：“知行·筑梦”' as a label line, then unnumbered bold headings (创建背景 … 取得成效)."""
    r = Writer()
    r.p("“知行·筑梦”品牌创建成果报告", bold=True, align=CENTER)
    r.p(runs=["品牌名称：", "“知行·筑梦”"])
    r.p("创建背景", bold=True)
    r.body(BACKGROUND)
    r.p("品牌内涵", bold=True)
    r.body(CONNOTATION)
    r.p("主要举措", bold=True)
    r.body([t for _, t in MEASURES_R])
    r.photo("图1：英语角“讲好中国故事”")
    r.photo("图2：党员翻译志愿服务")
    r.photo("图3：支部理论学习")
    r.p("取得成效", bold=True)
    r.body(OUTCOMES_R)
    r.closing("外国语学院英语系学生党支部", "2024年1月16日")
    return r.report("英语系学生党支部.docx", "“知行·筑梦”", "外国语学院英语系学生党支部", ALL5)
