"""Unseen application forms that lean on Word itself: a 申报书 cover page, 'label：value' paragraphs without a
table, content controls, revisions left tracked.

Owns these cases' documents and truths (values as written; statuses from unseen.oracle).
"""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.shared import Cm
from docx_build import CENTER, NS, RIGHT, sdt_cell, tracked_change

from .build import Writer, merged
from .oracle import app_truth
from .registry import Case, case


@case
def build_app_shenbaoshu_cover_page() -> Case:
    """A 申报书 with a cover page (title, 项目名称, 申报单位, 项目主持人, 填报日期 lines with underlined values),
    then a table whose long parts have the label above the value; the opinion's signature is empty."""
    w = Writer()
    for _ in range(3):
        w.p()
    w.p("深圳大学第二批党建工作精品项目申报书", bold=True, size=22, align=CENTER)
    for _ in range(4):
        w.p()
    for label, value in (("项目名称：", "“薪火传承”党史宣讲"), ("申报单位：", "医学部第一党支部"),
                         ("项目主持人：", "刘洋"), ("填报日期：", "2022年6月20日")):
        line = w.p(runs=[label, value], size=16)
        line.paragraph_format.left_indent = Cm(3)
        line.runs[1].underline = True
    w.page_break()
    w.p("一、项目基本情况")
    tb = w.grid(10, 4)
    w.cell(tb.cell(0, 0), "项目名称")
    w.cell(merged(tb, 0, 1, 3), "“薪火传承”党史宣讲")
    for c, text in enumerate(["项目主持人", "刘洋", "联系方式", "13800138000"]):
        w.cell(tb.cell(1, c), text)
    summary = ["组织医学部师生党员组建党史宣讲团，走进社区、医院和中小学讲述医学先辈的红色故事。",
               "项目突出“医学+党史”特色，让红色基因在医学生中代代相传。"]
    measures = ["1.挖掘医学党史资源，编写宣讲讲稿10篇；", "2.每月开展1次进社区宣讲；", "3.制作宣讲短视频5部。"]
    expected = "完成宣讲20场，受众2000人次以上，形成宣讲案例集1本。"
    for r0, (label, value) in zip((2, 4, 6), (("项目简介（300字以内）", summary), ("主要做法", measures),
                                              ("预期成果", expected)), strict=True):
        w.cell(merged(tb, r0, 0, 3), label, bold=True)
        w.cell(merged(tb, r0 + 1, 0, 3), value)
    w.cell(tb.cell(8, 0), "所在党组织意见")
    w.cell(merged(tb, 8, 1, 3), ["同意推荐。", "", "负责人（签字）：", "（盖章）", "年  月  日"])
    w.cell(merged(tb, 9, 0, 3), "注：本表一式两份。")
    return w.bytes(), app_truth(
        "附件2：深圳大学党建工作精品项目申请书.docx",
        branch_name="医学部第一党支部", brand_name="“薪火传承”党史宣讲", leader="刘洋",
        summary="\n".join(summary), measures="\n".join(measures), expected_outcomes=expected,
        branch_opinion="同意推荐。", signed=False, date="2022-06-20")


@case
def build_app_paragraphs_no_table() -> Case:
    """No table at all: 'label：value' paragraphs (full-width and half-width colons)."""
    w = Writer()
    w.p("“一支部一特色”品牌创建申报表", bold=True, align=CENTER)
    lines = [
        ("党支部名称：", "机关第二党支部"),
        ("品牌名称: ", "“服务先锋岗”"),
        ("品牌实施负责人：", "赵磊"),
        ("品牌简介：", "以窗口岗位为阵地，党员亮身份、树标杆，让师生办事少跑腿。"),
        ("创建措施及步骤：", "设立党员先锋岗5个，实行挂牌上岗、星级评定和季度讲评。"),
        ("预期成效及验收指标：", "办事一次办结率达到95%。"),
        ("支部意见：", "同意申报。"),
        ("支部书记签字：", "赵磊"),
        ("日期：", "2023年4月12日"),
    ]
    for label, value in lines:
        w.p(runs=[label, value]).runs[0].bold = True
    return w.bytes(), app_truth(
        "机关第二党支部.docx",
        branch_name="机关第二党支部", brand_name="“服务先锋岗”", leader="赵磊",
        summary="以窗口岗位为阵地，党员亮身份、树标杆，让师生办事少跑腿。",
        measures="设立党员先锋岗5个，实行挂牌上岗、星级评定和季度讲评。", expected_outcomes="办事一次办结率达到95%。",
        branch_opinion="同意申报。", signed=True, date="2023-04-12")


