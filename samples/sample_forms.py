"""Application forms (申报表/申报书) for samples/make_samples.py, one builder per form family in the notices.

Owns the layout of each form family and returns (docx bytes, fields) where `fields` is exactly what was
written: value text only, multi-paragraph values joined with '\\n' (empty paragraphs dropped), `signed` and
`date` as the manifest defines them. It does not name files or decide expected check results.
"""

from __future__ import annotations

import random
from datetime import datetime

try:  # samples/ on sys.path (make_samples.py puts it there)
    import sample_text as T
    from docx_build import CENTER, LEFT, RIGHT, DocWriter
except ImportError:  # imported as the samples package
    from samples import sample_text as T
    from samples.docx_build import CENTER, LEFT, RIGHT, DocWriter

from pipeline.model.wordcount import count_words

Fields = dict


# ---------------------------------------------------------------- content


def summary_paras(b: T.Brand, rng: random.Random, n: int = 3, split: bool = False) -> list[str]:
    picks = rng.sample(T.CONNOTATION, n)
    first = b.meaning + "".join(T.fill(s, b, rng) for s in picks[:2])
    rest = "".join(T.fill(s, b, rng) for s in picks[2:])
    paras = [first, rest] if split and rest else [first + rest]
    return [p for p in paras if p]


def measures_paras(b: T.Brand, rng: random.Random, n: int = 3, numbered: str = "1.") -> list[str]:
    groups = rng.sample(T.MEASURES, n)
    out = [b.activity]
    for i, (sub, sents) in enumerate(groups, start=1):
        label = {"1.": f"{i}.", "（1）": f"（{i}）", "一是": "一二三四五"[i - 1] + "是"}[numbered]
        sep = "，" if numbered == "一是" else "。"
        out.append(label + sub + sep + "".join(T.fill(s, b, rng) for s in sents[:2]))
    return out


def expected_paras(b: T.Brand, rng: random.Random, n: int = 5, numbered: bool = True) -> list[str]:
    picks = [T.fill(s, b, rng) for s in rng.sample(T.EXPECTED, n)]
    if numbered:
        return [f"（{i}）{s}" for i, s in enumerate(picks, start=1)]
    return ["".join(picks)]


def opinion(rng: random.Random) -> str:
    return rng.choice(T.OPINIONS)


def _check_lengths(fields: Fields) -> Fields:
    for key in ("summary", "measures", "expected_outcomes"):
        n = count_words(fields[key])
        assert 150 <= n <= 600, (fields["brand_name"], key, n)
    return fields


def _fields(
    b: T.Brand,
    brand: str,
    leader: str,
    summary,
    measures,
    expected,
    opinion_text,
    signed,
    date,
    branch: str | None = None,
    **extra,
) -> Fields:
    """The truth of a form; `extra` sets the optional fields the form carries (phone, established, members,
    parent_org), which are None otherwise."""
    optional = {"members": None, "parent_org": None, "phone": None, "established": None, "budget": None,
                "budget_yuan": None, "slogan": None, "logo": None, "logo_target": None}
    assert set(extra) <= set(optional), extra
    return _check_lengths(
        {
            "branch_name": branch or b.branch,
            "brand_name": brand,
            "leader": leader,
            "summary": "\n".join(summary),
            "measures": "\n".join(measures),
            "expected_outcomes": "\n".join(expected),
            "branch_opinion": opinion_text,
            "signed": signed,
            "date": date,
            **optional,
            **extra,
        }
    )


def _label(w: DocWriter, cell, text: str) -> None:
    w.put(cell, text, align=CENTER, east="黑体")


def _value(w: DocWriter, cell, texts) -> None:
    w.put(cell, texts, align=LEFT)


# ---------------------------------------------------------------- families


