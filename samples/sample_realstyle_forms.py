"""Application forms as people really fill them in, for samples/sample_realstyle.py.

Owns the layout of each real-style form: cover pages with 'label：value' lines (some left empty), 填表须知 pages,
numbered section rows with the text in the row below or after a line break, bracketed notes in and under
label cells, blank and unsigned signature blocks, a signature picture, cover tables, empty rows, headers.
Each builder returns (docx bytes, fields) where `fields` is exactly what was written, by the manifest's rules
(make_samples.py docstring). It does not name files, write reasons or decide verdicts. Every person, unit and
brand is invented.
"""

from __future__ import annotations

import io
import math
from datetime import datetime

from docx.shared import Cm

try:  # samples/ on sys.path (make_samples.py puts it there)
    import sample_realstyle_text as X
    from docx_build import CENTER, LEFT, RIGHT, DocWriter, set_run_font
    from sample_bytes import png_from_rows
except ImportError:  # imported as the samples package
    from samples import sample_realstyle_text as X
    from samples.docx_build import CENTER, LEFT, RIGHT, DocWriter, set_run_font
    from samples.sample_bytes import png_from_rows

Fields = dict
BLANK_DATE = "年    月    日"


def fields(**given) -> Fields:
    """The full ApplicationFields dict: every field, None unless given."""
    keys = ("branch_name", "brand_name", "leader", "summary", "measures", "expected_outcomes", "branch_opinion",
            "signed", "date", "members", "parent_org", "phone", "established", "budget", "budget_yuan", "slogan",
            "logo", "logo_target")
    unknown = set(given) - set(keys)
    assert not unknown, unknown
    return {k: given.get(k) for k in keys}


def _j(paras: list[str]) -> str:
    return "\n".join(p for p in paras if p)


def _squash(text: str) -> str:
    return "".join(text.split())


# ---------------------------------------------------------------- layout helpers


def _lab(w: DocWriter, cell, text, *, east: str = "黑体", bold: bool = True) -> None:
    w.put(cell, text, align=CENTER, east=east, bold=bold)


def _val(w: DocWriter, cell, texts, *, align=LEFT) -> None:
    w.put(cell, texts, align=align, east="仿宋_GB2312")


def _cover_line(w: DocWriter, label: str, value: str, *, pad: int = 24, tail: str = "") -> None:
    """'项目名称：' then the value on an underline padded with spaces, as cover templates have it."""
    par = w.p("", align=LEFT)
    par.paragraph_format.left_indent = Cm(2.2)
    set_run_font(par.add_run(label), "黑体", 16, True)
    run = par.add_run(value + " " * max(2, pad - 2 * len(value)))
    set_run_font(run, "楷体_GB2312", 16)
    run.font.underline = True
    if tail:
        set_run_font(par.add_run(tail), "楷体_GB2312", 16)
    w.units[-1] = label + value + tail


def _cover_top(w: DocWriter, attachment: str, titles: list[str]) -> None:
    w.p(attachment, east="黑体")
    for _ in range(3):
        w.p("")
    for t in titles:
        w.title(t, size=24)
    for _ in range(4):
        w.p("")


def _notice_page(w: DocWriter, heading: str, lines: list[str]) -> None:
    w.page_break()
    w.p(heading, east="黑体", size=18, align=CENTER)
    w.p("")
    for line in lines:
        w.p(line, size=14, indent=True)
    w.page_break()


def _row_text(w: DocWriter, t, r: int, texts, *, label: bool = False) -> None:
    """Text across a whole row (a section row or its text row)."""
    cell = t.cell(r, 0).merge(t.cell(r, len(t.columns) - 1))
    if label:
        w.put(cell, texts, align=LEFT, east="黑体", bold=True)
    else:
        _val(w, cell, texts)
        cell.vertical_alignment = None


def _signature_png() -> bytes:
    """A handwritten-looking signature: a dark wavy stroke on white, 180×60."""
    width, height = 180, 60
    ink = {(x, int(30 + 14 * math.sin(x / 9.0) * math.cos(x / 23.0)) + dy) for x in range(12, 168) for dy in (-1, 0, 1)}
    rows = [b"".join(b"\x20\x20\x30" if (x, y) in ink else b"\xff\xff\xff" for x in range(width)) for y in range(height)]
    return png_from_rows(width, height, rows)


