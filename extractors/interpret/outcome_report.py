"""Outcome reports (成果报告): the five parts, brand and branch, Word-style 字数 and photos with captions.

Owns reading a report out of a Layout. It must not judge limits (checks/ does) nor know file formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.interpret.classify import Score, capped, head_text, title_lines, title_word
from extractors.interpret.dates import find_dates
from extractors.interpret.sections import SectionMatcher, choose
from pipeline.model.config import Config
from pipeline.model.layout import Layout, Paragraph, Table
from pipeline.model.records import SECTION_NAMES_ZH, Extraction, Photo, ReportFacts, SectionHit, SectionKey
from pipeline.model.wordcount import count_words

_ORG = re.compile(r"(党支部|党总支|党委|支部|委员会|党小组|党组)")
_QUOTED = re.compile(r"[“\"「『《]([^”\"」』》]{1,30})[”\"」』》]")
_TITLE_BRANCH = re.compile(r"^(?P<branch>.{2,40}?(?:党支部|党总支|党委|党组|党小组|支部))"
                           r"(?=党建|品牌|特色|创建|成果|工作|“|\"|「|《|关于|$)")
_MATCHERS: dict[str, SectionMatcher] = {}
# published news: a heading naming them, a link, a 《title》 beside a medium or a date
_NEWS_HEADING = re.compile(r"宣传|报道|新闻|推送|刊发|刊登|媒体")
_URL = re.compile(r"https?://|www\.", re.I)
_WORK_TITLE = re.compile(r"《[^《》]{2,80}》")
_MEDIUM = re.compile(r"官网|网站|新闻网|网$|公众号|微信|微博|视频号|抖音|头条|日报|晚报|报》|报社|电视|电台|广播|客户端|学习强国|"
                     r"新华|人民网|光明|中国教育|平台|刊发|刊登|发布|报道|转载")
_ITEM_MARK = re.compile(r"^[\s\u3000]*(?:\d{1,2}[、.．)）]|[（(]\d{1,2}[)）]|[①-⑳]|[-—•·])")
_MAX_NEWS_CHARS = 200  # a longer line is prose, never one news item


@dataclass
class _Line:
    para: Paragraph
    container: str  # 'body', 'textbox' or 't<table>r<row>c<col>'
    where: str


def _lines(layout: Layout) -> list[_Line]:
    out: list[_Line] = []
    body_no = 0
    for t_index, block in enumerate(layout.blocks):
        if isinstance(block, Table):
            for r, row in enumerate(block.rows):
                for cell in row:
                    if cell.vmerge == "continue":
                        continue
                    for p in cell.paragraphs:
                        out.append(_Line(p, f"t{t_index}r{r}c{cell.col}", f"表格第 {r + 1} 行第 {cell.col + 1} 列"))
        else:
            body_no += 1
            container = "textbox" if block.in_textbox else "body"
            out.append(_Line(block, container, f"第 {body_no} 段"))
    return out


def _matcher(config: Config) -> SectionMatcher:
    key = config.report.model_dump_json()
    if key not in _MATCHERS:
        _MATCHERS[key] = SectionMatcher(config.report)
    return _MATCHERS[key]


def _is_caption(p: Paragraph, text: str, config: Config) -> bool:
    style = (p.style or "").lower()
    if any(s.lower() in style for s in config.report.caption_styles):
        return True
    return any(re.match(pattern, text) for pattern in config.report.caption_patterns)


def _photos(lines: list[_Line], config: Config) -> tuple[list[Photo], set[int], dict[int, int]]:
    """Photos in reading order, the indexes of the lines that are their captions, and for pictures whose
    caption follows them in their own paragraph, that line's index → where the caption starts."""
    photos: list[Photo] = []
    captions: set[int] = set()
    inline_captions: dict[int, int] = {}
    min_w, min_h = config.report.min_photo_width_cm, config.report.min_photo_height_cm
    for i, line in enumerate(lines):
        for pic in line.para.pictures:
            caption_index: int | None = None
            caption: str | None = None
            after = line.para.text[pic.offset:].strip()
            later = [q for q in line.para.pictures if q.offset > pic.offset]
            if after and not later:
                if _is_caption(line.para, after, config):
                    caption = after
                    inline_captions[i] = pic.offset
            else:
                for j in range(i + 1, min(i + 6, len(lines))):
                    if lines[j].container != line.container:
                        break
                    text = lines[j].para.text.strip()
                    if not text:
                        continue
                    if _is_caption(lines[j].para, text, config):
                        caption, caption_index = text, j
                    break
            if caption_index is not None:
                captions.add(caption_index)
            small = (pic.width_cm is not None and pic.width_cm < min_w) or (
                pic.height_cm is not None and pic.height_cm < min_h)
            if small:
                continue
            photos.append(Photo(caption=caption, width_cm=pic.width_cm, height_cm=pic.height_cm,
                                where=line.where, target=pic.target))
    return photos, captions, inline_captions


def _section_value(lines: list[_Line], start: int, stop: int) -> str | None:
    for line in lines[start:stop]:
        text = line.para.text.strip()
        if text:
            return text.rstrip("。")
    return None


def _branch_from_closing(lines: list[_Line], captions: set[int]) -> str | None:
    tail = [(i, ln) for i, ln in enumerate(lines) if ln.container == "body" and ln.para.text.strip()][-5:]
    for i, line in reversed(tail):
        text = line.para.text.strip()
        if i in captions or len(text) > 40 or text.endswith(("。", "；", "！")):
            continue
        if find_dates(text) and not _ORG.search(text):
            continue
        m = _ORG.search(text)
        if m:
            # '中共××党支部  2024年1月20日' on one line: keep the organisation only
            dates = find_dates(text)
            if dates:
                text = text[: dates[0][0]].strip()
            return text or None
    return None


