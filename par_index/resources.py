"""Where the shipped criteria sets and report templates are, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """``criteria`` or ``templates``: inside the installed wheel, else the checkout's folder."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def shipped_criteria() -> dict[str, Path]:
    """Name -> file of every criteria set shipped with par-index."""
    folder = data_dir("criteria")
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))}
