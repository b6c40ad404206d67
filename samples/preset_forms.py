"""The forms and reports of the five institutions behind the presets (samples/preset_samples.py), as their
notices attach them (../shared/seeds): seed 004's 一支部一品牌创建申报表 and 成果报告 with its news items, seed 002's
精品项目申报书 and 党建品牌创建工作情况报告, seed 003's 示范创建申报书 and 自查报告, seed 000's 特色品牌创建申报表 with a
logo in its 品牌标识 cell, seed 001's 市直机关党建品牌申报表; and the roster workbook.

Owns the layout of these documents only, built from the shared pieces (docx_build.DocWriter, the sentence pools
of sample_text, sample_forms' paragraph makers, sample_reports' composer and renderer, the real-style forms'
cover lines, 填表须知 pages and section rows). It does not name files or decide expected results. Forms are as
messy as real ones: cover pages, 填表须知 pages, numbered rows with bracketed notes, values indented with two
U+3000, some unsigned. Every person, unit and brand is invented; the bytes are the same on every run.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

try:  # samples/ on sys.path (make_samples.py puts it there)
    import sample_forms as SF
    import sample_realstyle_forms as RF
    import sample_reports as R
    import sample_text as T
    from docx_build import CENTER, LEFT, RIGHT, DocWriter, inline_picture
    from sample_bytes import logo_png, normalize_zip, replace_member
except ImportError:  # imported as the samples package
    from samples import sample_forms as SF
    from samples import sample_realstyle_forms as RF
    from samples import sample_reports as R
    from samples import sample_text as T
    from samples.docx_build import CENTER, LEFT, RIGHT, DocWriter, inline_picture
    from samples.sample_bytes import logo_png, normalize_zip, replace_member

from pipeline.model.wordcount import count_units

IDEO = "\u3000\u3000"  # two ideographic spaces: how many people indent a paragraph instead of a Word indent
BLANK_DATE = RF.BLANK_DATE


def brand(key: str, branch: str, name: str, kind: str, focus: str, slogan: str, leader: str, secretary: str,
          symbol: str = "党徽、书本和旗帜") -> T.Brand:
    """A sample_text.Brand for a preset sample, its 释义 and signature activity written from its focus."""
    core = name.strip("“”").split("”")[0]
    meaning = (f"“{core}”是支部围绕{focus}凝练的品牌名称，寓意全体党员把初心使命落实到{focus}的每一个环节，"
               f"以党建引领业务、以业务检验党建，让党旗在一线高高飘扬。")
    activity = (f"支部围绕{focus}设立党员先锋岗，每月开展一次主题实践活动，党员带头认领任务、定期交流成效，"
                "形成“月有主题、周有活动、人人有责”的工作机制。")
    return T.Brand(key, branch, name, kind, focus, meaning, activity, slogan, symbol, leader, secretary)


@contextmanager
def registered(*brands: T.Brand) -> Iterator[None]:
    """sample_reports composes from sample_text.BRANDS by key: these brands are there only meanwhile."""
    added = [b.key for b in brands if b.key not in T.BRANDS]
    T.BRANDS.update({b.key: b for b in brands})
    try:
        yield
    finally:
        for key in added:
            del T.BRANDS[key]


def _ideo(paras: list[str]) -> list[str]:
    return [IDEO + p for p in paras]


def _texts(b: T.Brand, seed: int, numbered: str = "1.") -> tuple[list[str], list[str], list[str]]:
    rng = random.Random(seed)
    return SF.summary_paras(b, rng), SF.measures_paras(b, rng, numbered=numbered), SF.expected_paras(b, rng)


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _when(d: date, hour: int = 10) -> datetime:
    return datetime(d.year, d.month, d.day, hour, 20, 0)


# ---------------------------------------------------------------- seed 004: 一支部一品牌创建申报表 + 成果报告


def ncut_form(b: T.Brand, seed: int, *, filled: date, signed: bool = True, cover: bool = False,
              notes: bool = False, ideographic: bool = False, unit: str = "信息学院") -> bytes:
    """The notice's attachment, its nine rows: 党支部名称 / 品牌名称 + 品牌实施负责人 / 品牌简介 / 创建措施及步骤 /
    预期成效 及验收指标 / 支部意见： / 支部书记签字： / 年 月 日 — optionally after a cover page (项目名称：… lines) and
    a 填表须知 page, with bracketed notes in the label cells, values indented with two U+3000, unsigned."""
    summary, measures, expected = _texts(b, seed)
    opinion = SF.opinion(random.Random(seed + 1))
    w = DocWriter(east="仿宋_GB2312", size=14)
    if cover:
        RF._cover_top(w, "附件", [unit, "“一支部一品牌”创建申报表"])
        RF._cover_line(w, "项目名称：", b.brand)
        RF._cover_line(w, "申报支部：", b.branch)
        RF._cover_line(w, "填报日期：", cn_date(filled))
        RF._notice_page(w, "填 表 须 知", [
            "1. 品牌名称应简短有力、易懂易记，原则上不超过20字。",
            "2. 品牌简介、创建措施及步骤、预期成效及验收指标各栏可另附页。",
            "3. 本表经支部委员会研究、支部书记签字后，于4月15日前报学院党委专职组织员。"])
    else:
        w.p("附件：", east="黑体", size=14)
        w.title(f"{unit}“一支部一品牌”创建申报表", size=18)
    t = w.table(8, 4, [3.2, 4.6, 3.2, 4.6])
    RF._lab(w, t.cell(0, 0), "党支部名称")
    RF._val(w, t.cell(0, 1).merge(t.cell(0, 3)), b.branch)
    RF._lab(w, t.cell(1, 0), "品牌名称")
    RF._val(w, t.cell(1, 1), b.brand)
    RF._lab(w, t.cell(1, 2), "品牌实施负责人")
    RF._val(w, t.cell(1, 3), b.leader)
    rows = [("品牌简介", "（300字以内）", summary), ("创建措施及步骤", "（可另附页）", measures),
            ("预期成效 及验收指标", "（须可量化）", expected)]
    for r, (label, note, texts) in enumerate(rows, start=2):
        RF._lab(w, t.cell(r, 0), [label, note] if notes else label)
        RF._val(w, t.cell(r, 1).merge(t.cell(r, 3)), _ideo(texts) if ideographic else texts)
    RF._val(w, t.cell(5, 0), "支部意见：")
    RF._val(w, t.cell(5, 1).merge(t.cell(5, 3)), opinion)
    RF._val(w, t.cell(6, 0), "支部书记签字：")
    RF._val(w, t.cell(6, 1).merge(t.cell(6, 3)), b.secretary if signed else "")
    RF._val(w, t.cell(7, 0).merge(t.cell(7, 3)), cn_date(filled) if signed else BLANK_DATE, align=RIGHT)
    return w.save(b.secretary if signed else b.leader, _when(filled))


def news_lines(b: T.Brand, n: int, start: date, url: bool = False) -> list[str]:
    """`n` published news items as a report lists them: '1.《title》，medium，date' (the last as a link)."""
    core = T.brand_label(b)
    titles = [f"{b.branch}开展“{core}”主题党日活动", f"“{core}”品牌助力{b.focus}见成效",
              f"{b.branch}党员先锋岗服务师生纪实", f"以“{core}”为抓手推进{b.focus}"]
    media = ["学院官网", "学校新闻网", "“信息学院青年”微信公众号", "北京教育网"]
    out = []
    for i in range(n):
        when = date(start.year, start.month + i, 12 + i)
        line = f"{i + 1}.《{titles[i]}》，{media[i]}，{cn_date(when)}"
        if url and i == n - 1:
            line += f"，https://xxxy.example.edu.cn/info/10{start.month + i:02d}/{3100 + 17 * i}.htm"
        out.append(line)
    return out


@dataclass
class BuiltReport:
    data: bytes
    word_count: int
    photos: int
    captioned: int


def news_report(b: T.Brand, spec: R.ReportSpec, news: list[str], heading: str = "宣传报道情况") -> BuiltReport:
    """A seed-004 成果报告 (sample_reports' composer and renderer) with its published news listed under a
    '宣传报道情况' sub-heading at the end of 取得成效, before the closing paragraph."""
    with registered(b):
        items = R.compose(spec)
        if news:
            last = max(i for i, it in enumerate(items) if it.kind == "p" and it.text.startswith("下一步"))
            block = [R.Item("sub", heading), R.Item("p", "品牌创建以来，支部活动在学院及以上平台刊发情况如下：")]
            block += [R.Item("p", line) for line in news]
            items[last:last] = block
        data = R.render(spec, items)
    photos = [ph for it in items if it.kind in ("photo", "photos") for ph in it.photos or []]
    return BuiltReport(data, count_units(R.units_of(items)), len(photos), sum(1 for _, c in photos if c))


# ---------------------------------------------------------------- seed 002: 精品项目申报书 + 情况报告


@dataclass
class Project:
    unit: str  # 所在单位 (the 基层党委 the project is filed through)
    name: str  # 项目名称
    host: str  # 项目主持人 as written (spaces, a title)
    phone: str
    members: list[str]  # 'name（unit）'
    budget: list[tuple[str, str]] | str | None  # items (名目, 金额) with a 合计 row, or a sentence, or nothing
    filled: date
    cover: bool = True
    b: T.Brand = field(init=False)

    def __post_init__(self) -> None:
        self.b = brand("p-" + self.name, self.unit, self.name, "faculty", "党员教育与学生成长", "", self.host, "")


def project_form(p: Project, seed: int) -> bytes:
    """Seed 002's 党建工作精品项目申报书: a cover (项目名称/项目主持人/所在单位/填报日期), a 填表须知 page, then the
    table: 项目名称 / 项目主持人 + 联系电话 / 所在单位 / 项目成员 (from several units) / '二、项目简介（限300字以内）' …
    numbered section rows with the text in the row below / 五、经费预算 (a small table of items with 合计, a sentence,
    or empty) / 六、所在基层党委（总支）意见 with 负责人（签字） and a date."""
    b = p.b
    summary, measures, expected = _texts(b, seed, numbered="（1）")
    w = DocWriter(east="仿宋_GB2312", size=16)
    if p.cover:
        RF._cover_top(w, "附件2", ["深湾大学第二批", "党建工作精品项目申报书"])
        for label, value in (("项目名称：", p.name), ("项目主持人：", p.host), ("所在单位：", p.unit),
                             ("填报日期：", cn_date(p.filled))):
            RF._cover_line(w, label, value)
        w.p("")
        w.p("深湾大学党委组织部制", east="楷体_GB2312", align=CENTER)
        RF._notice_page(w, "填 表 须 知", [
            "1. 项目主持人一般为党务工作者，每人限主持1个项目。",
            "2. 项目成员由师生党员组成（可含积极分子、发展对象），可跨学院、跨部门、师生联合申报。",
            "3. 经费预算须列明支出项目和金额。",
            "4. 本申报书经所在基层党委（总支）审核后报送党委组织部。"])
    else:
        w.title("深湾大学党建工作精品项目申报书", size=20)
    t = w.table(13, 4, [2.8, 5.2, 2.6, 5.0])
    RF._lab(w, t.cell(0, 0), "项目名称")
    RF._val(w, t.cell(0, 1).merge(t.cell(0, 3)), p.name)
    RF._lab(w, t.cell(1, 0), "项目主持人")
    RF._val(w, t.cell(1, 1), p.host)
    RF._lab(w, t.cell(1, 2), "联系电话")
    RF._val(w, t.cell(1, 3), p.phone)
    RF._lab(w, t.cell(2, 0), "所在单位")
    RF._val(w, t.cell(2, 1).merge(t.cell(2, 3)), p.unit)
    RF._lab(w, t.cell(3, 0), ["项目成员", "（注明所在单位）"])
    RF._val(w, t.cell(3, 1).merge(t.cell(3, 3)), "、".join(p.members))
    for n, (label, texts) in enumerate([("二、项目简介（限300字以内）", summary), ("三、实施方案", measures),
                                        ("四、预期成果（调研报告、工作案例等）", expected)]):
        RF._row_text(w, t, 4 + 2 * n, label, label=True)
        RF._row_text(w, t, 5 + 2 * n, _ideo(texts))
    RF._row_text(w, t, 10, "五、经费预算", label=True)
    cell = t.cell(11, 0).merge(t.cell(11, 3))
    if isinstance(p.budget, list):
        w.put(cell, "（单位：元）", align=LEFT, east="仿宋_GB2312")
        inner = cell.add_table(len(p.budget) + 1, 2)
        inner.style = w.doc.styles["Table Grid"]
        for r, (item, amount) in enumerate([("支出项目", "金额"), *p.budget]):
            w.put(inner.cell(r, 0), item, align=CENTER)
            w.put(inner.cell(r, 1), amount, align=CENTER)
        cell.add_paragraph()
    else:
        RF._val(w, cell, p.budget or "")
    w.put(t.cell(12, 0), "六、所在基层党委（总支）意见", align=CENTER, east="黑体", bold=True)
    op = t.cell(12, 1).merge(t.cell(12, 3))
    w.put(op, [SF.opinion(random.Random(seed)), "", "负责人（签字）：", cn_date(p.filled)], align=LEFT,
          center_v=False)
    for par in op.paragraphs[2:]:
        par.alignment = RIGHT
    return w.save(p.host.split()[0], _when(p.filled))


def situation_report(b: T.Brand, seed: int, when: datetime, closing: str) -> bytes:
    """Seed 002's 附件1, a 基层党委's 党建品牌创建工作情况报告 after the outline (品牌名称, 创建背景, 品牌内涵, 主要做法,
    取得成效), two photos captioned."""
    spec = R.ReportSpec(brand=b.key, seed=seed, title=f"{b.branch}党建品牌创建工作情况报告", closing_date=closing,
                        when=when, style="number", headings={"measures": "主要做法"},
                        captions=["支部党员开展{brand}主题活动", "{brand}成果展示"], photo_mode="inline")
    with registered(b):
        data, _ = R.build(spec)
    return data


# ---------------------------------------------------------------- seed 003: 示范创建申报书 + 自查报告


@dataclass
class Applicant:
    branch: str
    parent: str  # 所属党委（党总支）
    kind: str  # 标杆院系 | 样板支部
    brand: str
    leader: str
    secretary: str
    established: str  # 成立时间 as written
    budget: str  # 经费预算 as written
    filled: date
    signed: bool = True
    b: T.Brand = field(init=False)

    def __post_init__(self) -> None:
        who = "student" if "学生" in self.branch else "faculty"
        self.b = brand("a-" + self.branch, self.branch, self.brand, who, "对标争先与基层组织建设", "", self.leader,
                       self.secretary)


def benchmark_form(a: Applicant, seed: int) -> bytes:
    """Seed 003's 党建工作标杆学院和样板支部示范创建申报书: a borderless cover table (申报类型, 申报党组织, 所属党委,
    联 系 人 left empty, 填报日期), then section rows: 一、基本情况 (党组织名称 + 成立时间, 负 责 人 + 党员人数,
    所属党委（党总支）, 创建品牌名称), 二、工作基础, 三、实施计划（两年建设周期及年度目标）, 四、预期成果, 五、经费预算,
    党支部（党总支）书记签字 + date (signed or blank), 基层党委（党总支）意见 left for the committee (（盖章）, blank date)."""
    b = a.b
    summary, measures, expected = _texts(b, seed, numbered="一是")
    w = DocWriter(east="仿宋_GB2312", size=16)
    RF._cover_top(w, "附件3", ["黔岭理工学院党建工作标杆学院和", "样板支部示范创建申报书"])
    cover = [("申报类型：", f"党建工作{a.kind}"), ("申报党组织：", a.branch), ("所属党委：", a.parent),
             ("联 系 人：", ""), ("填报日期：", cn_date(a.filled))]
    ct = w.table(len(cover), 2, [4.4, 8.4], grid=False)
    for r, (label, value) in enumerate(cover):
        w.put(ct.cell(r, 0), label, align=RIGHT, east="黑体", size=16)
        w.put(ct.cell(r, 1), value, align=LEFT, east="楷体_GB2312", size=16)
    w.p("")
    w.p("黔岭理工学院党建办  制", east="楷体_GB2312", align=CENTER)
    w.page_break()
    t = w.table(16, 4, [2.8, 5.2, 2.6, 5.0])
    RF._row_text(w, t, 0, "一、基本情况", label=True)
    RF._lab(w, t.cell(1, 0), "党组织名称")
    RF._val(w, t.cell(1, 1), a.branch)
    RF._lab(w, t.cell(1, 2), "成立时间")
    RF._val(w, t.cell(1, 3), a.established)
    RF._lab(w, t.cell(2, 0), "负 责 人")
    RF._val(w, t.cell(2, 1), a.leader)
    RF._lab(w, t.cell(2, 2), "党员人数")
    RF._val(w, t.cell(2, 3), "正式党员21名，预备党员2名")
    RF._lab(w, t.cell(3, 0), "所属党委（党总支）")
    RF._val(w, t.cell(3, 1).merge(t.cell(3, 3)), a.parent)
    RF._lab(w, t.cell(4, 0), "创建品牌名称")
    RF._val(w, t.cell(4, 1).merge(t.cell(4, 3)), a.brand)
    rows = [("二、工作基础", summary), ("三、实施计划（两年建设周期及年度目标）", measures), ("四、预期成果", expected),
            ("五、经费预算（每年）", [a.budget])]
    for n, (label, texts) in enumerate(rows):
        RF._row_text(w, t, 5 + 2 * n, label, label=True)
        RF._row_text(w, t, 6 + 2 * n, texts)
    RF._lab(w, t.cell(13, 0), "党总支书记签字" if a.branch.endswith("党总支") else "党支部书记签字")
    sign = t.cell(13, 1).merge(t.cell(13, 3))
    w.put(sign, [a.secretary if a.signed else "", "（盖章）", cn_date(a.filled) if a.signed else BLANK_DATE],
          align=RIGHT, center_v=False)
    RF._lab(w, t.cell(14, 0), "基层党委（党总支）意见")
    w.put(t.cell(14, 1).merge(t.cell(14, 3)), ["", "（盖章）", BLANK_DATE], align=RIGHT, center_v=False)
    t.cell(15, 0).merge(t.cell(15, 3))  # the template's spare row
    w.units.append("")
    return w.save(a.leader, _when(a.filled))


SELF_CHECK_ITEMS = [
    ("政治建设有力", "支部坚持把党的政治建设摆在首位，严格执行“三会一课”、主题党日等制度，全年召开支部党员大会{k}次、"
                 "支委会{n}次，党员政治理论学习制度化、常态化。"),
    ("组织建设有力", "支部委员会配备齐全，分工明确，按期换届；党员发展严格履行程序，{m}名党员编入党小组，组织生活记录完整。"),
    ("党员管理有力", "建立党员积分管理台账，党员教育培训全覆盖，党员亮身份、作表率在{focus}中得到充分体现。"),
    ("制度建设有力", "对照《示范创建任务指南》完善支部议事规则和工作制度共{k}项，形成按制度办事、靠制度管人的工作格局。"),
    ("作用发挥有力", "支部围绕{focus}开展志愿服务和攻坚行动，党员累计服务{hours}小时，群众满意度持续提升。"),
]


def self_check_report(a: Applicant, seed: int, when: datetime, title_word: str = "对标争先自查报告") -> bytes:
    """Seed 003's 自查报告 (附件4): written against the 示范创建任务指南 item by item — 一、基本情况, 二、对照任务指南
    自查情况 with （一）… sub-headings, 三、存在的不足, 四、整改措施 — closing with the branch and a date; paragraphs
    indented with two U+3000."""
    b, rng = a.b, random.Random(seed)
    w = DocWriter(east="仿宋_GB2312", size=16)
    w.title(f"{a.branch}{title_word}")
    w.p("")
    w.p(f"{IDEO}根据《黔岭理工学院基层党组织对标争先建设计划实施方案》和《示范创建任务指南》要求，{a.branch}"
        "对照“七个有力”标准逐项开展自查，现将自查情况报告如下。")
    w.p(f"{IDEO}一、基本情况", east="黑体")
    w.p(f"{IDEO}{a.branch}成立于{a.established}，隶属{a.parent}，现有正式党员21名、预备党员2名。"
        + T.fill(T.BACKGROUND[0], b, rng))
    w.p(f"{IDEO}二、对照任务指南自查情况", east="黑体")
    for i, (head, text) in enumerate(SELF_CHECK_ITEMS):
        w.p(f"{IDEO}（{'一二三四五'[i]}）{head}", east="楷体_GB2312", bold=True)
        w.p(IDEO + T.fill(text, b, rng))
    w.p(f"{IDEO}三、存在的不足", east="黑体")
    w.p(IDEO + T.FILLER[4])
    w.p(f"{IDEO}四、整改措施", east="黑体")
    w.p(IDEO + T.FILLER[0] + T.FILLER[5])
    w.p("")
    w.p(a.branch, align=RIGHT)
    w.p(cn_date(a.filled), align=RIGHT)
    return w.save(a.secretary, when)


# ---------------------------------------------------------------- seed 000: 特色品牌创建申报表 with a logo


@dataclass
class Cultivated:
    branch: str
    parent: str  # 所在党总支
    brand: str
    slogan: str
    leader: str
    logo: bool  # the 品牌标识 cell holds the picture
    filled: date
    b: T.Brand = field(init=False)

    def __post_init__(self) -> None:
        who = "student" if "学生" in self.branch else "faculty"
        self.b = brand("c-" + self.branch, self.branch, self.brand, who, "专业育人与服务发展", self.slogan,
                       self.leader, "")


def sdpc_form(c: Cultivated, seed: int) -> bytes:
    """Seed 000's 基层党建特色品牌创建申报表: 党组织名称, 所在党总支, 品 牌 名 称 + 负 责 人, 联系电话 + 党员人数,
    品牌标语, 品牌标识 (a small PNG logo in the cell and a line on its design — or only '（标识设计中，后补）'),
    内涵释义 / 推进措施 / 预期成效, 党总支意见 with 党总支书记签字, （盖章） and the date left blank."""
    b = c.b
    summary, measures, expected = _texts(b, seed, numbered="一是")
    w = DocWriter(east="仿宋_GB2312", size=14)
    w.p("附件", east="黑体")
    w.title("滨海石化学院基层党建特色品牌创建申报表", size=18)
    w.p("填报单位（盖章）：" + c.parent + "          " + cn_date(c.filled), size=12)
    t = w.table(10, 4, [2.8, 5.6, 2.4, 4.8])
    for r, (label, value) in enumerate([("党组织名称", c.branch), ("所在党总支", c.parent)]):
        RF._lab(w, t.cell(r, 0), label, east="宋体")
        RF._val(w, t.cell(r, 1).merge(t.cell(r, 3)), value)
    for r, (l1, v1, l2, v2) in enumerate([("品 牌 名 称", c.brand, "负 责 人", c.leader),
                                          ("联系电话", f"139 5460 {2100 + seed % 900}", "党员人数", "18")], start=2):
        RF._lab(w, t.cell(r, 0), l1, east="宋体")
        RF._val(w, t.cell(r, 1), v1)
        RF._lab(w, t.cell(r, 2), l2, east="宋体")
        RF._val(w, t.cell(r, 3), v2)
    RF._lab(w, t.cell(4, 0), "品牌标语", east="宋体")
    RF._val(w, t.cell(4, 1).merge(t.cell(4, 3)), c.slogan)
    RF._lab(w, t.cell(5, 0), "品牌标识", east="宋体")
    cell = t.cell(5, 1).merge(t.cell(5, 3))
    if c.logo:
        par = cell.paragraphs[0]
        par.alignment = CENTER
        inline_picture(par.add_run(), logo_png(96), 2.5)
        w.units.append("")
        note = cell.add_paragraph()
        note.add_run(f"设计说明：标识以{b.symbol}为主要元素，红金两色寓意忠诚与担当。")
        w.units.append(note.text)
    else:
        RF._val(w, cell, "（标识设计中，后补）")
    for r, (label, texts) in enumerate([("内涵释义", summary), ("推进措施", measures), ("预期成效", expected)], start=6):
        RF._lab(w, t.cell(r, 0), label, east="宋体")
        RF._val(w, t.cell(r, 1).merge(t.cell(r, 3)), _ideo(texts))
    RF._lab(w, t.cell(9, 0), "党总支意见", east="宋体")
    op = t.cell(9, 1).merge(t.cell(9, 3))
    w.put(op, ["同意推荐。", "", "党总支书记签字：            （盖章）", BLANK_DATE], align=LEFT, center_v=False)
    for par in op.paragraphs[2:]:
        par.alignment = RIGHT
    return w.save(c.leader, _when(c.filled))


# ---------------------------------------------------------------- seed 001: 市直机关党建品牌申报表


@dataclass
class AgencyBrand:
    org: str  # 党组织名称 as written
    brand: str
    idea: str | None  # 品牌理念 (None: the row left empty)
    leader: str
    signer: str  # '' = unsigned
    filled: date
    b: T.Brand = field(init=False)

    def __post_init__(self) -> None:
        self.b = brand("g-" + self.org + self.brand, self.org, self.brand, "office", "优化服务与作风建设", "",
                       self.leader, self.signer)


def agency_form(g: AgencyBrand, seed: int) -> bytes:
    """Seed 001's 市直机关党建品牌申报表: 党组织名称 + 党员人数, 负责人 + 联系电话, 品牌名称, 品牌理念, 主要做法,
    预期效果, then 机关党委（党总支）审核意见 with 书记签字, （盖章） and a date."""
    b = g.b
    rng = random.Random(seed)
    measures, expected = SF.measures_paras(b, rng, n=3), SF.expected_paras(b, rng, n=4)
    w = DocWriter(east="仿宋_GB2312", size=14)
    w.p("附件", east="黑体")
    w.title("市直机关党建品牌申报表", size=20)
    w.p("填报单位（盖章）：                              ", size=12)
    t = w.table(7, 4, [3.0, 5.0, 3.0, 4.6])
    RF._lab(w, t.cell(0, 0), "党组织名称")
    RF._val(w, t.cell(0, 1), g.org)
    RF._lab(w, t.cell(0, 2), "党员人数")
    RF._val(w, t.cell(0, 3), f"{18 + seed % 20}人")
    RF._lab(w, t.cell(1, 0), "负责人")
    RF._val(w, t.cell(1, 1), g.leader)
    RF._lab(w, t.cell(1, 2), "联系电话")
    RF._val(w, t.cell(1, 3), f"0470-52{seed % 90 + 10:02d}{seed % 7}31")
    RF._lab(w, t.cell(2, 0), "品牌名称")
    RF._val(w, t.cell(2, 1).merge(t.cell(2, 3)), g.brand)
    RF._lab(w, t.cell(3, 0), ["品牌理念", "（200字以内）"])
    RF._val(w, t.cell(3, 1).merge(t.cell(3, 3)), _ideo([g.idea]) if g.idea else "")
    for r, (label, texts) in enumerate([("主要做法", measures), ("预期效果", expected)], start=4):
        RF._lab(w, t.cell(r, 0), label)
        RF._val(w, t.cell(r, 1).merge(t.cell(r, 3)), texts)
    RF._lab(w, t.cell(6, 0), "机关党委（党总支）审核意见")
    op = t.cell(6, 1).merge(t.cell(6, 3))
    w.put(op, [SF.opinion(rng), f"书记签字：{g.signer}", "（盖章）", cn_date(g.filled)], align=LEFT, center_v=False)
    for par in op.paragraphs[1:]:
        par.alignment = RIGHT
    return w.save(g.leader, _when(g.filled))


# ---------------------------------------------------------------- the roster


def roster_xlsx(title: str, rows: list[tuple[str, str, str, str, str]]) -> bytes:
    """A roster workbook as organisation departments keep one: a title row, then 序号 / 党支部 / 类型 / 所属党组织 /
    成立时间 / 书记, one branch a row (成立时间 as written, e.g. '2016年9月')."""
    return workbook("名单", title, ["序号", "党支部", "类型", "所属党组织", "成立时间", "书记"],
                    [[i, *row] for i, row in enumerate(rows, 1)])


def library_xlsx(title: str, rows: list[tuple[str, str, int, str]]) -> bytes:
    """Earlier years' brands for the brand library (brandreview library import): 品牌名称 / 党组织名称 / 年份 / 来源."""
    return workbook("品牌库", title, ["品牌名称", "党组织名称", "年份", "来源"], [list(r) for r in rows])


def workbook(sheet: str, title: str, header: list[str], rows: list[list]) -> bytes:
    """One sheet: a title row, the header, the rows; the same bytes on every run."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([title])
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.properties.creator = "组织部"
    wb.properties.created = wb.properties.modified = datetime(2024, 1, 1)
    buf = io.BytesIO()
    wb.save(buf)
    data = normalize_zip(buf.getvalue())
    with zipfile.ZipFile(io.BytesIO(data)) as z:  # openpyxl stamps the save time as 'modified' whatever it is told
        core = z.read("docProps/core.xml").decode("utf-8")
    core = re.sub(r"(<dcterms:modified[^>]*>)[^<]*", r"\g<1>2024-01-01T00:00:00Z", core)
    return replace_member(data, "docProps/core.xml", core.encode("utf-8"))
