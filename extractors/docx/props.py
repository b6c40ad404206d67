"""The document properties of a .docx: the title (docProps/core.xml) and the application's saved word count
with the name of the application that saved it (docProps/app.xml).

Owns which saved counts are believed. A saved count is kept only when `<Application>` names Microsoft Word
(`WORD_APPLICATIONS`): LibreOffice and WPS Office write `<Words>` too but count their own way (LibreOffice
splits Chinese into dictionary words: 818 "words" on a report of 4,941 字), and python-docx's template says
"Microsoft Macintosh Word" with the template's `<Words>0</Words>`, as do other generators that impersonate
Word. So a count is also dropped when it cannot be Word's: 0 (Word writes 0 only for an empty document,
which has nothing to compare), negative, not a whole number, above `MAX_WORDS`, or larger than `<Characters>`
(each word has at least one character). The producer is named as Word wrote it, with `<AppVersion>` when
that looks like one ('Microsoft Office Word 16.0000'); with no count there is no producer either.
Must not raise for any content of these parts and must not count words itself.
"""

from __future__ import annotations

import re

from lxml import etree

from extractors.docx.ns import APP_NS, DC_TITLE
from extractors.docx.package import Package

# <Application> values Word writes (Windows; Mac 2011 and later), compared case- and space-insensitively.
WORD_APPLICATIONS = ("Microsoft Office Word", "Microsoft Macintosh Word", "Microsoft Word")
MAX_WORDS = 10_000_000  # far above any document Word can hold as a submission; larger is garbage
_KNOWN = {" ".join(name.lower().split()): name for name in WORD_APPLICATIONS}
_VERSION = re.compile(r"[0-9]{1,2}\.[0-9]{1,4}")
_WHOLE = re.compile(r"[0-9]{1,9}")


def read_properties(pkg: Package) -> tuple[int | None, str | None, str | None]:
    """(saved word count, the application that saved it, title); None for what is absent or not believed."""
    words, app = _saved_count(pkg.xml("docProps/app.xml"))
    title = None
    core = pkg.xml("docProps/core.xml")
    if core is not None:
        el = core.find(DC_TITLE)
        if el is not None and el.text and el.text.strip():
            title = el.text.strip()
    return words, app, title


def _saved_count(app: etree._Element | None) -> tuple[int | None, str | None]:
    if app is None:
        return None, None
    name = _KNOWN.get(" ".join(_text(app, "Application")[:100].lower().split()))
    words = _whole(_text(app, "Words"))
    if name is None or words is None or not 0 < words <= MAX_WORDS:
        return None, None
    chars = _whole(_text(app, "Characters"))
    if chars is not None and words > chars:
        return None, None
    version = _text(app, "AppVersion").strip()
    return words, f"{name} {version}" if _VERSION.fullmatch(version) else name


def _text(root: etree._Element, local: str) -> str:
    el = root.find(f"{{{APP_NS}}}{local}")
    return (el.text or "") if el is not None else ""


def _whole(text: str) -> int | None:
    """A non-negative whole number as Word writes it ('1234'); None for anything else."""
    text = text.strip()
    return int(text) if _WHOLE.fullmatch(text) else None
