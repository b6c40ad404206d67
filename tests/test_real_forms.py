"""Forms as people really fill them in (issue: cover pages, instructions, blank and unsigned forms, other
documents). Each pattern is tested both ways on a real .docx written here: what must be found and what must not.
"""

from __future__ import annotations

import hashlib

import pytest
from docx_build import DocWriter
from sample_bytes import photo_png

from pipeline.model.records import Submission
from pipeline.run import judge


def _table(w: DocWriter, rows: list[list]) -> None:
    """Rows of cells; a cell is a string, a list of paragraphs, or None (empty). Widths split evenly."""
    cols = max(len(r) for r in rows)
    t = w.table(len(rows), cols, [15.6 / cols] * cols)
    for r, row in enumerate(rows):
        if len(row) < cols:  # the last cell spans the rest of the row
            t.cell(r, len(row) - 1).merge(t.cell(r, cols - 1))
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, bytes):
                w.picture(value, 2.5, container=t.cell(r, c))
                continue
            w.put(t.cell(r, c), value)


def _judge(w: DocWriter, params, config, name: str = "form.docx"):
    data = w.save("张三", __import__("datetime").datetime(2024, 3, 1, 9, 0))
    sub = Submission(file=name, data=data, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                     detected="docx", extension="docx")
    return judge(sub, config, params)


def _project_form(cover: list[str], rows: list[list], *, instructions: list[str] | None = None,
                  title: str = "党建研究项目申报书", tail: list[str] | None = None) -> DocWriter:
    w = DocWriter()
    w.p("附件1")
    w.title(title)
    for line in cover:
        w.p(line)
    w.page_break()
    if instructions:
        w.p("填表须知", bold=True)
        for line in instructions:
            w.p(line)
        w.page_break()
    _table(w, rows)
    for line in tail or []:
        w.p(line)
    return w


INSTRUCTIONS = [
    "1．项目名称：应简明、准确，不超过20字。",
    "2．主持人：须为在职党员教师。",
    "3．预期成果：填写调研报告、研究论文、工作案例等。",
    "4．本表一式三份，A4纸双面打印。",
]
BODY_ROWS = [
    ["一、项目名称", "红烛引航育新人"],
    ["二、项目简介（限300字以内）", "以“红烛”精神引领青年教师成长，开展结对帮扶。"],
    ["三、项目方案", ["1. 每月开展一次主题党日。", "2. 建立导师制。"]],
    ["七、项目预期成果（调研报告、研究论文、工作案例等）"],
    ["形成调研报告1篇，工作案例2个。"],
    ["所在党组织意见", ["同意推荐。", "党支部书记（签字）：王丽", "（盖章）", "2023年4月12日"]],
]


def test_cover_lines_end_at_their_line_and_table_wins(config, params):
    w = _project_form(["项目名称：红烛引航", "主 持 人：陈明", "所在学院：外国语学院", "填报日期：年    月    日"],
                      BODY_ROWS, instructions=INSTRUCTIONS)
    rec = _judge(w, params, config)
    f = rec.fields
    assert rec.doc_type == "application"
    assert f.brand_name == "红烛引航育新人"  # the table's value, not the cover's
    assert f.leader == "陈明" and f.branch_name == "外国语学院"
    assert any("封面与表格中的品牌名称不一致" in n for n in rec.notes)
    assert f.summary == "以“红烛”精神引领青年教师成长，开展结对帮扶。"
    assert f.measures == "1. 每月开展一次主题党日。\n2. 建立导师制。"
    assert f.expected_outcomes == "形成调研报告1篇，工作案例2个。"
    assert f.signed is True and f.date == "2023-04-12"


def test_an_empty_cover_line_is_empty_and_takes_no_following_line(config, params):
    w = _project_form(["项目名称：", "主 持 人：陈明", "所在院系：外国语学院"],
                      [["项目简介", "简介文字。"], ["实施方案", "方案文字。"]])
    f = _judge(w, params, config).fields
    assert f.brand_name is None
    assert f.leader == "陈明" and f.branch_name == "外国语学院"


