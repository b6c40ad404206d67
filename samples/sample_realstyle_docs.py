"""Real-style documents that are not application forms, for samples/sample_realstyle.py: outcome reports whose
paragraphs are indented with two ideographic spaces (U+3000, white space: 0 字), one unit's report without a
branch name, and what else lands in an inbox — a roster, a speech titled 工作报告, a personal summary, meeting
minutes, a cover page alone, another process's forms (入党积极分子推荐表, 结题申请表).

Owns the layout of these documents and, for reports, the truth computed from the very text units written
(pipeline.model.wordcount.count_units; captions excluded). It does not name files or decide verdicts.
"""

from __future__ import annotations

import random
from datetime import datetime

try:  # samples/ on sys.path (make_samples.py puts it there)
    import sample_realstyle_prose as P
    import sample_text as T
    from docx_build import CENTER, LEFT, RIGHT, DocWriter
    from sample_bytes import photo_png
except ImportError:  # imported as the samples package
    from samples import sample_realstyle_prose as P
    from samples import sample_text as T
    from samples.docx_build import CENTER, LEFT, RIGHT, DocWriter
    from samples.sample_bytes import photo_png

from pipeline.model.wordcount import count_units, count_words

IDEO = "\u3000\u3000"  # two ideographic spaces: how many people indent a paragraph
NUM = "一二三四五"
PARTS = ("brand_name", "background", "connotation", "measures", "outcomes")
HEADINGS = ("品牌名称", "创建背景", "品牌内涵", "主要举措", "取得成效")

ZHIHUI = T.Brand("zhihui", "人工智能学院研究生党支部", "智汇芯火", "student", "科研育人与创新实践",
                 "“智汇”寓意汇聚青年党员的智慧与力量，“芯火”寓意以芯片般的精密和火种般的热情投身科技报国，"
                 "让党员在科研攻关一线亮身份、作表率。",
                 "支部组建“芯火”科研攻关小组，党员研究生牵头承担实验室关键课题，每周举办一次学术沙龙，带动非党员同学共同进步。",
                 "智汇青春，芯火报国", "芯片、火炬和党徽", "石磊", "何静怡", (24, 6, 11))
HONGYUN = T.Brand("hongyun", "音乐学院教工党支部", "红韵传声", "faculty", "艺术育人与红色文化传承",
                  "“红韵”指红色经典音乐的韵律，“传声”寓意党员教师用歌声和琴声传播党的声音，让红色旋律在校园和社区唱响。",
                  "支部组建党员教师“红韵”艺术团，每学期排演红色经典曲目，走进中小学和社区开展演出和公益艺术课堂。",
                  "红韵润心，传声育人", "五线谱、话筒和党徽", "袁佩琳", "范志成", (16, 1, 3))


def _report_items(b: T.Brand, seed: int, target: int | None, frame: list[str]) -> list[tuple[str, str]]:
    """(kind, text) items of a five-part report from the sentence pools: heading, sub, brandline, p, photo;
    with a `target`, filled to exactly that 字数 together with the `frame` units (title, closing lines)."""
    rng = random.Random(seed)
    bg = [T.fill(s, b, rng) for s in T.BACKGROUND]
    conn = [T.fill(s, b, rng) for s in T.CONNOTATION]
    outs = [T.fill(s, b, rng) for s in T.OUTCOMES]
    body: dict[str, list[tuple[str, str]]] = {
        "brand_name": [("brandline", T.brand_label(b))],
        "background": [("p", "".join(bg[0:3])), ("p", "".join(bg[3:7])), ("p", bg[-1])],
        "connotation": [("p", b.meaning), ("p", "".join(conn[0:4]))],
        "measures": [("p", f"围绕品牌创建目标，支部重点从以下几个方面推进工作。{b.activity}")],
        "outcomes": [("p", "".join(outs[0:3])), ("photo", ""), ("p", "".join(outs[3:7])), ("photo", "")],
    }
    for i, (sub, sents) in enumerate(T.MEASURES[:4]):
        body["measures"] += [("sub", f"（{NUM[i]}）{sub}"), ("p", "".join(T.fill(s, b, rng) for s in sents))]
        if i % 2 == 1:
            body["measures"].append(("photo", ""))
    items = []
    for i, key in enumerate(PARTS):
        items.append(("heading", f"{NUM[i]}、{HEADINGS[i]}"))
        items += body[key]
    items.append(("p", outs[-1]))
    if target is None:
        return items
    spare = [T.fill(s, b, rng) for s in T.FILLER] + ["".join(T.fill(s, b, rng) for s in g[1]) for g in T.MEASURES[4:]]
    words = count_units([t for k, t in items if k != "photo"] + frame)
    at = len(items) - 1
    for para in spare:
        if words + count_words(para) <= target - 40:
            items.insert(at, ("p", para))
            at, words = at + 1, words + count_words(para)
    need = target - words  # one last paragraph of ideographs and full-width marks: exactly the 字数 left
    assert 2 <= need <= 400, need
    body_text = ("".join(T.FILLER) * 2)[: need - 1]
    text = (body_text[:-1] + "等" if body_text[-1] in "，。、；：" else body_text) + "。"
    assert count_words(text) == need, (need, text)
    items.insert(at, ("p", text))
    return items


