"""Self-assessment templates: one .xlsx per unit, in the grid officers know, written by xlsxwriter.

The layout (sheets, columns, row keys) is in ``layout``; this module names the files and writes
them, from a prototype per unit type (``prototype``) built of the grid (``grid``), its formats
(``styles``), its cell rules (``validation``) and the other sheets (``sheets``). Input cells are
yellow and unlocked; everything else is protected without a password, so an officer cannot break
the structure by accident but can still unprotect the sheet if the province allows it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from par_index import processes
from par_index.criteria.model import CriteriaSet
from par_index.filenames import safe_part, unit_part
from par_index.io import write_bytes_atomic
from par_index.memo import Memo
from par_index.units import Unit
from par_index.workbook.context import TemplateContext
from par_index.workbook.grid import GRID_NOTE
from par_index.workbook.prototype import personalise, prototype_parts
from par_index.workbook.sheets import GUIDE_WIDTH
from par_index.workbook.styles import ListSource, Styles

__all__ = [
    "GRID_NOTE",
    "GUIDE_WIDTH",
    "MAX_NAME_BYTES",
    "MAX_NAME_CHARS",
    "PARALLEL_FROM",
    "ListSource",
    "Styles",
    "TemplateContext",
    "safe_part",
    "template_filename",
    "write_template",
    "write_templates",
]

_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10))}
_RESERVED |= {f"LPT{i}" for i in range(1, 10)}
MAX_NAME_CHARS = 100
MAX_NAME_BYTES = 180
"""File-name caps: short enough for Windows paths, and for Linux's 255 bytes in UTF-8."""
PARALLEL_FROM = 40
"""Write in a process pool from this many templates on."""


def template_filename(unit: Unit, period: str | None = None) -> str:
    """A Windows-safe NFC file name carrying the unit's code and Vietnamese name (and period)."""
    suffix = f"_{safe_part(period)}.xlsx" if period else ".xlsx"
    stem = f"{unit_part(unit.code)}_{safe_part(unit.name)}"
    while stem and _too_long(stem + suffix):
        stem = stem[:-1].rstrip(" ._-")
    if stem.split("_")[0].upper() in _RESERVED:
        stem = "_" + stem
    return stem + suffix


def _too_long(name: str) -> bool:
    return len(name) > MAX_NAME_CHARS or len(name.encode("utf-8")) > MAX_NAME_BYTES


def write_template(
    path: Path, cs: CriteriaSet, unit: Unit, ctx: TemplateContext, memo: Memo | None = None
) -> Path:
    """Write one unit's template atomically (the prototype of its unit type, personalised;
    ``memo`` keeps the prototypes for the next units)."""
    when = ctx.generated_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
    bare = dataclasses.replace(ctx, generated_at=None)
    parts = prototype_parts(cs, unit.unit_type, bare, memo)
    return write_bytes_atomic(path, personalise(parts, unit, when))


def write_templates(
    folder: Path,
    cs: CriteriaSet,
    units: Sequence[Unit],
    ctx: TemplateContext,
    *,
    workers: int | None = None,
) -> list[Path]:
    """One template per unit in ``folder``, in the units' order; a pool of processes for many
    (each sent the set and its share of the units once, however its processes start)."""
    names = _unique_names(units, ctx.period)
    when = ctx.generated_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
    ctx = dataclasses.replace(ctx, generated_at=when)
    jobs = [(folder / name, unit) for name, unit in zip(names, units, strict=True)]
    count = workers or (min(os.cpu_count() or 1, 8) if len(jobs) >= PARALLEL_FROM else 1)
    if count <= 1:
        return _write_chunk(cs, ctx, jobs)
    chunks = [jobs[i::count] for i in range(count)]
    with ProcessPoolExecutor(max_workers=count, mp_context=processes.context()) as pool:
        done = list(pool.map(_write_chunk, [cs] * count, [ctx] * count, chunks))
    written = {path for chunk in done for path in chunk}
    return [path for path, _ in jobs if path in written]


def _write_chunk(cs: CriteriaSet, ctx: TemplateContext, jobs: list[tuple[Path, Unit]]):
    memo = Memo()
    return [write_template(path, cs, unit, ctx, memo) for path, unit in jobs]


def _unique_names(units: Sequence[Unit], period: str) -> list[str]:
    seen: dict[str, int] = {}
    names = []
    for unit in units:
        name = template_filename(unit, period)
        key = name.casefold()
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            name = name.removesuffix(".xlsx") + f"_{seen[key]}.xlsx"
        names.append(name)
    return names
