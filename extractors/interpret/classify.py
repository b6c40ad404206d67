"""What a document's classification rests on: a score with its evidence, and the title words that mark a
document of another process (a roster, minutes, a speech, another form), which is never a form or a report.

Owns the Score shape and the title evidence shared by the interpreters' score functions; which interpreter
wins is extractors.registry's business.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.model.config import Config
from pipeline.model.layout import Layout, Paragraph


@dataclass(frozen=True)
class Score:
    points: float
    evidence: list[str] = field(default_factory=list)  # reviewer-readable (Chinese), what the points rest on


def title_lines(layout: Layout, limit: int = 2, max_chars: int = 60) -> list[str]:
    """The non-empty body lines a document opens with, before any table or text box: its title (a cover's or a
    heading's) — at most `limit` of them, fewer once they pass `max_chars`."""
    out: list[str] = []
    for block in layout.blocks:
        if not isinstance(block, Paragraph) or block.in_textbox:
            break
        text = block.text.strip()
        if text:
            out.append(text)
        if len(out) >= limit or len("".join(out)) > max_chars:
            break
    return out


def document_title(layout: Layout) -> str | None:
    """The title a record keeps: its first body lines, or the document property title."""
    return " ".join(title_lines(layout)) or layout.title


def head_text(layout: Layout, lines: int = 6) -> str:
    """The first non-empty body lines before any table (a cover page's or a title's), joined."""
    out: list[str] = []
    for block in layout.blocks:
        if not isinstance(block, Paragraph):
            break
        text = block.text.strip()
        if text and len(text) <= 80:
            out.append(text)
        if len(out) >= lines:
            break
    return " ".join(out)


def title_word(head: str, words: list[str]) -> str | None:
    """The longest of `words` that the head text contains, or None."""
    hits = [w for w in words if w and w in head]
    return max(hits, key=len) if hits else None


def capped(score: Score, config: Config, reason: str) -> Score:
    """The score kept below the classification threshold, with why."""
    limit = config.classify.min_score - 0.5
    return Score(min(score.points, limit), [*score.evidence, reason])
