"""Resubmissions as versions: which stored documents are versions of one submission.

Owns the series key only: a branch's application and its outcome report are two submissions; the same branch
sending the same kind of document again makes a new version of it. The store numbers the versions and marks
the latest current (pipeline.store). Identical bytes are a duplicate (pipeline.run), never a new version.

Decisions: the branch is told by its name as extracted, compared without white space, punctuation and
brackets; a document whose branch name was not found falls back on its brand name; a document with neither,
an unrecognised or a rejected one is no version of anything (each such file counts on its own).
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.model.records import DocumentRecord

_NOISE = re.compile(r"[\s\u3000·•、，,。.:：;；\"'“”‘’《》〈〉「」『』()（）\[\]【】<>-]+")


def identity(name: str | None) -> str | None:
    """A branch (or brand) name as compared: NFKC, without white space, punctuation and brackets."""
    if not name:
        return None
    key = _NOISE.sub("", unicodedata.normalize("NFKC", name))
    return key or None


def series_key(record: DocumentRecord) -> str | None:
    """'<doc type>|<branch>' of a document that is a version of a submission, else None."""
    if record.status != "ok" or record.duplicate_of or record.doc_type not in ("application", "outcome_report",
                                                                                 "self_check"):
        return None
    who = identity(record.branch_name) or identity(record.brand_name)
    if who is None:
        return None
    return f"{record.doc_type}|{who}"[:400]