def test_same_values_on_cover_and_table_give_no_note(config, params):
    w = _project_form(["项目名称：红烛引航育新人"], BODY_ROWS)
    rec = _judge(w, params, config)
    assert rec.fields.brand_name == "红烛引航育新人"
    assert not any("不一致" in n for n in rec.notes)


def test_instructions_and_bracketed_notes_are_never_values(config, params):
    rows = [["项目名称", "红烛引航育新人"], ["主持人", "陈明"],
            ["项目简介", ["（限300字以内）", "简介正文。"]],
            ["预期成果", "（调研报告、研究论文…）"], ["实施方案", "方案正文。"]]
    w = _project_form([], rows, instructions=INSTRUCTIONS)
    f = _judge(w, params, config).fields
    assert f.summary == "简介正文。"
    assert f.expected_outcomes is None
    assert f.brand_name == "红烛引航育新人" and f.leader == "陈明"


def test_instructions_after_the_table_are_not_values(config, params):
    w = _project_form([], [["项目名称", "甲"], ["项目简介", "乙"], ["实施方案", "丙"]],
                      tail=["填写说明：", "1. 项目名称：限20字。", "2. 主持人：填写姓名。"])
    f = _judge(w, params, config).fields
    assert f.brand_name == "甲" and f.leader is None


@pytest.mark.parametrize("line", [
    "负责人（签字）：                主管部门（盖章）：",
    "学院负责人签名：",
    "党支部书记签字：年    月    日",
    "党总支书记（签章）：（盖章）",
])
def test_unsigned_signature_lines_are_not_signed(config, params, line):
    rows = [["品牌名称", "红烛引航"], ["品牌简介", "简介。"], ["支部意见", ["同意。", line, "年    月    日"]]]
    f = _judge(_project_form([], rows, title="党建品牌申报表"), params, config).fields
    assert f.signed is False, line


@pytest.mark.parametrize("line", ["党支部书记（签字）：王丽", "机关党委书记签名：欧阳晓明", "负责人签章： 李  华"])
def test_a_name_after_a_signature_label_is_signed(config, params, line):
    rows = [["品牌名称", "红烛引航"], ["品牌简介", "简介。"], ["支部意见", ["同意。", line, "2023年5月6日"]]]
    f = _judge(_project_form([], rows, title="党建品牌申报表"), params, config).fields
    assert f.signed is True and f.date == "2023-05-06"
    assert f.branch_opinion == "同意。"


def test_a_signature_picture_is_a_signature(config, params):
    sig = photo_png(3, 120, 40)
    rows = [["品牌名称", "红烛引航"], ["品牌简介", "简介。"], ["支部书记签字", sig]]
    assert _judge(_project_form([], rows, title="党建品牌申报表"), params, config).fields.signed is True
    rows[2] = ["支部书记签字", None]
    assert _judge(_project_form([], rows, title="党建品牌申报表"), params, config).fields.signed is False


def test_numbered_section_row_with_text_after_a_line_break_in_the_cell(config, params):
    rows = [["项目名称", "红烛引航"], ["项目简介", "简介。"],
            [["7、项目预期成果及成果形式", "形成工作案例2个。"]]]
    rec = _judge(_project_form([], rows), params, config)
    assert rec.fields.expected_outcomes == "形成工作案例2个。"
    assert any("近似标签" in n for n in rec.notes)  # the loose label is said, not silently trusted
    rows[2] = [["7、项目实施周期", "2024年3月至12月。"]]
    assert _judge(_project_form([], rows), params, config).fields.expected_outcomes is None


