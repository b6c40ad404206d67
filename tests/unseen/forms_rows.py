"""Unseen application forms whose table is label | value rows: templates, synonyms, dates and signature lines
written the ways real submitters write them.

Owns these cases' documents and truths (values as written; statuses from unseen.oracle).
"""

from __future__ import annotations

from docx_build import CENTER, RIGHT

from .build import Writer, merged
from .oracle import app_truth
from .registry import Case, case
from .texts import EXPECTED, MEASURES, SUMMARY


@case
def build_app_seed_template_4col() -> Case:
    """The 信息学院 template itself (seed 004): 4 columns, opinion, signature and date as three merged rows."""
    w = Writer()
    w.p("附件：")
    w.p("信息学院“一支部一品牌”创建申报表", bold=True, align=CENTER)
    tb = w.grid(8, 4)
    w.cell(tb.cell(0, 0), "党支部名称")
    w.cell(merged(tb, 0, 1, 3), "信息学院计算机系学生第一党支部")
    w.cell(tb.cell(1, 0), "品牌名称")
    w.cell(tb.cell(1, 1), "“青春引擎”")
    w.cell(tb.cell(1, 2), "品牌实施负责人")
    w.cell(tb.cell(1, 3), "李明")
    w.cell(tb.cell(2, 0), "品牌简介")
    w.cell(merged(tb, 2, 1, 3), SUMMARY)
    w.cell(tb.cell(3, 0), "创建措施及步骤")
    w.cell(merged(tb, 3, 1, 3), MEASURES)
    w.cell(tb.cell(4, 0), "预期成效 及验收指标")
    w.cell(merged(tb, 4, 1, 3), EXPECTED)
    w.cell(merged(tb, 5, 0, 3), "支部意见：经支部委员会研究，同意申报。")
    w.cell(merged(tb, 6, 0, 3), "支部书记签字：王伟")
    w.cell(merged(tb, 7, 0, 3), "2023年4月12日", align=RIGHT)
    return w.bytes(), app_truth(
        "附件：信息学院一支部一品牌创建申报表（计算机系学生第一党支部）.docx",
        branch_name="信息学院计算机系学生第一党支部", brand_name="“青春引擎”", leader="李明", summary=SUMMARY,
        measures="\n".join(MEASURES), expected_outcomes="\n".join(EXPECTED),
        branch_opinion="经支部委员会研究，同意申报。", signed=True, date="2023-04-12")


@case
def build_app_wps_title_row_fill_line() -> Case:
    """WPS style: '填报单位（盖章）：…  填报日期：…' above the table, title row merged across it, labels broken
    over lines (w:br and two paragraphs), unsigned underscores, blank opinion date (the form date is 填报日期)."""
    w = Writer()
    w.p("填报单位（盖章）：中共北方工业大学信息学院委员会        填报日期：2024年3月8日")
    tb = w.grid(8, 2)
    w.cell(merged(tb, 0, 0, 1), "信息学院“一支部一品牌”创建申报表", bold=True, align=CENTER)
    summary = "以“芯”为媒、以“火”为魂，党员骨干带领低年级同学开展芯片设计竞赛和科普宣讲，传承红色基因。"
    measures = ["第一步：组建“芯火”党员先锋队，制定年度计划。", "第二步：每学期开展2次专业科普进社区活动。",
                "第三步：年底总结经验，形成工作案例。"]
    expected = "党员参与竞赛获奖人数同比增加20%，形成可推广的工作案例1篇。"
    w.rows(tb, [("党支部\n名称", "信息学院电子系学生党支部"), ("品牌\n名称", "“芯火相传”"), ("品牌实施\n负责人", "陈晓"),
                ("品牌\n简介", summary), ("创建措施\n及步骤", measures), (["预期成效", "及验收指标"], expected),
                ("支部\n意见", ["同意申报。", "", "支部书记签字：________", "年    月    日"])], start=1)
    return w.bytes(), app_truth(
        "申报表-电子系.docx",
        branch_name="信息学院电子系学生党支部", brand_name="“芯火相传”", leader="陈晓", summary=summary,
        measures="\n".join(measures), expected_outcomes=expected, branch_opinion="同意申报。", signed=False,
        date="2024-03-08")


