"""Unseen application forms laid out beyond label | value rows: shared rows, labels above values, merged and
nested cells, a form split over two tables, a header row of labels.

Owns these cases' documents and truths (values as written; statuses from unseen.oracle).
"""

from __future__ import annotations

from docx_build import CENTER, RIGHT

from .build import Writer, merged
from .oracle import app_truth
from .registry import Case, case


@case
def build_app_shared_rows_phone_title() -> Case:
    """品牌名称 shares its row with 联系电话, 负责人 with 职务, 成立时间 with 党员人数; the 党总支 opinion, signature,
    '（盖章）' and '2023/4/12' are paragraphs of one merged cell."""
    w = Writer()
    w.p("马克思主义学院“一支部一特色”品牌申报表", bold=True, align=CENTER)
    tb = w.grid(8, 4)
    w.cell(tb.cell(0, 0), "党支部名称")
    w.cell(merged(tb, 0, 1, 3), "马克思主义学院教工党支部")
    for r, cells in ((1, ["品牌名称", "“理·论”先锋", "联系电话", "010-88802345"]),
                     (2, ["负责人", "王芳", "职务", "党支部书记"]),
                     (3, ["成立时间", "2015年9月", "党员人数", "18"])):
        for c, text in enumerate(cells):
            w.cell(tb.cell(r, c), text)
    summary = "“理”指理论武装，“论”指宣讲论述，教师党员把党的创新理论讲进课堂、讲到身边。"
    measures = ["组建“理·论”宣讲团，每月开展1次理论宣讲；", "开设“思政微课堂”，全年录制微课12节。"]
    expected = "宣讲覆盖师生3000人次，形成精品微课5节。"
    for r, (label, value) in enumerate((("品牌简介", summary), ("主要做法", measures), ("预期成效", expected)),
                                       start=4):
        w.cell(tb.cell(r, 0), label)
        w.cell(merged(tb, r, 1, 3), value)
    w.cell(merged(tb, 7, 0, 3), ["党总支意见：", "同意推荐。", "党总支书记签字：赵强", "（盖章）", "2023/4/12"])
    return w.bytes(), app_truth(
        "马院教工支部.docx",
        branch_name="马克思主义学院教工党支部", brand_name="“理·论”先锋", leader="王芳", summary=summary,
        measures="\n".join(measures), expected_outcomes=expected, branch_opinion="同意推荐。", signed=True,
        date="2023-04-12")


@case
def build_app_nested_opinion_table() -> Case:
    """The opinion cell holds a nested table: opinion / signature / '2023.4.12'."""
    w = Writer()
    w.p("“一支部一特色”党建品牌创建申报表", bold=True, align=CENTER)
    tb = w.grid(7, 2)
    w.rows(tb, [("党支部名称", "计算机学院软件工程系学生党支部"), ("品牌名称", "“e路·同行”"),
                ("品牌实施负责人", "周 杰"),
                ("品牌简介", "以网络思政为主阵地，党员骨干线上线下同行，陪伴新生适应大学生活。"),
                ("创建措施及步骤", ["建立“e路”朋辈帮扶群；", "每两周推送一期学习分享；", "期末开展帮扶成效评估。"]),
                ("预期成效及验收指标", "新生挂科率下降10%，帮扶对象满意度90%以上。")])
    w.cell(tb.cell(6, 0), "支部意见")
    outer = tb.cell(6, 1)
    inner = outer.add_table(3, 1)
    lead = outer.paragraphs[0]._p
    lead.getparent().remove(lead)  # the cell starts with the nested table, as Word allows
    w.cell(inner.cell(0, 0), "经支部委员会研究，同意申报。")
    w.cell(inner.cell(1, 0), "支部书记签字：陈刚")
    w.cell(inner.cell(2, 0), "2023.4.12", align=RIGHT)
    return w.bytes(), app_truth(
        "软件工程系学生党支部申报表.docx",
        branch_name="计算机学院软件工程系学生党支部", brand_name="“e路·同行”", leader="周 杰",
        summary="以网络思政为主阵地，党员骨干线上线下同行，陪伴新生适应大学生活。",
        measures="建立“e路”朋辈帮扶群；\n每两周推送一期学习分享；\n期末开展帮扶成效评估。",
        expected_outcomes="新生挂科率下降10%，帮扶对象满意度90%以上。",
        branch_opinion="经支部委员会研究，同意申报。", signed=True, date="2023-04-12")