@pytest.mark.parametrize("label,field", [
    ("所在学院", "branch_name"), ("院 系", "branch_name"), ("所在院系", "branch_name"), ("所属党委", "branch_name"),
    ("主 持 人", "leader"), ("主持人", "leader"), ("项目方案", "measures"), ("工作计划", "measures"),
    ("实施方案", "measures"), ("联系电话", "phone"), ("（一）品牌简介", "summary"), ("第三部分 预期成效", "expected_outcomes"),
])
def test_common_labels(config, params, label, field):
    rows = [["项目名称", "红烛引航"], ["项目简介", "简介。"], ["实施计划", "计划。"], [label, "取值 文字"]]
    if field in ("summary", "measures"):
        rows = [["项目名称", "红烛引航"], ["预期成果", "成果。"], [label, "取值 文字"]]
    f = _judge(_project_form([], rows), params, config).fields
    expected = "取值文字" if field == "phone" else "取值 文字"
    assert getattr(f, field) == expected, (label, f)


def test_unit_is_the_parent_when_the_form_names_a_branch(config, params):
    rows = [["党支部名称", "外国语学院教工党支部"], ["所属党委", "外国语学院党委"], ["品牌名称", "红烛引航"],
            ["成立时间", "2019年5月"], ["成员", "张三、李四，王五"], ["品牌简介", "简介。"]]
    f = _judge(_project_form([], rows, title="样板党支部申报书"), params, config).fields
    assert f.branch_name == "外国语学院教工党支部" and f.parent_org == "外国语学院党委"
    assert f.established == "2019-05" and f.date is None  # 成立时间 is never the form's date
    assert f.members == ["张三", "李四", "王五"]


def test_member_list_gives_the_name_column(config, params):
    rows = [["项目名称", "红烛引航"], ["项目简介", "简介。"],
            ["项目成员", "姓名", "职称", "单位"], [None, "张三", "讲师", "外国语学院"],
            [None, "李四", "副教授", "外国语学院"], ["实施方案", "方案。"]]
    w = DocWriter()
    w.title("党建研究项目申报书")
    t = w.table(len(rows), 4, [3.6, 4, 4, 4])
    for r, row in enumerate(rows):
        if len(row) == 2:
            t.cell(r, 1).merge(t.cell(r, 3))
        for c, v in enumerate(row):
            if v:
                w.put(t.cell(r, c), v)
    t.cell(2, 0).merge(t.cell(4, 0))
    f = _judge(w, params, config).fields
    assert f.members == ["张三", "李四"]
    assert f.measures == "方案。"


def test_blank_cover_date_never_hides_the_written_opinion_date(config, params):
    rows = [["品牌名称", "红烛引航"], ["品牌简介", "简介。"],
            ["党总支意见", ["同意推荐。", "党总支书记（签字）：王丽", "二〇二〇年十一月五日"]]]
    w = _project_form(["品牌名称：红烛引航", "填报日期：年    月    日"], rows, title="党建品牌申报表")
    f = _judge(w, params, config).fields
    assert f.date == "2020-11-05"


def test_opinion_cell_with_only_signature_stamp_and_blank_date_has_no_opinion(config, params):
    rows = [["品牌名称", "红烛引航"], ["品牌简介", "简介。"],
            ["基层党委意见", ["党委书记（签字）：", "党委（盖章）", "年    月    日"]]]
    f = _judge(_project_form([], rows, title="党建品牌申报表"), params, config).fields
    assert f.branch_opinion is None and f.signed is False and f.date is None


# ---------------------------------------------------------------- other documents: needs a person


def _roster() -> DocWriter:
    w = DocWriter()
    w.title("2024年度党建品牌创建项目汇总")
    rows = [["序号", "党支部名称", "项目类型", "负责人", "参与学生总人数"]]
    rows += [[str(n), f"第{n}党支部", "学生", f"张{n}", str(20 + n)] for n in range(1, 9)]
    _table(w, rows)
    return w


def _speech() -> DocWriter:
    w = DocWriter()
    w.title("在学院党委全体会议上的工作报告")
    for head in ("一、过去一年的工作回顾", "二、存在的问题", "三、下一步工作安排"):
        w.p(head, bold=True)
        for _ in range(6):
            w.p("　　一年来，学院党委坚持以习近平新时代中国特色社会主义思想为指导，认真落实全面从严治党主体责任，"
                "扎实推进各项工作，取得了新的进展，为学院事业发展提供了坚强保证。")
    return w


