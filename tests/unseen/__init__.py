"""Hard, realistic submissions the tool has never seen, built as real .docx bytes with their truths.

Every case returns ``(docx bytes, truth)``; ``CASES`` maps each case's name to its builder. The truth is derived
from the contract (the issue, README and the campaign's real notices), never from the implementation:

* forms: values as written (quotes, '·', inner spaces kept), outer white space trimmed, without the label,
  the signature line, '（盖章）' or the date that share the cell; paragraphs joined by '\\n';
  ``signed`` true/false/null; ``date`` the form's fill-in date as YYYY-MM-DD.
* reports: parts by their headings, brand name as written (quotes kept), branch from the closing lines or
  the title, Word-style 字数 = ``count_units`` over exactly the body units written (title, headings,
  paragraphs, table cells, text boxes, closing lines; not photo captions, not headers/footers, not automatic
  list numbers), photos (inline, floating, in cells; not header pictures, not pictures smaller than the
  configured photo size) and each photo's caption = the next text line after it in the same container when it
  starts with 图/照片/图片 and a numeral (or a colon) or has a caption style.  A '图1 …' line *above* a photo is
  not a caption by that rule, so it is counted in 字数 and its photo has no caption.
* checks: the statuses README's check table gives for the truth above, with the shipped limits
  (unseen.oracle).

Truth keys: ``file``, ``doc_type``, ``fields`` (forms) or ``report`` (reports) or neither (unknown),
``checks`` ({id: status}).

Modules: registry (CASES), oracle (statuses from the configured limits), build (the writer on
samples/docx_build.DocWriter), texts (shared wording); the cases in forms_rows, forms_layouts, forms_word,
reports_parts, reports_pictures, reports_text and other.
"""

from __future__ import annotations

from . import forms_layouts, forms_rows, forms_word, other, reports_parts, reports_pictures, reports_text
from .registry import CASES, Case

MODULES = (forms_rows, forms_layouts, forms_word, reports_parts, reports_pictures, reports_text, other)

__all__ = ["CASES", "MODULES", "Case"]
