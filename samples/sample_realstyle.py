"""The real-style samples (issue #7): submissions as people really fill them in, and the other papers a real
inbox holds. samples/make_samples.py registers them; tests/test_real_style.py runs a pass over them.

Owns which real-style file exercises which pattern, under which name, and the truth each builder wrote.
Layout lives in sample_realstyle_forms.py (forms) and sample_realstyle_docs.py (reports and the rest), text in
sample_realstyle_text.py and sample_realstyle_prose.py. Expected check verdicts and the manifest format are
make_samples.py's business. Every person, unit and brand is invented; the bytes are the same on every run.

Patterns (the issue's numbering, used in `patterns` below and in the tests):
  1 cover-page 'label：value' lines (some empty), a 填表须知 page, cover vs table (the table wins, noted)
  2 bracketed notes in and under label cells and in value cells are never values
  3 unsigned forms (signed false) and signed ones (a name, a signature picture)
  4 numbered section rows (text in the row below, after a line break in the cell, （一）/1./第一部分)
  5 label synonyms: 所在学院/学院/院系/所在院系/所属党委/所在党总支, 主持人/主 持 人, 项目方案/实施方案/工作计划,
    spaced labels; forms after seeds 000, 002, 003, 004
  6 other documents: roster, speech, personal summary, minutes, cover alone, other processes' forms
  7 one unit's own documents without a branch name, linked by the submitter's file-name stem
  8 reports indented with two U+3000 (0 字), one near the 3000 字 limit
  9 dates: blank cover date + filled opinion date; an opinion cell with only signature, stamp, blank date
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

try:  # samples/ on sys.path (make_samples.py puts it there)
    import sample_realstyle_docs as D
    import sample_realstyle_forms as F
except ImportError:  # imported as the samples package
    from samples import sample_realstyle_docs as D
    from samples import sample_realstyle_forms as F


class RealFile(NamedTuple):
    name: str
    kind: str  # 'application' | 'outcome_report' | 'unknown'
    data: bytes
    truth: dict | None  # fields (application) or report facts (outcome_report); None for unknown
    captions: list[str]  # report photo captions (for --verify)
    patterns: tuple[int, ...]
    reason: str
    notes_mention: tuple[str, ...] = ()  # strings the record's notes must name (a cover/table disagreement)


def _d(s: str, hour: int = 10) -> datetime:
    y, m, d = map(int, s.split("-"))
    return datetime(y, m, d, hour, 15, 0)


UNIT_STEM = "王立新-"  # pattern 7: one submitter's files share this file-name stem
UNIT_FORM = UNIT_STEM + "精品项目申报书.docx"
UNIT_CLOSING = UNIT_STEM + "结题申请表.docx"
UNIT_REPORT = UNIT_STEM + "项目成果报告.docx"


def _app(name, builder, when, patterns, reason, notes=()) -> RealFile:
    data, fields = builder(_d(when))
    return RealFile(name, "application", data, fields, [], patterns, reason, notes)


def _rep(name, built, patterns, reason) -> RealFile:
    data, truth, captions = built
    return RealFile(name, "outcome_report", data, truth, captions, patterns, reason)


def _other(name, builder, when, patterns, reason) -> RealFile:
    return RealFile(name, "unknown", builder(_d(when)), None, [], patterns, reason)


def files() -> list[RealFile]:
    return [
        _app("食品与生物工程学院-党建精品项目申报书（终稿）.docx", F.project_cover_notes, "2022-06-20", (1, 2, 3, 4, 5),
             "seed 002 申报书 with a cover page (项目名称： left empty, 所在学院, 填报日期 filled), a 填表须知 page of "
             "numbered label instructions, '主 持 人'/'学院'/'项目成员', section rows '二、项目简介' with a "
             "'（限300字以内）' note opening the text row, '四、项目预期成果（调研报告、研究论文、工作案例等）', "
             "经费预算 (budget, budget_yuan), '负责人（签字）：name'"),
        _app("附件-基层党建特色品牌创建申报表.docx", F.sdpc_blank, "2024-09-02", (2, 3, 5),
             "seed 000 申报表 sent blank: value cells empty or holding the template's bracketed hints, "
             "'党总支书记签字：  （盖章）' unsigned, '年 月 日' blank (required_fields fails)"),
        _app("油气储运教工党支部-品牌创建申报表.docx", F.sdpc_unsigned, "2024-09-15", (2, 3, 5, 9),
             "seed 000 申报表 filled but unsigned: '负责人（签字）：        主管部门（盖章）：' on one line with "
             "nothing signed, blank date; spaced labels, 所在党总支 (parent_org), 品牌标语/品牌标识 (no fields), "
             "'（一）' measures kept"),
        _app("融媒体学生党支部 一支部一特色申报表.docx", F.ncut_unsigned, "2023-04-14", (2, 3, 5),
             "seed 004 申报表 with 院系 beside 党支部名称 (parent_org), 联系方式 with spaces, 成员 over two lines "
             "split at 、 and ；, '（限300字以内）' under 品牌简介 in the label cell, 工作计划; '学院负责人签名：' "
             "empty and '年 月 日' blank"),
        _app("矿业工程学院采矿教工党支部-样板支部申报书.docx", F.model_branch, "2020-05-20", (1, 3, 4, 5, 9),
             "seed 003 样板支部申报书: borderless cover table ('联 系 人：' empty, 所属党委, 填报日期), section "
             "rows 一…六 with text below, 成立时间 '2017年9月' (established 2017-09), 创建基础/经费预算 (budget, budget_yuan); "
             "a signature cell with only （盖章） and a blank date, an opinion cell with only '签字：', （盖章）, "
             "blank date (branch_opinion null)"),
        _app("海洋科学学院-创新项目申报书（签字版）.docx", F.project_signature_picture, "2020-11-05", (1, 3, 4, 5, 9),
             "cover 项目名称 differs from the table's (table wins, noted), '主 持 人：…  联系电话：…' on one "
             "line, 所在院系, blank cover 填报日期; 填写说明 page; '1、项目名称' rows, '7、项目预期成果及成果形式' "
             "with its text after a line break; signed with a picture, dated 二〇二〇年十一月五日",
             notes=("蓝色课堂进海岛",)),
        _app("药学院党委-一总支一品牌申报表.docx", F.parent_only, "2024-09-12", (3, 4, 5),
             "no branch or unit label, only 所属党委 (branch_name and parent_org); '第一部分'/'第二部分' between two "
             "tables, '（一）品牌简介' labels, '1.' measures, an empty row, a page header"),
        _app(UNIT_FORM, F.unit_project, "2024-03-15", (5, 6, 7),
             "one unit's 申报书 without a branch name: 项目名称, 主持人 + 所在学院, 项目成员 split at '，', 项目方案; "
             "a real form beside its own 结题申请表 (which is another process's)"),
        _other(UNIT_CLOSING, D.closing_form, "2024-12-22", (6, 7),
               "the same unit's 结题申请表 (another process; same 项目名称): needs a person, never passed or failed"),
        _rep(UNIT_REPORT, D.unit_report(_d("2024-12-20")), (7,),
             "the same unit's report, same brand, closing with the 项目组 and no branch name: linked to its "
             "申报书 by the file-name stem, not 雷同"),
        _rep("人工智能学院研究生党支部成果报告.docx", D.ideographic_report("zhihui", 701, _d("2024-01-22")), (8,),
             "every heading and paragraph opened with two U+3000 (white space, 0 字) and no Word indent; 4 photos"),
        _rep("音乐学院教工党支部-品牌创建成果报告(定稿).docx",
             D.ideographic_report("hongyun", 702, _d("2024-01-25"), target=2995), (8,),
             "2995 字 with two U+3000 before every paragraph: passes report_length only because U+3000 counts 0"),
        _other("2024年一支部一特色项目汇总表.docx", D.roster, "2024-04-20", (6,),
               "roster: header 序号/党支部名称/项目类型/项目名称/负责人/参与学生总人数/联系电话 over ten rows"),
        _other("党委书记在2024年度党建工作会议上的工作报告.docx", D.speech, "2024-12-26", (6,),
               "a four-page speech subtitled …工作报告, none of the five parts"),
        _other("陈思雨-2024年度个人总结.docx", D.personal_summary, "2024-12-20", (6,), "a student's 个人总结"),
        _other("支委会会议记录（3月12日）.docx", D.minutes, "2024-03-12", (6,),
               "会议记录 with 时间/地点/主持人/参会人员 lines"),
        _other("申报书封面.docx", D.cover_alone, "2024-03-18", (1, 6),
               "a 申报书 cover page alone (项目名称/主 持 人/所在学院/填报日期 lines, no form)"),
        _other("沈一帆-入党积极分子推荐表.docx", D.activist_form, "2024-03-20", (6,),
               "another process's form (入党积极分子推荐表: 姓名/性别/所在党支部/党支部意见/支部书记签字)"),
    ]


SIMILAR = [
    {"a": UNIT_FORM, "b": UNIT_REPORT, "expect": "linked", "same_branch": True,
     "reason": "one unit's 申报书 and report, same brand, no branch name on either: same file-name stem '王立新-'"},
]