@case
def build_app_fullwidth_colons_leading_spaces() -> Case:
    """Labels with full-width colons and trailing spaces, values with leading spaces, signature label in its
    own cell with the name in the next one, '2023 年 4 月 12 日' with spaces."""
    w = Writer()
    w.p("党建特色品牌创建申报表", bold=True, align=CENTER)
    tb = w.grid(9, 2)
    w.rows(tb, [
        ("党支部名称：", "  机关党委组织人事党支部"),
        ("品牌名称：  ", "  “红烛先锋”党建品牌"),
        ("品牌实施负责人：", " 张 华"),
        ("品牌简介：", "坚持“燃烧自己、照亮他人”的红烛精神，打造服务师生的“零距离”窗口。"),
        ("创建措施及步骤：", "建立“首问负责+限时办结”制度；设立党员示范岗3个；每季度开展服务满意度测评。"),
        ("预期成效及验收指标：", "师生满意度达到95%以上。"),
        ("支部意见：", "同意。"),
        ("支部书记签字：", "刘洋"),
        ("日期：", "2023 年 4 月 12 日"),
    ])
    return w.bytes(), app_truth(
        "红烛先锋申报.docx",
        branch_name="机关党委组织人事党支部", brand_name="“红烛先锋”党建品牌", leader="张 华",
        summary="坚持“燃烧自己、照亮他人”的红烛精神，打造服务师生的“零距离”窗口。",
        measures="建立“首问负责+限时办结”制度；设立党员示范岗3个；每季度开展服务满意度测评。",
        expected_outcomes="师生满意度达到95%以上。", branch_opinion="同意。", signed=True, date="2023-04-12")


@case
def build_app_organ_synonyms_cn_date() -> Case:
    """机关 form: 党组织名称 / 项目名称 / 项目主持人 / 项目简介 / 推进措施 / 预期成果 / 机关党委意见; no signature line
    at all; '（盖章）' then '二〇二四年三月五日' inside the opinion cell."""
    w = Writer()
    w.p("市直机关党建品牌申报表", bold=True, align=CENTER)
    tb = w.grid(7, 2)
    summary = "围绕“办事不求人”目标，党员干部下沉服务窗口，推行“一次告知、一窗受理、一网通办”。"
    measures = ["一是设立党员先锋窗口；", "二是推行“帮办代办”服务；", "三是建立群众评议机制。"]
    w.rows(tb, [("党组织名称", "根河市政务服务局机关党支部"), ("项目名称", "“暖心政务”服务品牌"),
                ("项目主持人", "孟庆林"), ("项目简介", summary), ("推进措施", measures),
                ("预期成果", "群众办事满意度达到98%，打造全市政务服务示范窗口。"),
                ("机关党委意见", ["同意申报。", "（盖章）", "二〇二四年三月五日"])])
    return w.bytes(), app_truth(
        "政务服务局.docx",
        branch_name="根河市政务服务局机关党支部", brand_name="“暖心政务”服务品牌", leader="孟庆林",
        summary=summary, measures="\n".join(measures),
        expected_outcomes="群众办事满意度达到98%，打造全市政务服务示范窗口。", branch_opinion="同意申报。",
        signed=None, date="2024-03-05")


