"""A workbook opened with calamine, its sheets found by name, and its hidden metadata sheet read
and checked against the criteria set in use."""

from __future__ import annotations

import difflib
import io

import python_calamine

from par_index.criteria.model import CriteriaSet
from par_index.errors import WorkbookError
from par_index.text import fold, strip_accents
from par_index.workbook.layout import FORMAT_VERSION, META_FIELDS, SHEET_GUIDE, SHEET_META
from par_index.workbook.parse import CellValue, cell_text
from par_index.workbook.reader_messages import (
    M_CRITERIA_MISMATCH,
    M_MISSING_SHEET,
    M_NO_METADATA,
    M_SHEETS,
    M_SUGGEST,
    M_UNREADABLE,
)


def open_book(data: bytes, label: str) -> python_calamine.CalamineWorkbook:
    """The workbook from its bytes; WorkbookError when calamine cannot read it."""
    try:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own and generic errors for broken files
        raise WorkbookError(M_UNREADABLE, file=label, detail=_short(exc)) from exc


def _short(exc: BaseException) -> str:
    """The parser's complaint in one line, with its kind (calamine's texts can be one word)."""
    text = " ".join(str(exc).split())
    text = (text[:160] + "…") if len(text) > 160 else text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def sheet_rows(book, name: str, label: str) -> list[list[CellValue]]:
    """A sheet's cell values, row by row, empty cells included."""
    try:
        return book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:
        raise WorkbookError(M_UNREADABLE, file=label, detail=_short(exc)) from exc


def find_sheet(names: list[str], wanted: str) -> str | None:
    """The sheet whose name folds to ``wanted`` (case, NFC/NFD, look-alikes, spaces)."""
    return next((name for name in names if fold(name) == fold(wanted)), None)


def sheet_or_fail(book, wanted: str, label: str) -> str:
    """The sheet's name as written in the file; WorkbookError naming the closest one."""
    names = list(book.sheet_names)
    found = find_sheet(names, wanted)
    if found is not None:
        return found
    loose = {strip_accents(fold(n)): n for n in names}
    close = difflib.get_close_matches(strip_accents(fold(wanted)), list(loose), n=1, cutoff=0.6)
    suggestion = (
        M_SUGGEST.format(name=loose[close[0]]) if close else M_SHEETS.format(names=", ".join(names))
    )
    raise WorkbookError(M_MISSING_SHEET, file=label, sheet=wanted, suggestion=suggestion)


def find_grid(book, wanted: str, label: str, looks_right) -> tuple[str, list[list[CellValue]]]:
    """The grid sheet and its rows: the sheet of that name, else the one sheet whose rows carry
    the template's own keys (``looks_right(rows)``), whatever it is called ("Tự chấm điểm (2)"
    after a copy in Excel); else WorkbookError naming the closest sheet."""
    names = list(book.sheet_names)
    found = find_sheet(names, wanted)
    if found is not None:
        return found, sheet_rows(book, found, label)
    skip = {fold(SHEET_META), fold(SHEET_GUIDE)}
    for name in names:
        if fold(name) in skip:
            continue
        rows = sheet_rows(book, name, label)
        if looks_right(rows):
            return name, rows
    return sheet_or_fail(book, wanted, label), []


def read_meta(book, label: str) -> dict[str, str]:
    """The hidden metadata sheet's entries; WorkbookError when the required ones are missing."""
    name = find_sheet(list(book.sheet_names), SHEET_META)
    if name is None:
        raise WorkbookError(M_NO_METADATA, file=label, sheet=SHEET_META, field="criteria_id")
    meta: dict[str, str] = {}
    for row in sheet_rows(book, name, label):
        key = cell_text(row[0]) if row else None
        if key in META_FIELDS and len(row) > 1:
            meta[key] = (cell_text(row[1]) or "").strip()
    for field in ("criteria_id", "criteria_version", "criteria_hash", "unit_type"):
        if not meta.get(field):
            raise WorkbookError(M_NO_METADATA, file=label, sheet=SHEET_META, field=field)
    return meta


def check_meta(meta: dict[str, str], cs: CriteriaSet, label: str) -> str:
    """The unit type the template was made for, once it is known to fit the set."""
    expected = {
        "criteria_id": cs.id,
        "criteria_version": cs.version,
        "criteria_hash": cs.content_hash,
        "template_format": FORMAT_VERSION,
    }
    for field, want in expected.items():
        found = meta.get(field, "")
        if found != want:
            raise WorkbookError(
                M_CRITERIA_MISMATCH, file=label, field=field, found=found[:16], expected=want[:16]
            )
    if meta["unit_type"] not in cs.type_ids():
        raise WorkbookError(
            M_CRITERIA_MISMATCH,
            file=label,
            field="unit_type",
            found=meta["unit_type"],
            expected=", ".join(cs.type_ids()),
        )
    return meta["unit_type"]