@case
def build_app_label_above_value() -> Case:
    """Short fields left of their value; long ones as a merged label row (with a note in brackets) above a
    merged value row; the opinion value row also carries '签字：孙丽' and the date."""
    w = Writer()
    w.p("化学学院“一支部一特色”创建申报表", bold=True, align=CENTER)
    tb = w.grid(11, 4)
    w.cell(tb.cell(0, 0), "党支部名称")
    w.cell(merged(tb, 0, 1, 3), "化学学院分析化学教工党支部")
    for c, text in enumerate(["品牌名称", "“分子”先锋", "品牌实施负责人", "孙丽"]):
        w.cell(tb.cell(1, c), text)
    summary = "党员如分子，凝聚成合力。支部以“分子”为喻，推动教师党员在科研攻关中结成紧密团队。"
    measures = ["（一）组建3个党员科研攻关小组；", "（二）开展“实验室里的党课”；", "（三）推行“一带一”青年教师培养。"]
    expected = "申报省部级科研项目2项，青年教师指导覆盖率100%。"
    for r0, (label, value) in zip((2, 4, 6), (("品牌简介（不超过300字）", summary),
                                              ("创建措施及步骤（可另附页）", measures),
                                              ("预期成效及验收指标", expected)), strict=True):
        w.cell(merged(tb, r0, 0, 3), label, bold=True)
        w.cell(merged(tb, r0 + 1, 0, 3), value)
    w.cell(merged(tb, 8, 0, 3), "支部意见", bold=True)
    w.cell(merged(tb, 9, 0, 3), ["同意。", "签字：孙丽", "2023年4月12日"])
    w.cell(merged(tb, 10, 0, 3), "")
    return w.bytes(), app_truth(
        "化学学院分析化学教工党支部.docx",
        branch_name="化学学院分析化学教工党支部", brand_name="“分子”先锋", leader="孙丽", summary=summary,
        measures="\n".join(measures), expected_outcomes=expected, branch_opinion="同意。", signed=True,
        date="2023-04-12")


@case
def build_app_established_date_trap() -> Case:
    """成立时间 with a full date before the real one, dates inside the measures, the form date as 申报日期."""
    w = Writer()
    w.p("基层党建特色品牌创建申报表", bold=True, align=CENTER)
    measures = ["2023年5月4日开展“青春向党”主题团日；", "2023年7月1日举行新党员入党宣誓仪式；",
                "2023年12月20日前完成总结。"]
    tb = w.grid(9, 4)
    for c, text in enumerate(["党支部名称", "油气工程学院学生党支部", "成立时间", "2016年9月1日"]):
        w.cell(tb.cell(0, c), text)
    for c, text in enumerate(["品牌名称", "“油”你同行", "负责人", "马骏"]):
        w.cell(tb.cell(1, c), text)
    rows = [("品牌简介", "支部党员“油”你同行，结对帮扶学业困难学生。"), ("创建措施及步骤", measures),
            ("预期成效及验收指标", "结对帮扶30人，帮扶对象学业合格率100%。"), ("支部意见", "同意申报。"),
            ("支部书记签字", "马骏"), ("申报日期", "2023年4月20日")]
    for r, (label, value) in enumerate(rows, start=2):
        w.cell(tb.cell(r, 0), label)
        w.cell(merged(tb, r, 1, 3), value)
    w.cell(merged(tb, 8, 0, 3), "")
    return w.bytes(), app_truth(
        "油气工程学院学生党支部.docx",
        branch_name="油气工程学院学生党支部", brand_name="“油”你同行", leader="马骏",
        summary="支部党员“油”你同行，结对帮扶学业困难学生。", measures="\n".join(measures),
        expected_outcomes="结对帮扶30人，帮扶对象学业合格率100%。", branch_opinion="同意申报。", signed=True,
        date="2023-04-20")


@case
def build_app_blank_date_unsigned() -> Case:
    """The seed template handed in with an empty signature and a blank '年 月 日'."""
    w = Writer()
    w.p("信息学院“一支部一品牌”创建申报表", bold=True, align=CENTER)
    tb = w.grid(8, 4)
    w.cell(tb.cell(0, 0), "党支部名称")
    w.cell(merged(tb, 0, 1, 3), "信息学院自动化系学生党支部")
    for c, text in enumerate(["品牌名称", "“智控先锋”", "品牌实施负责人", "黄蕾"]):
        w.cell(tb.cell(1, c), text)
    summary = "以自动化专业为依托，党员带头攻关智能控制竞赛项目。"
    rows = [("品牌简介", summary), ("创建措施及步骤", "组建竞赛先锋队，党员担任队长。"),
            ("预期成效 及验收指标", "省级以上竞赛获奖3项。")]
    for r, (label, value) in enumerate(rows, start=2):
        w.cell(tb.cell(r, 0), label)
        w.cell(merged(tb, r, 1, 3), value)
    w.cell(merged(tb, 5, 0, 3), "支部意见：同意。")
    w.cell(merged(tb, 6, 0, 3), "支部书记签字：")
    w.cell(merged(tb, 7, 0, 3), "年  月  日", align=RIGHT)
    return w.bytes(), app_truth(
        "自动化系.docx",
        branch_name="信息学院自动化系学生党支部", brand_name="“智控先锋”", leader="黄蕾", summary=summary,
        measures="组建竞赛先锋队，党员担任队长。", expected_outcomes="省级以上竞赛获奖3项。", branch_opinion="同意。",
        signed=False, date=None)