def _render_report(title: str, items: list[tuple[str, str]], closing: list[str], captions: list[str], seed: int,
                   ideographic: bool, author: str, when: datetime) -> tuple[bytes, list[str]]:
    """The report in Word; returns its bytes and the counted text units written (captions apart)."""
    w = DocWriter(east="仿宋_GB2312", size=16)
    w.title(title)
    w.p("")
    lead = IDEO if ideographic else ""
    photos = iter(captions)
    n = 0
    for kind, text in items:
        if kind == "heading":
            w.p(lead + text, east="黑体", indent=not ideographic)
        elif kind == "sub":
            w.p(lead + text, east="楷体_GB2312", bold=True, indent=not ideographic)
        elif kind == "brandline":
            w.p(lead + text, bold=True, indent=not ideographic)
        elif kind == "p":
            w.p(lead + text, indent=not ideographic, align=LEFT)
        elif kind == "photo":
            caption = next(photos, None)
            if caption is None:
                continue
            n += 1
            w.picture(photo_png(seed * 100 + n), 12.0 if n % 2 else 11.0)
            w.caption(caption)
    w.p("")
    for line in closing:
        w.p(line, align=RIGHT)
    return w.save(author, when, minutes=120), [u for u in w.units if u]


def _report_truth(brand: str, branch: str | None, units: list[str], captions: list[str]) -> dict:
    return {"brand_name": brand, "branch_name": branch, "word_count": count_units(units), "sections": list(PARTS),
            "photos": len(captions), "captioned_photos": len(captions)}


def ideographic_report(key: str, seed: int, when: datetime, target: int | None = None) -> tuple[bytes, dict, list]:
    """A five-part report, every heading and paragraph opened with two U+3000 (no Word indent), 4 captioned photos."""
    b = {"zhihui": ZHIHUI, "hongyun": HONGYUN}[key]
    label = T.brand_label(b)
    captions = [f"图{i + 1} " + T.fill(c, b) for i, c in enumerate(T.CAPTIONS[:4])]
    title = f"{b.branch}“{label}”党建品牌创建成果报告"
    closing = [b.branch, f"{when.year}年{when.month}月{when.day}日"]
    items = _report_items(b, seed, target, [title, *closing])
    data, units = _render_report(title, items, closing, captions, seed, True, b.leader, when)
    truth = _report_truth(label, b.branch, units, captions)
    if target is not None:
        assert truth["word_count"] == target, (truth["word_count"], target)
        assert sum(len("".join(u.split())) + u.count("\u3000") for u in units) > 3000  # U+3000 counted: too long
    return data, truth, captions


def unit_report(when: datetime) -> tuple[bytes, dict, list]:
    """One unit's project report: five parts, Word first-line indents, closing with the 项目组, no branch name."""
    items: list[tuple[str, str]] = []
    for n, (head, paras) in enumerate(P.UNIT_REPORT):
        items.append(("heading", head))
        for k, para in enumerate(paras):
            items.append(("brandline" if n == 0 else "p", para))
            if (n == 3 and k in (0, 2)) or (n == 4 and k == 0):  # photos after two measures and one outcome
                items.append(("photo", ""))
    captions = P.UNIT_REPORT_CAPTIONS
    data, units = _render_report(P.UNIT_REPORT_TITLE, items, P.UNIT_REPORT_CLOSING, captions, 77, False, "王立新", when)
    return data, _report_truth(P.UNIT_REPORT[0][1][0], None, units, captions), list(captions)


# ---------------------------------------------------------------- not a form, not a report


def roster(when: datetime) -> bytes:
    """A 汇总表: one header row (序号/党支部名称/项目类型/项目名称/负责人/参与学生总人数/联系电话), ten data rows."""
    w = DocWriter(east="仿宋_GB2312", size=12)
    w.title(P.ROSTER_TITLE, size=16)
    t = w.table(len(P.ROSTER_ROWS) + 1, 7, [1.2, 4.0, 2.0, 2.8, 1.6, 1.8, 2.8])
    for c, head in enumerate(P.ROSTER_HEAD):
        w.put(t.cell(0, c), head, align=CENTER, bold=True, east="黑体", size=10.5)
    for r, row in enumerate(P.ROSTER_ROWS, start=1):
        phone = f"0851-8830 {6600 + 7 * r}"
        for c, text in enumerate([str(r), *row, phone]):
            w.put(t.cell(r, c), text, align=CENTER, size=10.5, east="仿宋_GB2312")
    w.p("")
    for line in P.ROSTER_FOOT:
        w.p(line, size=12)
    return w.save("罗敏", when)


