"""Regenerate the synthetic Quảng Điền 2021 example from ``scenario.yaml``.

Writes ``submissions/`` (one filled workbook per unit, weaknesses planted as the scenario says),
``appraisal/`` (the council's workbook, filled), ``survey/`` (answer counts) and
``previous/results.json`` (last year's results). Run it again whenever the template format or
the scenario changes::

    .venv/bin/python examples/quang-dien-2021/make_example.py [--expected]

``--expected`` also runs the whole pipeline and rewrites ``expected/`` (the ranking and the
findings a test compares every run with). Everything is deterministic: the same scenario
gives the same files (workbook timestamps are fixed). All numbers, people and documents
are synthetic; only the unit names are real. The machinery is ``par_index.scenario``.
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
    fixed_time=dt.datetime(2021, 12, 1, 8, 0, 0),
    appraiser="Hội đồng thẩm định huyện Quảng Điền (dữ liệu mẫu)",
    survey_file="khao-sat-2021.csv",
    previous_period="2020",
    previous_generated_at="2021-02-10T08:00:00+00:00",
)
__all__ = ["EXAMPLE", "finding_rows", "load_yaml", "ranking_rows"]


def main(root: Path = ROOT) -> None:
    make(dataclasses.replace(EXAMPLE, root=root))


if __name__ == "__main__":
    import sys

    main()
    if "--expected" in sys.argv[1:]:
        write_expected(ROOT)