def form_ncut(
    b: T.Brand,
    seed: int,
    *,
    bottom: str,
    signer: str,
    date_text: str,
    date_iso: str | None,
    unit: str,
    when: datetime,
    brand: str | None = None,
) -> tuple[bytes, Fields]:
    """Seed 004 (北方工业大学信息学院): 党支部名称 / 品牌名称 + 品牌实施负责人 / 品牌简介 / 创建措施及步骤 /
    预期成效 及验收指标, then 支部意见 + 支部书记签字 + date, either in one merged cell ('merged') or as rows ('rows')."""
    rng = random.Random(seed)
    brand = brand or b.brand
    summary, measures, expected = summary_paras(b, rng), measures_paras(b, rng), expected_paras(b, rng)
    op = opinion(rng)
    w = DocWriter(east="仿宋_GB2312", size=14)
    w.p("附件：", east="黑体", size=14)
    w.title(f"{unit}“一支部一品牌”创建申报表", size=18)
    n_rows = 6 if bottom == "merged" else 8
    t = w.table(n_rows, 4, [3.2, 4.6, 3.2, 4.6])
    _label(w, t.cell(0, 0), "党支部名称")
    _value(w, t.cell(0, 1).merge(t.cell(0, 3)), b.branch)
    _label(w, t.cell(1, 0), "品牌名称")
    _value(w, t.cell(1, 1), brand)
    _label(w, t.cell(1, 2), "品牌实施负责人")
    _value(w, t.cell(1, 3), b.leader)
    for r, (lab, val) in enumerate(
        [("品牌简介", summary), ("创建措施及步骤", measures), ("预期成效 及验收指标", expected)], start=2
    ):
        _label(w, t.cell(r, 0), lab)
        _value(w, t.cell(r, 1).merge(t.cell(r, 3)), val)
    if bottom == "merged":
        cell = t.cell(5, 0).merge(t.cell(5, 3))
        w.put(cell, ["支部意见：", op, "", f"支部书记签字：{signer}", date_text], align=LEFT, center_v=False)
        cell.paragraphs[3].alignment = RIGHT
        cell.paragraphs[4].alignment = RIGHT
    else:
        _value(w, t.cell(5, 0), "支部意见：")
        _value(w, t.cell(5, 1).merge(t.cell(5, 3)), op)
        _value(w, t.cell(6, 0), "支部书记签字：")
        _value(w, t.cell(6, 1).merge(t.cell(6, 3)), signer)
        w.put(t.cell(7, 0).merge(t.cell(7, 3)), date_text, align=RIGHT)
    data = w.save(b.secretary if signer else b.leader, when)
    return data, _fields(b, brand, b.leader, summary, measures, expected, op, bool(signer), date_iso)


def form_szu(
    b: T.Brand, seed: int, *, leader: str, signer: str, date_text: str, date_iso: str, when: datetime
) -> tuple[bytes, Fields]:
    """Seed 002 (深圳大学) 项目申报书: 项目名称 / 项目主持人 + 所在单位, long fields with the label row ABOVE
    the value row, 基层党委意见 with 负责人签字 and a date in Chinese numerals."""
    rng = random.Random(seed)
    summary, measures, expected = (
        summary_paras(b, rng),
        measures_paras(b, rng, numbered="（1）"),
        expected_paras(b, rng, n=5, numbered=False),
    )
    op = opinion(rng)
    w = DocWriter(east="仿宋_GB2312", size=14)
    w.title("党建工作精品项目申报书", size=20)
    w.p("")
    t = w.table(10, 4, [3.0, 4.8, 3.0, 4.8])
    _label(w, t.cell(0, 0), "项目名称")
    _value(w, t.cell(0, 1).merge(t.cell(0, 3)), b.brand)
    _label(w, t.cell(1, 0), "项目主持人")
    _value(w, t.cell(1, 1), leader)
    _label(w, t.cell(1, 2), "所在单位")
    _value(w, t.cell(1, 3), b.branch)
    for r, (lab, val) in enumerate(
        [("项目简介（300字以内）", summary), ("主要做法", measures), ("预期成果", expected)]
    ):
        w.put(t.cell(2 + 2 * r, 0).merge(t.cell(2 + 2 * r, 3)), lab, east="黑体", align=LEFT)
        _value(w, t.cell(3 + 2 * r, 0).merge(t.cell(3 + 2 * r, 3)), val)
    w.put(t.cell(8, 0).merge(t.cell(8, 3)), "基层党委意见", east="黑体", align=LEFT)
    cell = t.cell(9, 0).merge(t.cell(9, 3))
    w.put(cell, [op, "", f"负责人签字：{signer}", date_text], align=LEFT, center_v=False)
    cell.paragraphs[2].alignment = RIGHT
    cell.paragraphs[3].alignment = RIGHT
    data = w.save(leader, when)
    assert count_words("\n".join(summary)) <= 300
    return data, _fields(b, b.brand, leader, summary, measures, expected, op, True, date_iso)


