"""Regenerate the synthetic Minh Sơn 2025 example (a province's departments and communes under
one decision; the province is imaginary) from ``scenario.yaml``.

Writes ``submissions/`` (one filled workbook per unit, each from its group's set: so-2025 for
the departments, xa-2025 for the communes), ``appraisal/`` (the council's workbook, filled) and
``survey/`` (one answer file per set)::

    .venv/bin/python examples/tinh-2025/make_example.py [--expected]

``--expected`` also runs the whole pipeline and rewrites ``expected/``. Deterministic, like the
Quảng Điền example; the machinery is ``par_index.scenario``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from par_index.scenario import Example, finding_rows, make, ranking_rows, write_expected
from par_index.yamlsrc import load_yaml

ROOT = Path(__file__).resolve().parent
EXAMPLE = Example(
    root=ROOT,
    fixed_time=dt.datetime(2025, 12, 1, 8, 0, 0),
    appraiser="Hội đồng thẩm định Chỉ số CCHC tỉnh Minh Sơn (giả định)",
    survey_file="khao-sat-2025.csv",
)
__all__ = ["EXAMPLE", "finding_rows", "load_yaml", "ranking_rows"]


def main(root: Path = ROOT) -> None:
    make(dataclasses.replace(EXAMPLE, root=root))


if __name__ == "__main__":
    import sys

    main()
    if "--expected" in sys.argv[1:]:
        write_expected(ROOT)
