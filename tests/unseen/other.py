"""Unseen documents that are neither a form nor a report, though they talk about both: the campaign notice
and the branch committee's minutes.

Owns these cases' documents and truths (doc_type 'unknown', no fields, no report).
"""

from __future__ import annotations

from docx_build import CENTER, RIGHT

from .build import Writer
from .registry import Case, case


@case
def build_unknown_campaign_notice() -> Case:
    """The campaign notice itself (seed 004): names the five parts and the 申报表 but is neither."""
    w = Writer()
    w.p("中共北方工业大学信息学院委员会文件", align=CENTER)
    w.p("党发[2023]3号", align=CENTER)
    w.p("关于开展2023年度“一支部一特色”品牌创建工作的通知", bold=True, align=CENTER)
    w.p("各党支部：")
    w.p("为深入学习贯彻落实党的二十大精神，经学院党委研究决定继续深入开展“一支部一特色”品牌创建工作，具体通知如下：")
    for head, text in (
            ("一、指导思想", "以习近平新时代中国特色社会主义思想为指导，认真落实新时代党的建设总要求。"),
            ("二、创建主体", "“一支部一特色”品牌创建工作在学院所属各党支部开展，每个党支部需申报1个党建品牌培育项目。"),
            ("三、创建标准", "（一）具有标识性的品牌名称。品牌名称涵盖主题内涵，突出党建工作特色和着力点。"),
            ("四、工作安排", "各党支部认真制定党建品牌创建工作方案，并填报《信息学院“一支部一品牌”创建申报表》（见附件），"
                          "于4月15日前报送。各党支部于2024年1月底前，提交品牌创建成果报告。体例统一按照“品牌名称、"
                          "创建背景、品牌内涵、主要举措、取得成效”五个部分进行撰写，字数应控制在3000字以内。"),
            ("五、工作要求", "立足支部实际，明确品牌定位；做好长远规划，落实创建举措。")):
        w.p(head, bold=True)
        w.p(text)
    w.p("附件：信息学院“一支部一品牌”创建申报表")
    w.p("信息学院党委", align=RIGHT)
    w.p("2023年4月3日", align=RIGHT)
    return w.bytes(), {"file": "关于开展品牌创建工作的通知.docx", "doc_type": "unknown", "fields": None, "report": None}


@case
def build_unknown_meeting_minutes() -> Case:
    """Branch committee minutes about the application: a label/value table, but no form and no report."""
    w = Writer()
    w.p("信息学院计算机系学生第一党支部委员会会议记录", bold=True, align=CENTER)
    tb = w.grid(7, 2)
    w.rows(tb, [("会议时间", "2023年4月10日"), ("会议地点", "信息楼305会议室"), ("主持人", "王伟"), ("记录人", "李明"),
                ("参会人员", "支部委员5人"), ("会议议题", "研究“青春引擎”党建品牌创建申报事宜"),
                ("会议内容", ["1. 讨论品牌名称、品牌简介、创建措施及预期成效；", "2. 确定品牌实施负责人；",
                          "3. 同意填报申报表并报学院党委。"])])
    w.p("主持人签字：王伟        记录人签字：李明")
    return w.bytes(), {"file": "支委会会议记录.docx", "doc_type": "unknown", "fields": None, "report": None}