@case
def build_app_xuhao_column() -> Case:
    """A three-column form 序号 | 项目 | 内容 (labels in the middle column, values right of them)."""
    w = Writer()
    w.p("2023年度党支部特色品牌申报表", bold=True, align=CENTER)
    rows = [("党支部名称", "外国语学院日语系教工党支部"), ("品牌名称", "“樱红桥”"), ("负责人", "周敏"),
            ("品牌内涵", "“樱”喻中日文化交流，“红”为底色，“桥”是教师党员连接课堂与社会的纽带。"),
            ("主要做法", ["开设“红色经典双语读”活动；", "组织党员教师指导学生翻译红色文献。"]),
            ("预期成效", "完成红色文献翻译3万字，学生参与率80%。"),
            ("支部意见", "同意申报。"), ("支部书记签名", "周敏"), ("填表日期", "2023-04-12")]
    tb = w.grid(len(rows) + 1, 3)
    for c, text in enumerate(["序号", "项目", "内容"]):
        w.cell(tb.cell(0, c), text, bold=True, align=CENTER)
    for i, (label, value) in enumerate(rows, start=1):
        w.cell(tb.cell(i, 0), str(i), align=CENTER)
        w.cell(tb.cell(i, 1), label)
        w.cell(tb.cell(i, 2), value)
    return w.bytes(), app_truth(
        "日语系教工支部品牌申报.docx",
        branch_name="外国语学院日语系教工党支部", brand_name="“樱红桥”", leader="周敏",
        summary="“樱”喻中日文化交流，“红”为底色，“桥”是教师党员连接课堂与社会的纽带。",
        measures="开设“红色经典双语读”活动；\n组织党员教师指导学生翻译红色文献。",
        expected_outcomes="完成红色文献翻译3万字，学生参与率80%。", branch_opinion="同意申报。", signed=True,
        date="2023-04-12")


@case
def build_app_full_of_outcome_words() -> Case:
    """An application that talks about 成果/成效/成果报告 everywhere and numbers its steps '一、二、三、', named
    '成果报告.docx': still an application."""
    w = Writer()
    w.p("党建品牌创建申报表", bold=True, align=CENTER)
    summary = "支部前期已取得一批育人成果，本品牌将成果转化为可复制的工作成效，持续扩大品牌成效。"
    measures = ["一、调研阶段（4月）：梳理前期成果和成效，明确创建背景。",
                "二、实施阶段（5—11月）：推进主要举措，每月总结工作成效。",
                "三、总结阶段（12月）：形成品牌创建成果报告，总结取得成效。"]
    expected = ["1. 取得成效：党员先锋指数提升；", "2. 成果形式：成果报告1份、典型案例2个。"]
    tb = w.grid(10, 2)
    w.rows(tb, [("党支部名称", "体育学院教工党支部"), ("品牌名称", "“健康成果”"), ("品牌实施负责人", "高强"),
                ("前期工作成效", "近三年获评校级先进党支部2次，形成育人成果5项。"),
                ("品牌简介", summary), ("创建措施及步骤", measures), ("预期成效及验收指标", expected),
                ("支部意见", "支部前期成效明显，同意申报。"), ("支部书记签字", "高强"), ("填表日期", "2023年4月12日")])
    return w.bytes(), app_truth(
        "成果报告.docx",
        branch_name="体育学院教工党支部", brand_name="“健康成果”", leader="高强", summary=summary,
        measures="\n".join(measures), expected_outcomes="\n".join(expected),
        branch_opinion="支部前期成效明显，同意申报。", signed=True, date="2023-04-12")


@case
def build_app_spaced_labels() -> Case:
    """Labels spread with ASCII and ideographic spaces ('品 牌 名 称', '品　牌　简　介'); values with '·' and inner
    spaces; '2023年04月12日'."""
    w = Writer()
    w.p("党 建 品 牌 申 报 表", bold=True, align=CENTER)
    summary = "以“红色·引擎”驱动 AI + 党建 融合，党员带头开展智能技术志愿服务。"
    measures = "建设“红色·引擎”实验室开放日；开展 AI 助老 志愿服务 12 次。"
    tb = w.grid(9, 2)
    w.rows(tb, [("党 支 部 名 称", "人工智能学院教工党支部"), ("品 牌 名 称", "“红色·引擎”"), ("负 责 人", "欧阳娜娜"),
                ("品　牌　简　介", summary), ("推 进 措 施", measures), ("预 期 成 效", "服务社区老人 500 人次。"),
                ("支 部 意 见", "同意申报。"), ("书记签字", "欧阳娜娜"), ("日　　期", "2023年04月12日")])
    return w.bytes(), app_truth(
        "AI学院教工支部.docx",
        branch_name="人工智能学院教工党支部", brand_name="“红色·引擎”", leader="欧阳娜娜", summary=summary,
        measures=measures, expected_outcomes="服务社区老人 500 人次。", branch_opinion="同意申报。", signed=True,
        date="2023-04-12")