def form_sdpc(
    b: T.Brand,
    seed: int,
    *,
    signer: str,
    date_text: str,
    date_iso: str,
    when: datetime,
    stamp_same_line: bool = True,
) -> tuple[bytes, Fields]:
    """Seed 000 (山东石油化工学院) 申报表: spaced labels ('品 牌 名 称'), '党组织名称：' with a colon,
    品牌内涵 / 推进措施 / 预期成效, 党总支意见 with signature, （盖章） and date in the opinion's cell."""
    rng = random.Random(seed)
    summary, measures, expected = (
        summary_paras(b, rng, split=True),
        measures_paras(b, rng, numbered="一是"),
        expected_paras(b, rng, n=5),
    )
    op = [opinion(rng), "请党支部按照创建方案抓好落实，定期总结推进情况。"]
    w = DocWriter(east="仿宋_GB2312", size=14)
    w.title("山东石油化工学院基层党建特色品牌创建申报表", size=18)
    t = w.table(7, 4, [3.0, 5.2, 2.6, 4.8])
    _label(w, t.cell(0, 0), "党组织名称：")
    _value(w, t.cell(0, 1).merge(t.cell(0, 3)), b.branch)
    _label(w, t.cell(1, 0), "品 牌 名 称")
    _value(w, t.cell(1, 1), b.brand)
    _label(w, t.cell(1, 2), "负 责 人")
    _value(w, t.cell(1, 3), b.leader)
    _label(w, t.cell(2, 0), "品牌标语")
    _value(w, t.cell(2, 1).merge(t.cell(2, 3)), b.slogan)
    for r, (lab, val) in enumerate(
        [("品牌内涵", summary), ("推进措施", measures), ("预期成效", expected)], start=3
    ):
        _label(w, t.cell(r, 0), lab)
        _value(w, t.cell(r, 1).merge(t.cell(r, 3)), val)
    _label(w, t.cell(6, 0), "党总支意见")
    cell = t.cell(6, 1).merge(t.cell(6, 3))
    sign = (
        [f"党总支书记签字：{signer}          （盖章）"]
        if stamp_same_line
        else [f"党总支书记签字：{signer}", "（盖章）"]
    )
    w.put(cell, op + sign + [date_text], align=LEFT, center_v=False)
    for par in cell.paragraphs[len(op) :]:
        par.alignment = RIGHT
    data = w.save(b.leader, when)
    return data, _fields(b, b.brand, b.leader, summary, measures, expected, "\n".join(op), True, date_iso,
                         slogan=b.slogan)


def form_genhe(
    b: T.Brand, seed: int, *, founded: str, founded_iso: str, signer: str, date_text: str, date_iso: str,
    when: datetime
) -> tuple[bytes, Fields]:
    """Seed 001 (根河市直机关) 市直机关党建品牌申报表: 申报单位 + 成立时间 (a date that is not the form date),
    品牌名称, 负责人 + 党员人数, 品牌内涵 / 主要做法 / 预期效果, 机关党委意见 with （盖章） and a slash date."""
    rng = random.Random(seed)
    summary, measures, expected = (
        summary_paras(b, rng),
        measures_paras(b, rng, n=4),
        expected_paras(b, rng, n=5),
    )
    op = opinion(rng)
    w = DocWriter(east="仿宋_GB2312", size=14)
    w.title("市直机关党建品牌申报表", size=20)
    w.p("填报单位（盖章）：                                    ", size=12)
    t = w.table(7, 4, [3.0, 5.0, 3.0, 4.6])
    _label(w, t.cell(0, 0), "申报单位")
    _value(w, t.cell(0, 1), b.branch)
    _label(w, t.cell(0, 2), "成立时间")
    _value(w, t.cell(0, 3), founded)
    _label(w, t.cell(1, 0), "品牌名称")
    _value(w, t.cell(1, 1).merge(t.cell(1, 3)), b.brand)
    _label(w, t.cell(2, 0), "负责人")
    _value(w, t.cell(2, 1), b.leader)
    _label(w, t.cell(2, 2), "党员人数")
    _value(w, t.cell(2, 3), f"{sum(b.members[:2])}人")
    for r, (lab, val) in enumerate(
        [("品牌内涵", summary), ("主要做法", measures), ("预期效果", expected)], start=3
    ):
        _label(w, t.cell(r, 0), lab)
        _value(w, t.cell(r, 1).merge(t.cell(r, 3)), val)
    _label(w, t.cell(6, 0), "机关党委意见")
    cell = t.cell(6, 1).merge(t.cell(6, 3))
    w.put(cell, [op, f"书记签字：{signer}", "（盖章）", date_text], align=LEFT, center_v=False)
    for par in cell.paragraphs[1:]:
        par.alignment = RIGHT
    data = w.save(b.leader, when)
    return data, _fields(b, b.brand, b.leader, summary, measures, expected, op, True, date_iso,
                         established=founded_iso)


