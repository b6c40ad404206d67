"""What a check is: an id, a pydantic Params model (limits, all required, unknown keys rejected) and a
pure function judging one DocumentRecord. No check reads files, databases or other records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict

from pipeline.model.records import CheckResult, DocumentRecord


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class Check:
    id: str  # = module name = config table [checks.<id>] = export id
    params: type[Params]
    run: Callable[[DocumentRecord, Any], CheckResult]
    applies_to: tuple[str, ...]  # doc types
    title: str  # Chinese, for reviewers
    when: Callable[[DocumentRecord], bool] | None = None  # further condition (e.g. only OCR documents)
