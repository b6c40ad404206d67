"""Self-check reports (自查报告, 对标自查报告, 自查情况报告): a kind of document of its own, known by its title.

Owns telling a self-check report by its title words (classify.self_check_titles) and what it keeps of one: the
report's facts as an outcome report's are read (brand, branch, 字数, parts found, photos), never judged by the
outcome-report checks. How an outcome report is read is extractors.interpret.outcome_report.
"""

from __future__ import annotations

from extractors.interpret import outcome_report
from extractors.interpret.classify import Score, head_text, title_lines, title_word
from pipeline.model.config import Config
from pipeline.model.layout import Layout
from pipeline.model.records import Extraction

TITLE_POINTS = 4.0  # above what a report's generic title and prose give it: the title decides


def self_check_title(layout: Layout, config: Config) -> str | None:
    """The self-check title word the document opens with, or None."""
    head = " ".join(title_lines(layout, limit=3, max_chars=80)) or head_text(layout, lines=3)
    return title_word(head, config.classify.self_check_titles)


def score(layout: Layout, config: Config) -> Score:
    word = self_check_title(layout, config)
    if word is None:
        return Score(0.0, ["标题不含自查报告标题词"])
    return Score(TITLE_POINTS, [f"标题含“{word}”"])


def extract(layout: Layout, config: Config) -> Extraction:
    extraction = outcome_report.extract(layout, config)
    return extraction.model_copy(update={"doc_type": "self_check"})
