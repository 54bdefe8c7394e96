"""Build filled self-assessment workbooks from small tables written in the test.

The usual start is a clean workbook with one weakness planted::

    rows = good_rows(mini_set, "xa")              # every self-scored leaf, consistent
    rows["1.3"]["score"] = "2 điểm"                # plant: a score the figures do not support
    path = make_filled(tmp_path, mini_set, make_unit(), rows)
    submission = read_submission(path, mini_set)

``rows`` maps a criterion code (leaves, bonus and penalty items) to a dict with any of:

- ``score``: the self-score cell (column "Điểm tự chấm");
- ``answer``: the choice cell of the criterion row (Có / Không / a level / Không áp dụng);
- ``figures``: {figure name: value} for the declared-figure rows under the criterion;
- ``evidence``: the evidence cell (one reference per line or per ';');
- ``explanation``: the explanation cell (giải trình).

Every value is written AS GIVEN with openpyxl (load, set, save), the way an officer's Excel
stores what was typed: a str stays text ("1,5 điểm", "05/3/2025"), an int/float/Decimal is a
number, a date is a date cell, None clears the cell. Files saved by openpyxl carry no cached
formula results, so ``Submission.cached_total`` is None for them.

``header`` fills the block above the grid: ``preparer``, ``phone``, ``date`` (submission date),
``head``, ``unit``. ``make_filled`` uses ``good_header`` when ``header`` is None; pass ``{}`` to
leave the header blank (a missing submission date).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from par_index.criteria.model import CriteriaSet
from par_index.synthetic import (
    ROW_FIELDS,
    default_period,
    fill_workbook,
    good_header,
    good_rows,
    locate,
)
from par_index.units import Unit
from par_index.workbook.template import TemplateContext, template_filename, write_template

__all__ = [
    "ROW_FIELDS",
    "default_period",
    "fill_workbook",
    "good_header",
    "good_rows",
    "locate",
    "make_filled",
    "make_unit",
]


def make_unit(
    code: str = "QD-QAN",
    name: str = "Xã Quảng An",
    unit_type: str = "xa",
    **fields: Any,
) -> Unit:
    """A unit for tests (default: Xã Quảng An of the example district)."""
    head = {"head_name": "Nguyễn Văn An", "head_title": "Chủ tịch UBND xã"}
    return Unit(code=code, name=name, unit_type=unit_type, **{**head, **fields})


def make_filled(
    tmp_path: Path,
    cs: CriteriaSet,
    unit: Unit,
    rows: dict[str, dict],
    header: dict | None = None,
    ctx: TemplateContext | None = None,
    *,
    name: str | None = None,
) -> Path:
    """Write the unit's template under tmp_path/templates, fill it into tmp_path/submissions."""
    ctx = ctx or TemplateContext(period=default_period(cs))
    filename = template_filename(unit, ctx.period)
    template = write_template(tmp_path / "templates" / filename, cs, unit, ctx)
    out = tmp_path / "submissions" / (name or filename)
    out.parent.mkdir(parents=True, exist_ok=True)
    header = good_header(ctx.period) if header is None else header
    return fill_workbook(template, out, rows, header)