@case
def build_app_two_opinion_levels() -> Case:
    """The branch's own 党支部意见 (signed, dated) and an empty 党委审核意见 block ('（盖章）', '年 月 日')."""
    w = Writer()
    w.p("基层党建特色品牌创建申报表", bold=True, align=CENTER)
    tb = w.grid(8, 2)
    w.rows(tb, [("党支部名称", "经济管理学院财务管理系学生党支部"), ("品牌名称", "“红色账本”"), ("品牌实施负责人", "黄磊"),
                ("品牌简介", "党员用专业记好“红色账本”，开展财经素养宣讲。"),
                ("创建措施及步骤", "编写《红色账本》读本，组织进社区财经宣讲10场。"),
                ("预期成效及验收指标", "宣讲覆盖居民1000人次。"),
                ("党支部意见", ["经支部大会讨论，同意申报。", "支部书记签字：黄磊", "2023年4月12日"]),
                ("党委审核意见", ["", "（盖章）", "年  月  日"])])
    return w.bytes(), app_truth(
        "财务管理系学生党支部.docx",
        branch_name="经济管理学院财务管理系学生党支部", brand_name="“红色账本”", leader="黄磊",
        summary="党员用专业记好“红色账本”，开展财经素养宣讲。", measures="编写《红色账本》读本，组织进社区财经宣讲10场。",
        expected_outcomes="宣讲覆盖居民1000人次。", branch_opinion="经支部大会讨论，同意申报。", signed=True,
        date="2023-04-12")


@case
def build_app_signature_and_date_one_line() -> Case:
    """The signature and the date typed on one line, the date in full-width digits as a Chinese IME gives
    them: '支部书记签字：宋佳        ２０２３年４月１２日'."""
    w = Writer()
    w.p("党建品牌创建申报表", bold=True, align=CENTER)
    tb = w.grid(7, 2)
    w.rows(tb, [("党支部名称", "能源学院热能系教工党支部"), ("品牌名称", "“热力先锋”"), ("品牌实施负责人", "宋佳"),
                ("品牌简介", "教师党员带头攻关清洁能源技术，服务地方“双碳”目标。"),
                ("创建措施及步骤", "组建清洁能源党员攻关团队，开展进企业技术服务。"),
                ("预期成效及验收指标", "完成企业技术服务项目3项。"),
                ("支部意见", ["同意申报。", "支部书记签字：宋佳        ２０２３年４月１２日"])])
    return w.bytes(), app_truth(
        "热能系.docx",
        branch_name="能源学院热能系教工党支部", brand_name="“热力先锋”", leader="宋佳",
        summary="教师党员带头攻关清洁能源技术，服务地方“双碳”目标。", measures="组建清洁能源党员攻关团队，开展进企业技术服务。",
        expected_outcomes="完成企业技术服务项目3项。", branch_opinion="同意申报。", signed=True, date="2023-04-12")


@case
def build_app_opinion_and_signature_same_paragraph() -> Case:
    """'同意申报。          支部书记签字：王伟' in one paragraph, the date below; the year written '二○二三'
    with the WHITE CIRCLE (○, U+25CB) Chinese typists use for zero."""
    w = Writer()
    w.p("党建品牌创建申报表", bold=True, align=CENTER)
    tb = w.grid(7, 2)
    w.rows(tb, [("党支部名称", "外国语学院法语系学生党支部"), ("品牌名称", "“法语·红”"), ("品牌实施负责人", "王伟"),
                ("品牌简介", "用法语讲好中国故事，学生党员担任国际交流志愿者。"),
                ("创建措施及步骤", "开设“法语·红”读书会，翻译红色故事10篇。"), ("预期成效及验收指标", "服务国际交流活动5场。"),
                ("支部意见", ["同意申报。          支部书记签字：王伟", "二○二三年四月十二日"])])
    return w.bytes(), app_truth(
        "法语系学生党支部.docx",
        branch_name="外国语学院法语系学生党支部", brand_name="“法语·红”", leader="王伟",
        summary="用法语讲好中国故事，学生党员担任国际交流志愿者。", measures="开设“法语·红”读书会，翻译红色故事10篇。",
        expected_outcomes="服务国际交流活动5场。", branch_opinion="同意申报。", signed=True, date="2023-04-12")