# ---------------------------------------------------------------- forms


def project_cover_notes(when: datetime) -> tuple[bytes, Fields]:
    """Seed 002 精品项目申报书: cover lines (项目名称 left empty, filled 填报日期), a 填表须知 page, then a table:
    项目名称 / 主 持 人 + 联系电话 / 学院 + 项目成员, numbered section rows '二、项目简介' with the text in the row
    below (its first paragraph a '（限300字以内）' note), '四、项目预期成果（调研报告、研究论文、工作案例等）', 经费预算
    (no field), 所在党委意见 with '负责人（签字）：name' and a date."""
    d = X.QINGHE
    w = DocWriter(east="仿宋_GB2312", size=16)
    _cover_top(w, "附件2", ["北岭理工学院第二批", "党建工作精品项目申报书"])
    _cover_line(w, "项目名称：", "")
    _cover_line(w, "项目主持人：", d["leader"])
    _cover_line(w, "所在学院：", d["college"])
    _cover_line(w, "填报日期：", "2022年6月18日")
    for _ in range(5):
        w.p("")
    w.p("北岭理工学院党委组织部制", east="楷体_GB2312", align=CENTER)
    w.p("二〇二二年六月", east="楷体_GB2312", align=CENTER)
    _notice_page(w, "填 表 须 知", X.NOTICE_PROJECT)
    t = w.table(13, 4, [2.8, 5.2, 2.6, 5.0])
    _lab(w, t.cell(0, 0), "项目名称")
    _val(w, t.cell(0, 1).merge(t.cell(0, 3)), d["brand"])
    _lab(w, t.cell(1, 0), "主 持 人")
    _val(w, t.cell(1, 1), d["leader"])
    _lab(w, t.cell(1, 2), "联系电话")
    _val(w, t.cell(1, 3), d["phone"])
    _lab(w, t.cell(2, 0), "学院")
    _val(w, t.cell(2, 1), d["college"])
    _lab(w, t.cell(2, 2), "项目成员")
    _val(w, t.cell(2, 3), d["members_text"])
    rows = [("二、项目简介", ["（限300字以内）", *d["summary"]]), ("三、实施方案", d["measures"]),
            ("四、项目预期成果（调研报告、研究论文、工作案例等）", d["expected"]), ("五、经费预算", [d["budget"]])]
    for n, (label, texts) in enumerate(rows):
        _row_text(w, t, 3 + 2 * n, label, label=True)
        _row_text(w, t, 4 + 2 * n, texts)
    _row_text(w, t, 11, "六、所在党委意见", label=True)
    cell = t.cell(12, 0).merge(t.cell(12, 3))
    w.put(cell, [d["opinion"], "", "", f"负责人（签字）：{d['signer']}", "2022年6月20日"], align=LEFT, center_v=False)
    for par in cell.paragraphs[3:]:
        par.alignment = RIGHT
    data = w.save(d["leader"], when)
    return data, fields(branch_name=d["college"], brand_name=d["brand"], leader=d["leader"], summary=_j(d["summary"]),
                        measures=_j(d["measures"]), expected_outcomes=_j(d["expected"]), branch_opinion=d["opinion"],
                        signed=True, date="2022-06-18", members=d["members"], phone=_squash(d["phone"]),
                        budget=d["budget"], budget_yuan=10000.0)


