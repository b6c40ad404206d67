"""Outcome reports (成果报告) for samples/make_samples.py: compose the text, hit a 字数, render in one of the
heading styles branches use, and return the truth of what was written.

Owns report layout variants (numbered, （一）, 第一部分, Heading 1, bold plain lines; inline or tabled or
floating photos; header logos). The truth (word_count, sections, photos) is computed from the very text
units written, with pipeline.model.wordcount.count_units. It does not name files or decide check verdicts.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import datetime

try:  # samples/ on sys.path (make_samples.py puts it there)
    import sample_text as T
    from docx_build import CENTER, RIGHT, DocWriter, make_floating
    from sample_bytes import logo_png, photo_png
except ImportError:  # imported as the samples package
    from samples import sample_text as T
    from samples.docx_build import CENTER, RIGHT, DocWriter, make_floating
    from samples.sample_bytes import logo_png, photo_png

from docx.shared import Cm

from pipeline.model.wordcount import count_units, count_words

NUM = "一二三四五六七八九十"
DEFAULT_HEADINGS = {
    "brand_name": "品牌名称",
    "background": "创建背景",
    "connotation": "品牌内涵",
    "measures": "主要举措",
    "outcomes": "取得成效",
}
ORDER = list(DEFAULT_HEADINGS)


@dataclass
class ReportSpec:
    brand: str  # key in sample_text.BRANDS
    seed: int
    title: str
    closing_date: str
    when: datetime
    style: str = "number"  # number | paren | part | heading1 | bold
    parts: list[str] = field(default_factory=lambda: list(ORDER))
    headings: dict[str, str] = field(default_factory=dict)  # overrides of DEFAULT_HEADINGS
    brand_line: str | None = None  # text under the 品牌名称 heading (default: the bare brand name)
    brand_inline: bool = False  # '一、品牌名称：红色忆站'
    captions: list[str | None] = field(default_factory=list)  # one per photo; None = no caption
    caption_fmt: str = "图{n} {text}"  # or 'style' for Word's Caption style without a 图 prefix
    photo_mode: str = "inline"  # inline | table | end
    floating: tuple[int, ...] = ()  # photo indexes turned into wp:anchor
    header: str | None = None
    header_logo: bool = False
    footer: bool = False
    data_table: bool = False
    small_logo: bool = False  # a 2.5 cm brand logo in the body: not a photo
    n_measures: int = 4
    force_measures: tuple[int, ...] = ()
    target: int | None = None  # exact 字数
    word_range: tuple[int, int] = (1500, 2500)


@dataclass
class Item:
    kind: str  # title heading brandline sub p table photo photos closing
    text: str = ""
    key: str | None = None
    rows: list[list[str]] | None = None
    photos: list[tuple[int, str | None]] | None = None  # (photo index, caption)


def _sents(pool: list[str], b: T.Brand, rng: random.Random, n: int) -> str:
    return "".join(T.fill(s, b, rng) for s in pool[:n])


def _heading_text(spec: ReportSpec, key: str, i: int) -> str:
    name = spec.headings.get(key, DEFAULT_HEADINGS[key])
    return {
        "number": f"{NUM[i]}、{name}",
        "paren": f"（{NUM[i]}）{name}",
        "part": f"第{NUM[i]}部分 {name}",
        "heading1": name,
        "bold": name,
    }[spec.style]


def _sub_text(spec: ReportSpec, sub: str, i: int) -> str:
    return {
        "number": f"（{NUM[i]}）{sub}",
        "paren": f"{i + 1}.{sub}",
        "part": f"{NUM[i]}、{sub}",
        "heading1": sub,
        "bold": sub,
    }[spec.style]


def _caption(spec: ReportSpec, n: int, text: str | None) -> str | None:
    if text is None:
        return None
    return text if spec.caption_fmt == "style" else spec.caption_fmt.format(n=n, text=text)


def compose(spec: ReportSpec) -> list[Item]:
    """The report as a flat list of items, filled to the requested 字数."""
    b, rng = T.BRANDS[spec.brand], random.Random(spec.seed)
    bare = T.brand_label(b)
    # pick sentences at random but keep them in the pools' order, so paragraphs read as a sequence
    bg = [T.BACKGROUND[i] for i in sorted(rng.sample(range(len(T.BACKGROUND) - 1), 7))]
    conn = [T.CONNOTATION[i] for i in sorted({3, *rng.sample([0, 1, 2, 4, 5, 6, 7], 3)})]  # 3 speaks of 成效
    outs = [T.OUTCOMES[i] for i in sorted({0, *rng.sample(range(1, len(T.OUTCOMES) - 1), 5)})]
    picked = set(spec.force_measures) | set(
        rng.sample(
            [i for i in range(len(T.MEASURES)) if i not in spec.force_measures],
            spec.n_measures - len(spec.force_measures),
        )
    )
    groups = [T.MEASURES[i] for i in sorted(picked)]
    spare = [g for g in T.MEASURES if g not in groups]

    caps = [_caption(spec, i + 1, T.fill(c, b, rng) if c else None) for i, c in enumerate(spec.captions)]
    photos = list(enumerate(caps))
    body: dict[str, list[Item]] = {}
    body["brand_name"] = [] if spec.brand_inline else [Item("brandline", spec.brand_line or bare)]
    body["background"] = [
        Item("p", _sents(bg[:3], b, rng, 3)),
        Item("p", _sents(bg[3:], b, rng, 4)),
        Item("p", T.fill(T.BACKGROUND[-1], b, rng)),
    ]
    body["connotation"] = [Item("p", b.meaning), Item("p", _sents(conn, b, rng, 4))]
    if spec.small_logo:
        body["connotation"].insert(1, Item("logo"))
    measures = [Item("p", f"围绕品牌创建目标，支部重点从以下几个方面推进工作。{b.activity}")]
    for i, (sub, sents) in enumerate(groups):
        if spec.style == "bold":
            measures.append(Item("p", f"{NUM[i]}是{sub}。" + _sents(sents, b, rng, 3)))
        else:
            measures += [Item("sub", _sub_text(spec, sub, i)), Item("p", _sents(sents, b, rng, 3))]
    outcomes = [Item("p", _sents(outs[:3], b, rng, 3)), Item("p", _sents(outs[3:], b, rng, 3))]
    if spec.data_table:
        outcomes += [
            Item("center", "表1 支部品牌活动开展情况"),
            Item(
                "table",
                rows=[
                    ["项目", "2022年", "2023年"],
                    ["主题党日活动（次）", "8", "12"],
                    ["志愿服务时长（小时）", "420", "860"],
                    ["宣传报道（篇）", "3", "9"],
                ],
            ),
        ]
    closing_par = Item("p", T.fill(T.OUTCOMES[-1], b, rng))
    body["measures"], body["outcomes"] = measures, outcomes + [closing_par]

    # photos: spread after measure paragraphs and outcome paragraphs, or all in one place
    if spec.photo_mode == "inline" and photos:
        half = (len(photos) + 1) // 2
        slots_m = [i for i, it in enumerate(body["measures"]) if it.kind == "p"][1:] or [0]
        for j, ph in reversed(list(enumerate(photos[:half]))):
            body["measures"].insert(slots_m[min(j, len(slots_m) - 1)] + 1, Item("photo", photos=[ph]))
        rest = photos[half:]
        pos = len(body["outcomes"]) - 1
        for ph in reversed(rest):
            body["outcomes"].insert(pos, Item("photo", photos=[ph]))
    elif spec.photo_mode == "table":
        body["outcomes"].insert(len(body["outcomes"]) - 1, Item("photos", photos=photos))

    items = [Item("title", spec.title)]
    for i, key in enumerate(spec.parts):
        text = _heading_text(spec, key, i)
        if key == "brand_name" and spec.brand_inline:
            text += "：" + (spec.brand_line or bare)
        items.append(Item("heading", text, key=key))
        items += body[key]
    items += [Item("closing", b.branch), Item("closing", spec.closing_date)]
    if spec.photo_mode == "end":
        items.append(Item("p", "附：工作照片"))
        items += [Item("photo", photos=[ph]) for ph in photos]

    _fit(items, spec, b, rng, spare)
    return items


def units_of(items: list[Item]) -> list[str]:
    out = []
    for it in items:
        if it.kind == "table":
            out += [c for row in it.rows for c in row]
        elif it.kind not in ("photo", "photos", "logo"):
            out.append(it.text)
    return out


def _fit(items: list[Item], spec: ReportSpec, b: T.Brand, rng: random.Random, spare) -> None:
    """Add text before the last outcome paragraph until the 字数 is in range, or exactly `spec.target`."""
    last_p = max(i for i, it in enumerate(items) if it.kind == "p" and it.text.startswith("下一步"))
    lo, hi = (spec.target, spec.target) if spec.target else spec.word_range
    pool = [_sents(sents, b, rng, 3) for _, sents in spare] + [T.fill(s, b, rng) for s in T.FILLER]
    n = count_units(units_of(items))
    enough = lo - 160 if spec.target else lo + 200
    for para in pool:
        if n >= enough:
            break
        c = count_words(para)
        if spec.target and n + c > spec.target - 2:
            continue
        items.insert(last_p, Item("p", para))
        last_p += 1
        n += c
    if spec.target:
        need = spec.target - n
        source = "".join(T.FILLER) * (1 + need // 300)  # ideographs and full-width marks only: 1 字 each
        body = source[: need - 1]
        if body[-1] in "，。、；：":
            body = body[:-1] + "等"
        text = body + "。"
        assert count_words(text) == need, (need, text)
        items.insert(last_p, Item("p", text))
    n = count_units(units_of(items))
    assert lo <= n <= hi, (spec.title, n, lo, hi)


def render(spec: ReportSpec, items: list[Item]) -> bytes:
    w = DocWriter(east="仿宋_GB2312", size=16)
    if spec.header:
        w.header(spec.header, logo_png() if spec.header_logo else None)
    if spec.footer:
        w.page_number_footer()
    pictures = []  # (photo index, run)

    def photo(idx: int, cap: str | None, width: float, container=None):
        run = w.picture(photo_png(spec.seed * 100 + idx), width, container=container)
        pictures.append((idx, run))
        if cap is not None:
            w.caption(cap, style_caption=spec.caption_fmt == "style", container=container)

    for it in items:
        if it.kind == "title":
            w.title(it.text)
        elif it.kind == "heading":
            if spec.style == "heading1":
                w.p(it.text, style="Heading 1")
            elif spec.style == "number":
                w.p(it.text, east="黑体", indent=True)
            elif spec.style == "paren":
                w.p(it.text, east="楷体_GB2312", bold=True, indent=True)
            elif spec.style == "part":
                w.p(it.text, east="黑体", align=CENTER)
            else:
                w.p(it.text, bold=True)
        elif it.kind == "sub":
            if spec.style == "heading1":
                w.p(it.text, style="Heading 2")
            else:
                w.p(it.text, east="楷体_GB2312", bold=True, indent=True)
        elif it.kind == "brandline":
            w.p(it.text, bold=True, indent=True)
        elif it.kind == "p":
            w.p(it.text, indent=True)
        elif it.kind == "center":
            w.p(it.text, align=CENTER, size=12, east="黑体")
        elif it.kind == "closing":
            w.p(it.text, align=RIGHT)
        elif it.kind == "logo":
            w.picture(logo_png(), 2.5)
        elif it.kind == "table":
            t = w.table(len(it.rows), len(it.rows[0]), [6.0, 4.5, 4.5])
            for r, row in enumerate(it.rows):
                for c, text in enumerate(row):
                    w.put(t.cell(r, c), text, align=CENTER, size=12, east="仿宋_GB2312")
        elif it.kind == "photo":
            ((idx, cap),) = it.photos
            photo(idx, cap, 12.0 if idx % 2 == 0 else 11.0)
        elif it.kind == "photos":
            rows = (len(it.photos) + 1) // 2
            t = w.table(rows, 2, [7.8, 7.8], grid=False)
            for k, (idx, cap) in enumerate(it.photos):
                cell = t.cell(k // 2, k % 2)
                first = cell.paragraphs[0]
                run = first.add_run()
                run.add_picture(io.BytesIO(photo_png(spec.seed * 100 + idx)), width=Cm(7.2))
                first.alignment = CENTER
                w.units.append("")
                pictures.append((idx, run))
                if cap is not None:
                    w.caption(cap, container=cell)
    for idx, run in pictures:
        if idx in spec.floating:
            make_floating(run)
    written = [u for u in w.units if u]
    assert written == [u for u in units_of(items) if u], spec.title  # truth == what went into the body
    b = T.BRANDS[spec.brand]
    return w.save(b.leader, spec.when, minutes=95)


def build(spec: ReportSpec) -> tuple[bytes, dict]:
    """The report's bytes and its truth for the manifest."""
    items = compose(spec)
    data = render(spec, items)
    b = T.BRANDS[spec.brand]
    if "brand_name" in spec.parts:
        brand = spec.brand_line or T.brand_label(b)
    else:
        brand = spec.title.split("“", 1)[1].split("”", 1)[0]
    photos = [ph for it in items if it.kind in ("photo", "photos") for ph in it.photos]
    truth = {
        "brand_name": brand,
        "branch_name": b.branch,
        "word_count": count_units(units_of(items)),
        "sections": [k for k in spec.parts],
        "photos": len(photos),
        "captioned_photos": sum(1 for _, cap in photos if cap),
    }
    truth["_captions"] = [
        cap for _, cap in photos if cap
    ]  # for self-verification; stripped from the manifest
    return data, truth
