"""What a caption's words look like, for readers that see no caption style (PDF, OCR): one short line that is
no sentence and no numbered heading. Where it stands (just under a photo, centred on it) each reader judges
with its own geometry; the report interpreter then treats the line as a caption (style 'Caption')."""

from __future__ import annotations

import re

MAX_CHARS = 40
_SENTENCE_END = re.compile(r"[。；;！!？?]$")
_HEADING = re.compile(r"^[\s\u3000]*(?:第[一二三四五六七八九十\d]+(?:部分|章|节|篇)|[一二三四五六七八九十]{1,3}[、.．]"
                      r"|[（(][一二三四五六七八九十\d]{1,2}[)）]|\d{1,2}[.．、](?!\d))")


def caption_words(text: str) -> bool:
    """Short, no sentence, no numbered heading."""
    text = text.strip()
    return 0 < len(text) <= MAX_CHARS and not _SENTENCE_END.search(text) and not _HEADING.match(text)