def _sdpc_table(w: DocWriter, d: dict | None) -> None:
    """Seed 000's 申报表 grid, filled from `d` or left blank (None): the template's hints stay in the cells."""
    v = d or {}
    t = w.table(11, 4, [2.8, 5.6, 2.4, 4.8])
    pairs = [("党组织名称", v.get("branch", "")), ("所在党总支", v.get("parent", ""))]
    for r, (label, value) in enumerate(pairs):
        _lab(w, t.cell(r, 0), label, east="宋体")
        _val(w, t.cell(r, 1).merge(t.cell(r, 3)), value)
    for r, (l1, v1, l2, v2) in enumerate([("品 牌 名 称", v.get("brand", ""), "负 责 人", v.get("leader", "")),
                                          ("联系电话", v.get("phone", ""), "党员人数", v.get("count", ""))], start=2):
        _lab(w, t.cell(r, 0), l1, east="宋体")
        _val(w, t.cell(r, 1), v1)
        _lab(w, t.cell(r, 2), l2, east="宋体")
        _val(w, t.cell(r, 3), v2)
    blocks = [("品牌标语", [v.get("slogan", "")]),
              ("品牌标识", v.get("symbol") or ["（附标识图片并简要说明设计理念）"]),
              ("品牌内涵", v.get("summary") or ["（300字以内）"]),
              ("推进措施", v.get("measures", [""])), ("预期成效", v.get("expected", [""]))]
    for r, (label, texts) in enumerate(blocks, start=4):
        _lab(w, t.cell(r, 0), label, east="宋体")
        _val(w, t.cell(r, 1).merge(t.cell(r, 3)), texts)
    _lab(w, t.cell(9, 0), "党总支意见", east="宋体")
    cell = t.cell(9, 1).merge(t.cell(9, 3))
    opinion = v.get("opinion", "")
    sign = "负责人（签字）：            主管部门（盖章）：" if d else "党总支书记签字：            （盖章）"
    w.put(cell, [opinion, "", sign, BLANK_DATE], align=LEFT, center_v=False)
    for par in cell.paragraphs[2:]:
        par.alignment = RIGHT
    t.cell(10, 0).merge(t.cell(10, 3))  # the template's spare empty row
    w.units.append("")


def sdpc_blank(when: datetime) -> tuple[bytes, Fields]:
    """Seed 000 申报表 as downloaded: every value cell empty or holding only the template's bracketed hint,
    '党总支书记签字：  （盖章）' and '年 月 日' blank, a 填写说明 under the table."""
    w = DocWriter(east="仿宋_GB2312", size=14)
    w.p("附件", east="黑体")
    w.title("滨海石化学院基层党建特色品牌创建申报表", size=18)
    w.p("填报单位（盖章）：                              ", size=12)
    _sdpc_table(w, None)
    w.p(X.SDPC_HINT, size=10.5)
    return w.save("admin", when), fields(signed=False, logo=False)  # the 品牌标识 row holds only its hint


def sdpc_unsigned(when: datetime) -> tuple[bytes, Fields]:
    """Seed 000 申报表 filled in (spaced labels, 所在党总支, 品牌标语/品牌标识, '（一）' measures) but not signed:
    '负责人（签字）：        主管部门（盖章）：' on one line with nothing written, a blank '年 月 日'."""
    d = X.GUANDAO
    w = DocWriter(east="仿宋_GB2312", size=14)
    w.p("附件", east="黑体")
    w.title("滨海石化学院基层党建特色品牌创建申报表", size=18)
    w.p("填报单位（盖章）：                              ", size=12)
    _sdpc_table(w, d)
    data = w.save(d["leader"], when)
    return data, fields(branch_name=d["branch"], brand_name=d["brand"], leader=d["leader"], summary=_j(d["summary"]),
                        measures=_j(d["measures"]), expected_outcomes=_j(d["expected"]), branch_opinion=d["opinion"],
                        signed=False, date=None, parent_org=d["parent"], phone=_squash(d["phone"]),
                        slogan=d["slogan"], logo=False)  # the 品牌标识 row describes the logo, holds no picture


