"""Who applies, told from the applicant's name as the form gives it: a college committee (学院, 党总支, 党委)
or a branch (支部), and a student branch (学生, 研究生, 本科生). Shared by checks.budget and checks.eligibility_age;
a roster's word (its 类型) comes first where a campaign check has it."""

from __future__ import annotations

from typing import Literal

from pipeline.model.records import DocumentRecord

Applicant = Literal["college", "branch", "student_branch"]
APPLICANT_ZH: dict[Applicant, str] = {"college": "学院（党总支）", "branch": "党支部", "student_branch": "学生党支部"}
STUDENT_WORDS = ("学生", "研究生", "本科生", "博士生", "硕士生")


def applicant(record: DocumentRecord, roster_kind: str | None = None) -> Applicant:
    """'branch' for a name with 支部 (or none), 'college' for 学院 / 党总支 / 党委 without 支部; a branch is a
    student branch when the roster's 类型 says 学生, else (no roster word) when its name has 学生 / 研究生 …"""
    name = record.branch_name or ""
    if "支部" not in name and any(w in name for w in ("党总支", "总支", "党委", "学院", "院系", "委员会")):
        return "college"
    if roster_kind is not None and roster_kind != "其他":
        return "student_branch" if roster_kind == "学生" else "branch"
    return "student_branch" if any(w in name for w in STUDENT_WORDS) else "branch"