def _from_title(title: str | None) -> tuple[str | None, str | None]:
    """(brand, branch) from a title like '信息学院第一党支部“薪火驿站”党建品牌创建成果报告'."""
    if not title:
        return None, None
    m = _QUOTED.search(title)
    brand = m.group(1) if m else None
    branch = None
    if m:
        head = title[: m.start()].strip()
        if _ORG.search(head):
            branch = head
    if branch is None:
        t = _TITLE_BRANCH.match(title.strip())
        branch = t.group("branch") if t else None
    return brand, branch


def _news(lines: list[_Line], heading_rows: set[int], captions: set[int]) -> list[str]:
    """The published news items a report lists: lines under a heading that names them (宣传报道情况, 新闻推送),
    numbered or holding a 《title》, a link or a date; anywhere, a line holding a link, or a 《title》 beside a
    medium (官网, 公众号, 日报 …). A part heading or prose ends the list under a heading."""
    out: list[str] = []
    under = False
    for i, line in enumerate(lines):
        if line.container.startswith("t") or i in captions:
            continue
        text = line.para.text.strip()
        if not text:
            continue
        if i in heading_rows:
            under = bool(_NEWS_HEADING.search(text)) and len(text) <= 30
            continue
        dated = bool(find_dates(text))
        titled = bool(_WORK_TITLE.search(text))
        linked = bool(_URL.search(text))
        numbered = bool(line.para.numbering) or bool(_ITEM_MARK.match(text))
        short = len(text) <= _MAX_NEWS_CHARS
        if short and not numbered and not titled and not linked and not text.endswith(("。", "：", ":", "；")) \
                and len(text) <= 30:
            under = bool(_NEWS_HEADING.search(text))  # a sub-heading of its own
            continue
        if under and short and (titled or linked or (numbered and dated)):
            out.append(text)
        elif short and (linked or (titled and _MEDIUM.search(text))):
            out.append(text)
        elif under and not text.endswith(("：", ":")):
            under = False  # prose after the list
    return out


def extract(layout: Layout, config: Config) -> Extraction:
    lines = _lines(layout)
    matcher = _matcher(config)
    candidates = []
    for i, line in enumerate(lines):
        if line.container.startswith("t"):
            continue
        p = line.para
        c = matcher.candidate(i, p.text.strip(), p.numbering, p.style, p.outline_level, p.bold)
        if c:
            candidates.append(c)
    heads = choose(candidates)
    photos, captions, inline_captions = _photos(lines, config)
    word_count = sum(count_words(ln.para.text[: inline_captions.get(i)]) for i, ln in enumerate(lines)
                     if i not in captions)
    title = next(iter(title_lines(layout, max_chars=50)), None)
    brand = None
    for n, h in enumerate(heads):
        if h.key == "brand_name":
            stop = heads[n + 1].index if n + 1 < len(heads) else len(lines)
            brand = h.inline_value or _section_value(lines, h.index + 1, stop)
    title_brand, title_branch = _from_title(title)
    facts = ReportFacts(
        brand_name=brand or title_brand,
        branch_name=_branch_from_closing(lines, captions) or title_branch,
        word_count=word_count,
        word_count_office=layout.office_words, word_count_office_app=layout.office_app,
        sections=[h.key for h in heads],
        headings=[SectionHit(key=h.key, heading=h.heading, where=lines[h.index].where) for h in heads],
        photos=photos,
        news=_news(lines, {h.index for h in heads}, captions),
    )
    return Extraction(doc_type="outcome_report", report=facts, title=title)


def score(layout: Layout, config: Config) -> Score:
    """How much this looks like an outcome report: part headings found, title words, prose and photos. A
    title that only names a kind of report ('工作报告') and a speech's prose count only beside part headings,
    and without a specific title or a 品牌名称 part three parts are needed: a speech is not a report."""
    lines = _lines(layout)
    matcher = _matcher(config)
    keys: list[SectionKey] = []
    for i, line in enumerate(lines[:3000]):
        if line.container.startswith("t"):
            continue
        p = line.para
        c = matcher.candidate(i, p.text.strip(), p.numbering, p.style, p.outline_level, p.bold)
        if c and c.key not in keys:
            keys.append(c.key)
    points = float(len(keys))
    evidence = [f"报告部分：{'、'.join(SECTION_NAMES_ZH.get(k, k) for k in keys) or '无'}"]
    head = " ".join(ln.para.text for ln in lines[:3])
    strong = title_word(head, config.classify.report_titles)
    generic = title_word(head, config.classify.generic_report_titles)
    if strong:
        points += 2.5
        evidence.append(f"标题含“{strong}”")
    elif generic and keys:
        points += 1.5
        evidence.append(f"标题含“{generic}”")
    prose = sum(count_words(ln.para.text) for ln in lines if ln.container == "body")
    if prose > 600 and keys:
        points += 1.0
    if any(ln.para.pictures for ln in lines) and keys:
        points += 0.5
    result = Score(points, evidence)
    own = title_word(head, config.classify.self_check_titles)
    if own and not strong:
        return capped(result, config, f"标题含“{own}”，是自查报告")
    other = title_word(head_text(layout), config.classify.other_titles)
    if other and not strong:
        return capped(result, config, f"标题含“{other}”，是其他材料")
    if not strong and "brand_name" not in keys and len(keys) < 3:
        return capped(result, config, "没有成果报告的标题，也没有足够的报告部分（品牌名称、创建背景、品牌内涵、主要举措、取得成效）")
    return result