def ncut_unsigned(when: datetime) -> tuple[bytes, Fields]:
    """Seed 004 一支部一特色申报表 with 院系 beside 党支部名称, 联系方式, 成员 over two lines, '品牌简介' with
    '（限300字以内）' under it in the label cell, 工作计划; '学院负责人签名：' empty and a blank '年 月 日'."""
    d = X.RONGMEI
    w = DocWriter(east="仿宋_GB2312", size=14)
    w.header("新闻传播学院党委")
    w.p("附件：", east="黑体", size=14)
    w.title("新闻传播学院“一支部一特色”创建申报表", size=18)
    t = w.table(9, 4, [2.8, 4.9, 2.8, 5.1])
    grid = [("院系", d["college"], "党支部名称", d["branch"]), ("品牌名称", d["brand"], "负责人", d["leader"]),
            ("联系方式", d["phone"], "成员", d["members_lines"])]
    for r, (l1, v1, l2, v2) in enumerate(grid):
        _lab(w, t.cell(r, 0), l1)
        _val(w, t.cell(r, 1), v1)
        _lab(w, t.cell(r, 2), l2)
        _val(w, t.cell(r, 3), v2)
    for r, (label, texts) in enumerate([(["品牌简介", "（限300字以内）"], d["summary"]), ("工作计划", d["measures"]),
                                        ("预期成效 及验收指标", d["expected"])], start=3):
        _lab(w, t.cell(r, 0), label)
        _val(w, t.cell(r, 1).merge(t.cell(r, 3)), texts)
    _val(w, t.cell(6, 0), "支部意见：")
    _val(w, t.cell(6, 1).merge(t.cell(6, 3)), d["opinion"])
    _val(w, t.cell(7, 0), "学院负责人签名：")
    _val(w, t.cell(7, 1).merge(t.cell(7, 3)), "")
    _val(w, t.cell(8, 0).merge(t.cell(8, 3)), BLANK_DATE, align=RIGHT)
    data = w.save(d["leader"], when)
    return data, fields(branch_name=d["branch"], brand_name=d["brand"], leader=d["leader"], summary=_j(d["summary"]),
                        measures=_j(d["measures"]), expected_outcomes=_j(d["expected"]), branch_opinion=d["opinion"],
                        signed=False, members=d["members"], parent_org=d["college"], phone=_squash(d["phone"]))


def model_branch(when: datetime) -> tuple[bytes, Fields]:
    """Seed 003 样板支部申报书: a borderless cover table ('联 系 人：' left empty, 所属党委, 填报日期), then
    section rows '一、基本情况' … '六、经费预算' with 成立时间 (year and month only), '负 责 人', 特色品牌名称;
    a 党支部书记签字 cell holding only '（盖章）' and a blank date, and an opinion cell with only '签字：',
    '（盖章）' and a blank date (branch_opinion null)."""
    d = X.SHENJING
    w = DocWriter(east="仿宋_GB2312", size=16)
    _cover_top(w, "附件3", ["北岭理工学院党建工作", "样板支部示范创建申报书"])
    cover = [("申报类型：", "党建工作样板支部"), ("申报党组织：", d["branch"]), ("所属党委：", d["parent"]),
             ("联 系 人：", ""), ("联系电话：", d["phone"]), ("填报日期：", "2020年5月20日")]
    ct = w.table(len(cover), 2, [4.4, 8.4], grid=False)
    for r, (label, value) in enumerate(cover):
        w.put(ct.cell(r, 0), label, align=RIGHT, east="黑体", size=16)
        w.put(ct.cell(r, 1), value, align=LEFT, east="楷体_GB2312", size=16)
    for _ in range(4):
        w.p("")
    w.p("北岭理工学院党委组织部  制", east="楷体_GB2312", align=CENTER)
    w.page_break()
    t = w.table(16, 4, [2.8, 5.2, 2.6, 5.0])
    _row_text(w, t, 0, "一、基本情况", label=True)
    _lab(w, t.cell(1, 0), "党支部名称")
    _val(w, t.cell(1, 1), d["branch"])
    _lab(w, t.cell(1, 2), "成立时间")
    _val(w, t.cell(1, 3), "2017年9月")
    _lab(w, t.cell(2, 0), "负 责 人")
    _val(w, t.cell(2, 1), d["leader"])
    _lab(w, t.cell(2, 2), "党员人数")
    _val(w, t.cell(2, 3), "正式党员16名，预备党员1名")
    _lab(w, t.cell(3, 0), "特色品牌名称")
    _val(w, t.cell(3, 1).merge(t.cell(3, 3)), d["brand"])
    rows = [("二、创建基础", d["basis"]), ("三、品牌内涵", d["summary"]), ("四、实施计划", d["measures"]),
            ("五、预期成果", d["expected"]), ("六、经费预算", [d["budget"]])]
    for n, (label, texts) in enumerate(rows):
        _row_text(w, t, 4 + 2 * n, label, label=True)
        _row_text(w, t, 5 + 2 * n, texts)
    _lab(w, t.cell(14, 0), "党支部书记签字")
    w.put(t.cell(14, 1).merge(t.cell(14, 3)), ["", "（盖章）", BLANK_DATE], align=RIGHT, center_v=False)
    _lab(w, t.cell(15, 0), "基层党委意见")
    w.put(t.cell(15, 1).merge(t.cell(15, 3)), ["", "签字：", "（盖章）", BLANK_DATE], align=RIGHT, center_v=False)
    data = w.save(d["leader"], when)
    return data, fields(branch_name=d["branch"], brand_name=d["brand"], leader=d["leader"], summary=_j(d["summary"]),
                        measures=_j(d["measures"]), expected_outcomes=_j(d["expected"]), branch_opinion=None,
                        signed=False, date="2020-05-20", parent_org=d["parent"], phone=_squash(d["phone"]),
                        established="2017-09", budget=d["budget"], budget_yuan=10000.0)