def speech(when: datetime) -> bytes:
    """A several-page speech whose second line says 工作报告: headings of its own, none of the five parts."""
    w = DocWriter(east="仿宋_GB2312", size=16)
    w.title(P.SPEECH_TITLE[0])
    w.p(P.SPEECH_TITLE[1], east="楷体_GB2312", align=CENTER)
    for line in P.SPEECH_TITLE[2:]:
        w.p(line, east="楷体_GB2312", align=CENTER)
    for head, paras in P.SPEECH:
        if head:
            w.p(head, east="黑体" if head[0] in NUM else "楷体_GB2312", bold=head[0] == "（", indent=True)
        for para in paras:
            w.p(para, indent=para != "同志们：")
    w.page_number_footer()
    return w.save("贺立军", when, minutes=240)


def personal_summary(when: datetime) -> bytes:
    w = DocWriter(east="仿宋_GB2312", size=16)
    w.title(P.SUMMARY_TITLE[0])
    w.p(P.SUMMARY_TITLE[1], east="楷体_GB2312", align=CENTER)
    for para in P.SUMMARY[:-2]:
        heading = len(para) < 16
        w.p(para if heading else IDEO + para, east="黑体" if heading else None)
    for line in P.SUMMARY[-2:]:
        w.p(line, align=RIGHT)
    return w.save("陈思雨", when)


def minutes(when: datetime) -> bytes:
    """会议记录: 时间/地点/主持人/参会人员 lines, 议题, 内容, 决定, the signatures."""
    w = DocWriter(east="仿宋_GB2312", size=14)
    w.title(P.MINUTES_TITLE, size=18)
    for line in P.MINUTES_HEAD:
        w.p(line)
    for line in P.MINUTES_BODY:
        w.p(line, bold=line.endswith("：") or None, indent=not line.endswith("："))
    return w.save("唐可欣", when)


def cover_alone(when: datetime) -> bytes:
    """A 申报书 cover page and nothing after it (the form itself was never attached)."""
    w = DocWriter(east="仿宋_GB2312", size=16)
    w.p("附件2", east="黑体")
    for _ in range(3):
        w.p("")
    w.title("北岭理工学院党建工作精品项目申报书", size=24)
    for _ in range(4):
        w.p("")
    for label, value in P.COVER_ALONE:
        w.p(label + value, east="楷体_GB2312")
    for _ in range(6):
        w.p("")
    w.p("北岭理工学院党委组织部制", east="楷体_GB2312", align=CENTER)
    return w.save("林雅婷", when)


def _grid_form(title: str, grid, rows, author: str, when: datetime) -> bytes:
    """A 4-column form of another process: label/value pairs, then label + merged value rows."""
    w = DocWriter(east="仿宋_GB2312", size=14)
    w.title(title, size=20)
    w.p("")
    t = w.table(len(grid) + len(rows), 4, [3.0, 4.8, 3.0, 4.8])
    for r, (l1, v1, l2, v2) in enumerate(grid):
        w.put(t.cell(r, 0), l1, align=CENTER, east="黑体")
        if l2 is None:
            w.put(t.cell(r, 1).merge(t.cell(r, 3)), v1, align=LEFT)
            continue
        w.put(t.cell(r, 1), v1, align=LEFT)
        w.put(t.cell(r, 2), l2, align=CENTER, east="黑体")
        w.put(t.cell(r, 3), v2, align=LEFT)
    for r, (label, texts) in enumerate(rows, start=len(grid)):
        w.put(t.cell(r, 0), label, align=CENTER, east="黑体")
        cell = t.cell(r, 1).merge(t.cell(r, 3))
        w.put(cell, texts, align=LEFT, center_v=False)
        for par in cell.paragraphs[1:]:
            par.alignment = RIGHT
    return w.save(author, when)


def activist_form(when: datetime) -> bytes:
    return _grid_form(P.ACTIVIST_TITLE, P.ACTIVIST_GRID, P.ACTIVIST_ROWS, "贺俊峰", when)


def closing_form(when: datetime) -> bytes:
    return _grid_form(P.CLOSING_TITLE, P.CLOSING_GRID, P.CLOSING_ROWS, "王立新", when)
