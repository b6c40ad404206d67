"""Placing one arrival's files so that a killed process leaves nothing half-done: staging and its journal.

Owns `.staging/<claim id>/` in the workspace: every file an arrival places (the copy of the inbox file, mail or
archive members, reason notes) is first written there under a short name, then given its final name in
archive/ or quarantine/ by a hard link, which either makes a whole file appear or fails when the name is
taken (never overwriting anything). Before each link the intended final path is written to the claim's
journal. So after a crash: for a claim that was not committed, `undo` removes exactly the final names that
are still links to our staged files (nobody else's); for a committed claim, `clear` only drops the staging
folder (the final links hold the data). No temporary file ever sits in archive/ or quarantine/.
It must not read documents or touch the database.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from pipeline.workspace import MAX_NAME_BYTES, candidates


class Staging:
    def __init__(self, home: Path, claim_id: int):
        self.dir = Path(home) / ".staging" / str(claim_id)
        self.journal = self.dir / "journal.jsonl"
        self._count = 0

    def _new(self) -> Path:
        self.dir.mkdir(parents=True, exist_ok=True)
        self._count += 1
        return self.dir / f"{self._count}.bin"

    def stage_bytes(self, data: bytes) -> Path:
        path = self._new()
        path.write_bytes(data)
        return path

    def stage_copy(self, source: Path) -> Path:
        path = self._new()
        shutil.copy2(source, path)
        return path

    def place(self, staged: Path, folder: Path, relative: str, limit: int = MAX_NAME_BYTES) -> Path:
        """Give `staged` its final name under folder/relative (or 'name~2.ext' … when taken)."""
        for candidate in candidates(folder, relative, limit):
            candidate.parent.mkdir(parents=True, exist_ok=True)
            self._intend(staged, candidate)
            try:
                os.link(staged, candidate)
            except FileExistsError:
                continue
            return candidate
        raise AssertionError("unreachable: candidates() never ends")

    def _intend(self, staged: Path, final: Path) -> None:
        with open(self.journal, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"staged": staged.name, "final": str(final)}, ensure_ascii=False) + "\n")
            handle.flush()

    def placed(self) -> list[tuple[Path, Path]]:
        """(staged, final) of every intended placement, as journalled."""
        try:
            lines = self.journal.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        out = []
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # the last line of a process killed while writing it: its link was never made
            out.append((self.dir / entry["staged"], Path(entry["final"])))
        return out

    def undo(self) -> int:
        """Remove the final names that are our links (a claim that never committed); the number removed."""
        removed = 0
        for staged, final in self.placed():
            try:
                if final.exists() and os.path.samefile(staged, final):
                    final.unlink()
                    removed += 1
            except FileNotFoundError:
                continue
        self.clear()
        return removed

    def clear(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