def project_signature_picture(when: datetime) -> tuple[bytes, Fields]:
    """An 创新项目申报书: cover lines whose 项目名称 differs from the table's (the table wins), '主 持 人：…
    联系电话：…' on one line, 所在院系, a blank '填报日期：  年  月  日'; a 填写说明 page; numbered rows '1、项目名称'
    … '6、实施方案', '7、项目预期成果及成果形式' with its text after a line break in the same cell; 推荐意见 signed
    with a picture and dated '二〇二〇年十一月五日'."""
    d = X.LANSE
    w = DocWriter(east="仿宋_GB2312", size=16)
    _cover_top(w, "附件2", ["北岭理工学院", "党建工作创新项目申报书"])
    _cover_line(w, "项目名称：", d["cover_brand"])
    _cover_line(w, "主 持 人：", d["leader"], pad=8, tail="        联系电话：" + d["phone"])
    _cover_line(w, "所在院系：", d["college"])
    _cover_line(w, "填报日期：", "      " + BLANK_DATE)
    for _ in range(5):
        w.p("")
    w.p("北岭理工学院党委组织部制", east="楷体_GB2312", align=CENTER)
    _notice_page(w, "填 写 说 明", X.NOTICE_INNOVATION)
    t = w.table(8, 2, [3.6, 12.0])
    for r, (label, texts) in enumerate([("1、项目名称", [d["brand"]]), ("2、主 持 人", [d["leader"]]),
                                        ("3、所在院系", [d["college"]]), ("4、联系电话", [d["phone"]]),
                                        ("5、项目简介", d["summary"]), ("6、实施方案", d["measures"])]):
        _lab(w, t.cell(r, 0), label, east="宋体")
        _val(w, t.cell(r, 1), texts)
    cell = t.cell(6, 0).merge(t.cell(6, 1))
    first = cell.paragraphs[0]
    set_run_font(first.add_run("7、项目预期成果及成果形式"), "黑体", 12, True)
    first.add_run().add_break()
    set_run_font(first.add_run(d["expected"][0]), "仿宋_GB2312", 12)
    for text in d["expected"][1:]:
        set_run_font(cell.add_paragraph().add_run(text), "仿宋_GB2312", 12)
    w.units += ["7、项目预期成果及成果形式" + d["expected"][0], *d["expected"][1:]]
    _lab(w, t.cell(7, 0), "8、推荐意见", east="宋体")
    cell = t.cell(7, 1)
    w.put(cell, [d["opinion"], "", "负责人签字：", "二〇二〇年十一月五日"], align=LEFT, center_v=False)
    cell.paragraphs[2].add_run().add_picture(io.BytesIO(_signature_png()), width=Cm(2.6))
    for par in cell.paragraphs[2:]:
        par.alignment = RIGHT
    data = w.save(d["leader"], when)
    return data, fields(branch_name=d["college"], brand_name=d["brand"], leader=d["leader"], summary=_j(d["summary"]),
                        measures=_j(d["measures"]), expected_outcomes=_j(d["expected"]), branch_opinion=d["opinion"],
                        signed=True, date="2020-11-05", phone=_squash(d["phone"]))