@case
def build_app_content_controls() -> Case:
    """A template form filled in through content controls: block sdt in the value cells, a run-level sdt for
    the signature name, a date-picker sdt for the date."""
    w = Writer()
    w.p("信息学院“一支部一品牌”创建申报表", bold=True, align=CENTER)
    tb = w.grid(8, 2)
    summary = ["“数智红心”寓意以数字化手段守护初心。", "支部依托数据科学专业优势，开展党建数字化实践。"]
    measures = ["建设支部党建数据看板；", "开展“数智”党课6次。"]
    rows = [("党支部名称", ["信息学院数据科学系教工党支部"]), ("品牌名称", ["“数智红心”"]),
            ("品牌实施负责人", ["韩冰"]), ("品牌简介", summary), ("创建措施及步骤", measures),
            ("预期成效及验收指标", ["党员参与率100%，形成数字化党建案例1个。"])]
    for i, (label, value) in enumerate(rows):
        w.cell(tb.cell(i, 0), label)
        sdt_cell(tb.cell(i, 1), value, label)
    w.rows(tb, [("支部意见", "同意申报。")], start=6)
    sig = merged(tb, 7, 0, 1)
    w.cell(sig, ["支部书记签字："])
    sig.paragraphs[0]._p.append(parse_xml(
        f'<w:sdt {NS}><w:sdtPr><w:alias w:val="签字"/></w:sdtPr><w:sdtContent><w:r><w:t>韩冰</w:t></w:r>'
        "</w:sdtContent></w:sdt>"))
    date_p = w.p(container=sig, align=RIGHT)
    date_p._p.append(parse_xml(
        f'<w:sdt {NS}><w:sdtPr><w:alias w:val="日期"/><w:date w:fullDate="2023-04-12T00:00:00Z">'
        "<w:dateFormat w:val=\"yyyy'年'M'月'd'日'\"/><w:lid w:val=\"zh-CN\"/><w:calendar w:val=\"gregorian\"/>"
        "</w:date></w:sdtPr><w:sdtContent><w:r><w:t>2023年4月12日</w:t></w:r></w:sdtContent></w:sdt>"))
    return w.bytes(), app_truth(
        "数据科学系教工党支部.docx",
        branch_name="信息学院数据科学系教工党支部", brand_name="“数智红心”", leader="韩冰", summary="\n".join(summary),
        measures="\n".join(measures), expected_outcomes="党员参与率100%，形成数字化党建案例1个。",
        branch_opinion="同意申报。", signed=True, date="2023-04-12")


@case
def build_app_tracked_changes_left_in() -> Case:
    """Submitted with revisions still tracked: values are what the document says once the changes are
    accepted (inserted text in, deleted text out)."""
    w = Writer()
    w.p("“一支部一特色”品牌创建申报表", bold=True, align=CENTER)
    tb = w.grid(9, 2)
    labels = ["党支部名称", "品牌名称", "品牌实施负责人", "品牌简介", "创建措施及步骤", "预期成效及验收指标", "支部意见",
              "支部书记签字", "填表日期"]
    for i, label in enumerate(labels):
        w.cell(tb.cell(i, 0), label)
    w.cell(tb.cell(0, 1), "材料学院高分子系学生党支部")
    tracked_change(tb.cell(1, 1).paragraphs[0], "“青春动力”", "“青春引擎”")
    tracked_change(tb.cell(2, 1).paragraphs[0], "王五", "赵六")
    tracked_change(tb.cell(3, 1).paragraphs[0], "和学风建设", "、学风建设和科研创新", keep="党员带头参与实验室安全")
    w.cell(tb.cell(4, 1), "每月开展1次实验室安全党员示范行动。")
    w.cell(tb.cell(5, 1), "实验室安全事故为零。")
    w.cell(tb.cell(6, 1), "同意申报。")
    w.cell(tb.cell(7, 1), "赵六")
    tracked_change(tb.cell(8, 1).paragraphs[0], "2023年4月10日", "2023年4月12日")
    return w.bytes(), app_truth(
        "高分子系学生党支部（修订）.docx",
        branch_name="材料学院高分子系学生党支部", brand_name="“青春引擎”", leader="赵六",
        summary="党员带头参与实验室安全、学风建设和科研创新", measures="每月开展1次实验室安全党员示范行动。",
        expected_outcomes="实验室安全事故为零。", branch_opinion="同意申报。", signed=True, date="2023-04-12")