def _minutes() -> DocWriter:
    w = DocWriter()
    w.title("支委会会议记录")
    for line in ("时间：2024年3月5日", "地点：行政楼201", "主持人：王丽", "参会人员：张三、李四",
                 "会议内容：讨论品牌创建工作。", "党支部名称：外国语学院教工党支部"):
        w.p(line)
    return w


def _cover_alone() -> DocWriter:
    w = DocWriter()
    w.title("党建研究项目申报书")
    for line in ("项目名称：红烛引航育新人", "主 持 人：陈明", "所在学院：外国语学院", "填报日期：2024年3月1日"):
        w.p(line)
    return w


def _closing_form() -> DocWriter:
    w = DocWriter()
    w.title("党建研究项目结题申请表")
    _table(w, [["项目名称", "红烛引航育新人"], ["主持人", "陈明"], ["项目完成情况", "已完成。"], ["预期成果", "已形成。"]])
    return w


@pytest.mark.parametrize("build", [_roster, _speech, _minutes, _cover_alone, _closing_form])
def test_other_documents_need_a_person(config, params, build):
    rec = _judge(build(), params, config)
    assert rec.doc_type == "unknown" and rec.verdict == "needs_review", rec.notes
    assert rec.checks == []
    assert any("需人工查看" in n and "依据" in n for n in rec.notes)  # says why


def test_a_blank_template_is_a_form_that_fails(config, params):
    rows = [["党支部名称", None], ["品牌名称", None], ["负责人", None], ["品牌简介（限300字）", None],
            ["创建措施", None], ["预期成效", None], ["支部意见", ["", "书记签字：", "年    月    日"]]]
    rec = _judge(_project_form([], rows, title="一支部一特色党建品牌申报表"), params, config)
    assert rec.doc_type == "application" and rec.verdict == "failed"
    assert rec.fields.signed is False and rec.fields.summary is None
    assert any("识别为申报表" in n for n in rec.notes)


def test_export_carries_the_optional_fields_and_the_needs_review_verdict(config, params):
    import csv
    import io

    from pipeline.exports import export_record, to_csv

    rows = [["党支部名称", "外国语学院教工党支部"], ["所属党委", "外国语学院党委"], ["品牌名称", "红烛引航"],
            ["联系电话", "0531-8866 0125"], ["成立时间", "2019年5月8日"], ["成员", "张三、李四"], ["品牌简介", "简介。"]]
    form = _judge(_project_form([], rows, title="样板党支部申报书"), params, config)
    other = _judge(_minutes(), params, config, name="minutes.docx")
    line = export_record(form)["fields"]
    assert (line["members"], line["parent_org"], line["phone"], line["established"]) == (
        ["张三", "李四"], "外国语学院党委", "0531-88660125", "2019-05-08")
    table = list(csv.DictReader(io.StringIO(to_csv([form, other]).lstrip("\ufeff"))))
    assert table[0]["members"] == "张三、李四" and table[0]["parent_org"] == "外国语学院党委"
    assert table[1]["verdict"] == "needs_review" and table[1]["doc_type"] == "unknown"


def test_a_form_without_a_name_row_is_one_by_its_title_and_content_rows(config, params):
    rows = [["党支部名称", "采矿教工党支部"], ["成立时间", "2017年9月"], ["建设目标", "建成样板支部。"],
            ["实施计划", "分三步实施。"], ["经费预算", "1万元"]]
    rec = _judge(_project_form([], rows, title="党建工作样板支部培育创建申报书"), params, config)
    assert rec.doc_type == "application" and rec.fields.brand_name is None
    assert rec.fields.expected_outcomes == "建成样板支部。" and rec.fields.established == "2017-09"
    untitled = _judge(_project_form([], rows, title="采矿教工党支部"), params, config)
    assert untitled.doc_type == "unknown"  # without the title nothing says it is a form
