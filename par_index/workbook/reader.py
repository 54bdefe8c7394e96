"""Read a filled self-assessment workbook into a Submission, robustly and safely.

Every file first passes ``guard.inspect``; values are then read with python-calamine (fast, no
XML parser of ours). Rows are found by their key in the "Mã dòng" column and columns by their
header text, so inserted, hidden or widened rows and columns still read. Values people type in
odd forms are parsed (``parse``); what cannot be parsed becomes a ``ReadIssue`` for the check
step. A file that cannot be used at all (another template, missing rows, changed maxima) raises
``WorkbookError`` with a stable code. Cached formula results are never trusted: the reader adds
the total itself and notes when the spreadsheet's cached total differs.
"""

from __future__ import annotations

import hashlib
import os
from decimal import Decimal
from pathlib import Path

from par_index.criteria.model import CriteriaSet
from par_index.criteria.sets import Sets
from par_index.errors import InputFileError
from par_index.memo import Memo
from par_index.submission import Submission
from par_index.workbook import guard
from par_index.workbook.grid_reader import GridReader, sheet_sum
from par_index.workbook.meta import check_meta, find_sheet, open_book, read_meta
from par_index.workbook.reader_messages import (
    ISSUE_MESSAGES,
    KEY_AREA,
    KEY_BONUS,
    KEY_CRITERION,
    KEY_FIGURE,
    KEY_HEADER,
    KEY_PENALTY,
    KEY_TOTAL,
    M_CRITERIA_MISMATCH,
    M_EXTRA_ROW,
    M_MAX_CHANGED,
    M_MISSING_COLUMN,
    M_MISSING_ROW,
    M_MISSING_SHEET,
    M_NO_METADATA,
    M_SHEETS,
    M_SUGGEST,
    M_UNREADABLE,
    WHY_DUPLICATE,
    WHY_UNKNOWN,
)

__all__ = [
    "ISSUE_MESSAGES",
    "KEY_AREA",
    "KEY_BONUS",
    "KEY_CRITERION",
    "KEY_FIGURE",
    "KEY_HEADER",
    "KEY_PENALTY",
    "KEY_TOTAL",
    "M_CRITERIA_MISMATCH",
    "M_EXTRA_ROW",
    "M_MAX_CHANGED",
    "M_MISSING_COLUMN",
    "M_MISSING_ROW",
    "M_MISSING_SHEET",
    "M_NO_METADATA",
    "M_SHEETS",
    "M_SUGGEST",
    "M_UNREADABLE",
    "WHY_DUPLICATE",
    "WHY_UNKNOWN",
    "find_sheet",
    "guarded_bytes",
    "read_submission",
    "sheet_total",
]


def read_submission(
    path: Path, cs: Sets, *, display_name: str | None = None, memo: Memo | None = None
) -> Submission:
    """Read one unit's workbook; raises WorkbookError (with a code) when it cannot be used.
    ``cs``: the set, or a set per group (the one the workbook's metadata names is used).
    ``memo``: the run's, when reading many files (the rows of each unit type made once)."""
    path = Path(path)
    label = display_name or guard.display_name(path)
    data = guarded_bytes(path, label)
    book = open_book(data, label)
    meta = read_meta(book, label)
    cs = named_set(cs, meta)
    unit_type = check_meta(meta, cs, label)
    reader = GridReader(book, cs, unit_type, label, memo, data=data)
    return reader.submission(
        file=display_name or guard.display_name(path.name),
        sha256=hashlib.sha256(data).hexdigest(),
        meta=meta,
    )


def named_set(sets: Sets, meta: dict[str, str]) -> CriteriaSet:
    """The set a workbook's metadata names, among a workspace's groups (else the first, which
    the metadata check then says it does not match)."""
    if isinstance(sets, CriteriaSet):
        return sets
    chosen = (g.cs for g in sets.groups if g.cs.id == meta.get("criteria_id"))
    return next(chosen, sets.groups[0].cs)


def guarded_bytes(path: Path, label: str) -> bytes:
    """The file's bytes once ``guard.inspect`` found it safe (the same file it inspected);
    every workbook par-index reads from people comes through here."""
    before = _stat(path)
    guard.inspect(path)
    return _read_bytes(path, label, before)


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except OSError:
        return None  # guard.inspect says why, in the user's words


def _read_bytes(path: Path, label: str, before: os.stat_result | None) -> bytes:
    """The bytes guard.inspect checked: the same file (not swapped or rewritten since), never
    through a link."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise InputFileError(guard.CANNOT_OPEN, file=label, detail=exc.strerror or "") from exc
    with os.fdopen(fd, "rb") as handle:
        now = os.fstat(handle.fileno())
        data = handle.read()
    same = ("st_ino", "st_dev", "st_size", "st_mtime_ns")
    if before is None or any(getattr(now, k) != getattr(before, k) for k in same):
        raise guard.UnsafeWorkbook(guard.CANNOT_OPEN, file=label, detail=(guard.D_CHANGED, {}))
    if len(data) != now.st_size:
        raise guard.UnsafeWorkbook(guard.CANNOT_OPEN, file=label, detail=(guard.D_CHANGED, {}))
    return data


def sheet_total(cs: CriteriaSet, submission: Submission) -> Decimal:
    """The grand total as the sheet's formula adds it: tree leaves + capped bonus - penalty."""
    return sheet_sum(cs, {code: e.self_score for code, e in submission.entries.items()})