def form_paragraphs(
    b: T.Brand, seed: int, *, date_text: str, date_iso: str, when: datetime
) -> tuple[bytes, Fields]:
    """A form without a table: 'label：value' paragraphs; a long value continues over the following paragraphs
    until the next label. No signature line (signed null)."""
    rng = random.Random(seed)
    summary = summary_paras(b, rng, split=True)
    measures = measures_paras(b, rng, n=3)
    expected = expected_paras(b, rng, n=5, numbered=False)
    op = opinion(rng)
    w = DocWriter(east="仿宋_GB2312", size=16)
    w.title("外国语学院“一支部一特色”党建品牌申报书")
    w.p("")
    w.p(f"党支部名称：{b.branch}")
    w.p(f"品牌名称：{b.brand}")
    w.p(f"负责人：{b.leader}")
    w.p(f"品牌简介：{summary[0]}", indent=True)
    for s in summary[1:]:
        w.p(s, indent=True)
    w.p("创建措施：")
    for s in measures:
        w.p(s, indent=True)
    w.p(f"预期成效：{expected[0]}", indent=True)
    w.p(f"支部意见：{op}")
    w.p(f"日期：{date_text}")
    data = w.save(b.leader, when)
    return data, _fields(b, b.brand, b.leader, summary, measures, expected, op, None, date_iso)


def form_grid(
    b: T.Brand, seed: int, *, phone: str, date_text: str, date_iso: str, signer: str, when: datetime
) -> tuple[bytes, Fields]:
    """A 4-column form: two label/value pairs per row (申报单位/项目名称, 项目负责人/联系电话, 党员人数/申报日期),
    then a vertically merged '项目概况' label over 项目简介 / 主要做法 / 预期成果 sub-labels."""
    rng = random.Random(seed)
    summary, measures, expected = summary_paras(b, rng), measures_paras(b, rng), expected_paras(b, rng, n=5)
    op = opinion(rng)
    w = DocWriter(east="仿宋_GB2312", size=14)
    w.title("“一支部一特色”党建项目申报表", size=20)
    t = w.table(7, 4, [2.6, 5.4, 2.8, 4.8])
    pairs = [
        ("申报单位", b.branch, "项目名称", b.brand),
        ("项目负责人", b.leader, "联系电话", phone),
        ("党员人数", str(sum(b.members[:2])), "申报日期", date_text),
    ]
    for r, (l1, v1, l2, v2) in enumerate(pairs):
        _label(w, t.cell(r, 0), l1)
        _value(w, t.cell(r, 1), v1)
        _label(w, t.cell(r, 2), l2)
        _value(w, t.cell(r, 3), v2)
    group = t.cell(3, 0).merge(t.cell(5, 0))
    _label(w, group, "项目概况")
    for r, (lab, val) in enumerate(
        [("项目简介", summary), ("主要做法", measures), ("预期成果", expected)], start=3
    ):
        _label(w, t.cell(r, 1), lab)
        _value(w, t.cell(r, 2).merge(t.cell(r, 3)), val)
    _label(w, t.cell(6, 0), "所在党组织意见")
    cell = t.cell(6, 1).merge(t.cell(6, 3))
    w.put(cell, [op, "", f"书记签名：{signer}"], align=LEFT, center_v=False)
    cell.paragraphs[2].alignment = RIGHT
    data = w.save(b.leader, when)
    return data, _fields(b, b.brand, b.leader, summary, measures, expected, op, True, date_iso,
                         phone="".join(phone.split()))


def form_cover(
    b: T.Brand, seed: int, *, date_text: str, date_iso: str, when: datetime
) -> tuple[bytes, Fields]:
    """Seed 003 (贵州理工学院)-like 申报书: a cover page with 申报党组织 / 品牌名称 / 品牌负责人 / 填报日期 lines,
    then a two-column table; the opinion cell's own date is left blank ('年 月 日'), no signature line."""
    rng = random.Random(seed)
    summary, measures, expected = summary_paras(b, rng), measures_paras(b, rng), expected_paras(b, rng)
    op = opinion(rng)
    w = DocWriter(east="仿宋_GB2312", size=16)
    w.p("附件2", east="黑体")
    w.p("")
    w.title("土木工程学院“一支部一特色”党建品牌创建申报书", size=24)
    w.p("")
    w.p("")
    for line in (
        f"申报党组织：{b.branch}",
        f"品牌名称：{b.brand}",
        f"品牌负责人：{b.leader}",
        f"填报日期：{date_text}",
    ):
        w.p(line, east="楷体_GB2312")
    w.page_break()
    t = w.table(5, 2, [3.4, 12.2])
    for r, (lab, val) in enumerate(
        [("品牌名称", [b.brand]), ("品牌简介", summary), ("实施计划", measures), ("预期目标", expected)]
    ):
        _label(w, t.cell(r, 0), lab)
        _value(w, t.cell(r, 1), val)
    _label(w, t.cell(4, 0), "所在党组织意见")
    w.put(t.cell(4, 1), [op, "", "（盖章）", "年    月    日"], align=LEFT, center_v=False)
    for par in t.cell(4, 1).paragraphs[2:]:
        par.alignment = RIGHT
    data = w.save(b.leader, when)
    return data, _fields(b, b.brand, b.leader, summary, measures, expected, op, None, date_iso)