@case
def build_app_vmerged_measures_label() -> Case:
    """'创建措施及步骤' label merged down three rows, one value row per stage; summary of two paragraphs; the
    opinion, signature and '2023-04-12' in one cell right of '支部意见'."""
    w = Writer()
    w.p("“一支部一特色”品牌创建申报表", bold=True, align=CENTER)
    tb = w.grid(9, 2)
    summary = ["“桥”连师生，“梁”担重任。", "支部以“桥梁”为名，党员教师做学生成长的引路人。"]
    stages = ["第一阶段（2023年4月）：制定方案，明确分工。", "第二阶段（2023年5月—11月）：开展“桥梁讲堂”8期。",
              "第三阶段（2023年12月）：总结提炼，形成案例。"]
    w.rows(tb, [("党支部名称", "土木工程学院桥梁系教工党支部"), ("品牌名称", "“桥梁”工程"), ("品牌实施负责人", "许文博"),
                ("品牌简介", summary)])
    w.cell(tb.cell(4, 0).merge(tb.cell(6, 0)), "创建措施及步骤")
    for i, stage in enumerate(stages):
        w.cell(tb.cell(4 + i, 1), stage)
    w.rows(tb, [("预期成效及验收指标", "学生参与率90%，形成育人案例1篇。"),
                ("支部意见", ["同意申报。", "支部书记签字：许文博", "2023-04-12"])], start=7)
    return w.bytes(), app_truth(
        "桥梁系.docx",
        branch_name="土木工程学院桥梁系教工党支部", brand_name="“桥梁”工程", leader="许文博",
        summary="\n".join(summary), measures="\n".join(stages), expected_outcomes="学生参与率90%，形成育人案例1篇。",
        branch_opinion="同意申报。", signed=True, date="2023-04-12")


@case
def build_app_split_tables_with_logo() -> Case:
    """The form broken into two tables by a page break (Word users split long forms), a '品牌标识' row holding a
    logo picture, the opinion block in the second table."""
    w = Writer()
    w.p("“一支部一特色”党建品牌创建申报表", bold=True, align=CENTER)
    summary = "“光谷星火”取意光电专业与星火燎原精神，教师党员带领学生投身光电科技攻关。"
    measures = ["1.建立“导师+党员+学生”科研团队4个；", "2.开展“光电党课”6次；", "3.参加“挑战杯”等竞赛。"]
    t1 = w.grid(5, 2)
    w.rows(t1, [("党支部名称", "光电学院光学工程系教工党支部"), ("品牌名称", "“光谷星火”"), ("品牌实施负责人", "廖明辉"),
                ("品牌简介", summary)])
    w.cell(t1.cell(4, 0), "品牌标识")
    w.pic(t1.cell(4, 1).paragraphs[0].add_run(), 3.5, 3.5)
    w.page_break()
    t2 = w.grid(3, 2)
    w.rows(t2, [("创建措施及步骤", measures), ("预期成效及验收指标", "竞赛获省级以上奖励2项，发表教学研究论文1篇。"),
                ("支部意见", ["同意申报。", "支部书记签字：廖明辉", "2023年4月12日"])])
    return w.bytes(), app_truth(
        "光学工程系.docx",
        branch_name="光电学院光学工程系教工党支部", brand_name="“光谷星火”", leader="廖明辉", summary=summary,
        measures="\n".join(measures), expected_outcomes="竞赛获省级以上奖励2项，发表教学研究论文1篇。",
        branch_opinion="同意申报。", signed=True, date="2023-04-12")


@case
def build_app_header_row_labels() -> Case:
    """The short fields as a header row of labels over a row of values (label above its value, three at a
    time), the long fields left-labelled below."""
    w = Writer()
    w.p("党支部特色品牌申报表", bold=True, align=CENTER)
    tb = w.grid(8, 3)
    for c, text in enumerate(["党支部名称", "品牌名称", "品牌实施负责人"]):
        w.cell(tb.cell(0, c), text, bold=True, align=CENTER)
    for c, text in enumerate(["护理学院学生党支部", "“白衣天使”先锋队", "郑雅文"]):
        w.cell(tb.cell(1, c), text, align=CENTER)
    summary = "学生党员以南丁格尔精神为引领，开展社区健康服务。"
    rows = [("品牌简介", summary), ("创建措施及步骤", "每月开展1次社区义诊，建立老人健康档案。"),
            ("预期成效及验收指标", "服务社区居民600人次。"), ("支部意见", "同意申报。"), ("支部书记签字", "郑雅文"),
            ("日期", "2023年4月12日")]
    for r, (label, value) in enumerate(rows, start=2):
        w.cell(tb.cell(r, 0), label)
        w.cell(merged(tb, r, 1, 2), value)
    return w.bytes(), app_truth(
        "护理学院学生党支部.docx",
        branch_name="护理学院学生党支部", brand_name="“白衣天使”先锋队", leader="郑雅文", summary=summary,
        measures="每月开展1次社区义诊，建立老人健康档案。", expected_outcomes="服务社区居民600人次。",
        branch_opinion="同意申报。", signed=True, date="2023-04-12")