def parent_only(when: datetime) -> tuple[bytes, Fields]:
    """A 一总支一品牌 申报表 naming no branch, only 所属党委 (it gives branch_name and parent_org); '第一部分' /
    '第二部分' headings between two tables, '（一）品牌简介' labels, '1.' measures, an empty row, a header."""
    d = X.YAOXIANG
    w = DocWriter(east="仿宋_GB2312", size=14)
    w.header("药学院党委")
    w.title("“一总支一品牌”党建品牌创建申报表", size=18)
    w.p("第一部分  基本信息", east="黑体", bold=True)
    t = w.table(4, 4, [2.8, 5.2, 2.6, 5.0])
    _lab(w, t.cell(0, 0), "所属党委")
    _val(w, t.cell(0, 1).merge(t.cell(0, 3)), d["parent"])
    _lab(w, t.cell(1, 0), "品牌名称")
    _val(w, t.cell(1, 1).merge(t.cell(1, 3)), d["brand"])
    _lab(w, t.cell(2, 0), "品牌负责人")
    _val(w, t.cell(2, 1), d["leader"])
    _lab(w, t.cell(2, 2), "联系电话")
    _val(w, t.cell(2, 3), d["phone"])
    w.units += [""] * 4  # row 3: left empty
    w.p("")
    w.p("第二部分  创建方案", east="黑体", bold=True)
    t = w.table(4, 2, [3.4, 12.2])
    for r, (label, texts) in enumerate([("（一）品牌简介", d["summary"]), ("（二）创建措施", d["measures"]),
                                        ("（三）预期成效", d["expected"])]):
        _lab(w, t.cell(r, 0), label)
        _val(w, t.cell(r, 1), texts)
    _lab(w, t.cell(3, 0), "（四）党委意见")
    cell = t.cell(3, 1)
    w.put(cell, [d["opinion"], f"党委书记签字：{d['signer']}", "2024年9月12日"], align=LEFT, center_v=False)
    for par in cell.paragraphs[1:]:
        par.alignment = RIGHT
    data = w.save(d["leader"], when)
    return data, fields(branch_name=d["parent"], brand_name=d["brand"], leader=d["leader"], summary=_j(d["summary"]),
                        measures=_j(d["measures"]), expected_outcomes=_j(d["expected"]), branch_opinion=d["opinion"],
                        signed=True, date="2024-09-12", parent_org=d["parent"], phone=_squash(d["phone"]))


def unit_project(when: datetime) -> tuple[bytes, Fields]:
    """One unit's 精品项目申报书 without any branch name: 项目名称, 主持人 + 所在学院, 项目成员 split by '，',
    项目简介, 项目方案, 预期成果, 推荐意见 signed '签字：name' and dated."""
    d = X.WEIZHILI
    w = DocWriter(east="仿宋_GB2312", size=14)
    w.title("党建工作精品项目申报书", size=20)
    w.p("")
    t = w.table(7, 4, [2.6, 5.4, 2.6, 5.0])
    _lab(w, t.cell(0, 0), "项目名称")
    _val(w, t.cell(0, 1).merge(t.cell(0, 3)), d["brand"])
    _lab(w, t.cell(1, 0), "主持人")
    _val(w, t.cell(1, 1), d["leader"])
    _lab(w, t.cell(1, 2), "所在学院")
    _val(w, t.cell(1, 3), d["college"])
    _lab(w, t.cell(2, 0), "项目成员")
    _val(w, t.cell(2, 1).merge(t.cell(2, 3)), d["members_text"])
    for r, (label, texts) in enumerate([("项目简介", d["summary"]), ("项目方案", d["measures"]),
                                        ("预期成果", d["expected"])], start=3):
        _lab(w, t.cell(r, 0), label)
        _val(w, t.cell(r, 1).merge(t.cell(r, 3)), texts)
    _lab(w, t.cell(6, 0), "推荐意见")
    cell = t.cell(6, 1).merge(t.cell(6, 3))
    w.put(cell, [d["opinion"], "", f"签字：{d['signer']}", "2024年3月15日"], align=LEFT, center_v=False)
    for par in cell.paragraphs[2:]:
        par.alignment = RIGHT
    data = w.save(d["leader"], when)
    return data, fields(branch_name=d["college"], brand_name=d["brand"], leader=d["leader"], summary=_j(d["summary"]),
                        measures=_j(d["measures"]), expected_outcomes=_j(d["expected"]), branch_opinion=d["opinion"],
                        signed=True, date="2024-03-15", members=d["members"])
