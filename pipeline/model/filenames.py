"""File names as people send them: the extension of a name, whatever its slashes, dots and spaces."""

from __future__ import annotations

from pathlib import PureWindowsPath


def extension_of(name: str) -> str:
    """Lower-case suffix of the last path component, without the dot; '' if there is none."""
    base = PureWindowsPath(name.strip()).name.strip().rstrip(".")  # accepts both '/' and '\\'
    stem, dot, suffix = base.rpartition(".")
    if not dot or not stem.strip(".") or not suffix or " " in suffix:
        return ""
    return suffix.lower()
