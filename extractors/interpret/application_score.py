"""How much a Layout looks like an application form, with the evidence: labels that have a value cell or a
value after them count, labels heading a list (a roster's column titles) and instructions do not; a form needs
a brand or project name label and at least one content label, so a cover page alone, a roster, minutes or
another process's form is not one.

Owns the application score only (extractors.interpret.application extracts).
"""

from __future__ import annotations

from extractors.interpret.classify import Score, capped, head_text, title_word
from extractors.interpret.form_tables import grid, list_rows, neighbours
from extractors.interpret.labels import matcher_for
from pipeline.model.config import Config
from pipeline.model.layout import Layout, Table
from pipeline.model.records import FIELD_NAMES_ZH

_CORE = ("brand_name", "leader", "summary", "measures", "expected_outcomes")
_UNIT = ("branch_name", "unit", "parent_org")
_CONTENT = ("summary", "measures", "expected_outcomes")


def score(layout: Layout, config: Config) -> Score:
    m = matcher_for(config.labels)
    weight: dict[str, float] = {}
    listed_labels = 0

    def note(fld: str, w: float) -> None:
        key = "branch_name" if fld in _UNIT else fld
        weight[key] = max(weight.get(key, 0.0), w)

    instructions = False
    for block in layout.blocks[:600]:
        if isinstance(block, Table):
            instructions = False
            g, cells = grid(block)
            listed = list_rows(g, cells, lambda text: m.match_cell(text) is not None)
            labels: dict[int, str] = {}
            for cid, (r, _c, cell) in enumerate(cells):
                hit = m.match_cell(cell.text)
                if hit and r in listed and cid in listed[r]:
                    listed_labels += 1
                elif hit:
                    labels[cid] = hit.field
            for cid, fld in labels.items():
                r, c, _cell = cells[cid]
                note(fld, 1.0 if neighbours(g, cid, r, c, labels) else 0.5)
            for cid, (_r, _c, cell) in enumerate(cells):
                if cid in labels:
                    continue
                for p in cell.paragraphs[:3]:
                    in_cell = m.inline(p.text)
                    if in_cell:
                        note(in_cell.field, 1.0)
        else:
            if m.is_instructions(block.text.split("：")[0].split(":")[0]):
                instructions = True
            if instructions:
                continue
            for line in block.text.split("\n")[:3]:
                inline = m.inline(line)
                if inline and line[inline.end:].strip():
                    note(inline.field, 1.0)
                elif inline:
                    note(inline.field, 0.3)
    found = [f for f in (*_CORE, "branch_name") if weight.get(f)]
    points = sum(weight.get(f, 0.0) for f in (*_CORE, "branch_name"))
    points += 0.5 * sum(weight.get(f, 0.0) for f in ("branch_opinion", "signature"))
    evidence = [f"表单栏目：{'、'.join(FIELD_NAMES_ZH.get(f, f) for f in found) or '无'}"]
    head = head_text(layout)
    word = title_word(head, config.classify.application_titles)
    if word:
        points += 2.5
        evidence.append(f"标题含“{word}”")
    result = Score(points, evidence)
    other = title_word(head, config.classify.other_titles)
    if other:
        return capped(result, config, f"标题含“{other}”，是其他材料")
    if listed_labels and listed_labels >= 2 * len(found):
        return capped(result, config, "表格为名单（表头列重复），不是申报表")
    content = [f for f in _CONTENT if weight.get(f)]
    if not content:
        return capped(result, config, "只有封面信息，没有简介、措施或预期成效等正文栏目")
    if not weight.get("brand_name") and not (word and len(content) >= 2):
        # a form without a name row (a 样板支部申报书) is one only by its title and its content rows
        return capped(result, config, "没有品牌名称或项目名称栏")
    return result
