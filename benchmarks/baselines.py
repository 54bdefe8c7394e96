"""What reading the same files costs without the pipeline: the yardsticks of the benchmark.

Each baseline reads every cell value of every sheet of every workbook, in this one process,
one file after the other. A file the library cannot open is counted and skipped.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path


def openpyxl_pass(path: Path) -> int:
    """openpyxl in read-only mode: every value of every sheet; the number of cells."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(
            len(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
        )
    finally:
        book.close()


def pandas_pass(path: Path) -> int:
    """pandas.read_excel of every sheet (its default engine, openpyxl)."""
    import pandas

    frames = pandas.read_excel(path, sheet_name=None, header=None)
    return sum(frame.size for frame in frames.values())


def calamine_pass(path: Path) -> int:
    """python-calamine: every sheet as Python values."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return sum(
        len(row) for name in book.sheet_names for row in book.get_sheet_by_name(name).to_python()
    )


BASELINES: dict[str, Callable[[Path], int]] = {
    "calamine": calamine_pass,
    "openpyxl": openpyxl_pass,
    "pandas": pandas_pass,
}


def read_all(files: list[Path], read: Callable[[Path], int]) -> tuple[int, int]:
    """(cells read, files that could not be read) over ``files``."""
    cells = failed = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in files:
            try:
                cells += read(path)
            except Exception:
                failed += 1
    return cells, failed
