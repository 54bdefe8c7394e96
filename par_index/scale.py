"""Size thresholds: where a run changes how it works because of how many units it has.

Each number is a measured trade-off (docs/performance.md); they live here, together, so that a
newcomer sees every switch a large run flips and tests can lower them.
"""

from __future__ import annotations

REPORT_SPLIT_ABOVE = 200
"""report.html keeps every unit page in one file up to this many units; above it the unit pages
go into grouped files beside it (one page of 3,321 units would not open on an office PC)."""

CRITERIA_ROWS_UP_TO = 1000
"""results.xlsx and report.xlsx carry one row per criterion and unit up to this many units;
above it only the unit rows (results.json always keeps every criterion)."""

PARALLEL_EXCEL_FROM = 50
"""From this many units (and up to ``CRITERIA_ROWS_UP_TO``) the two Excel outputs are written
in forked processes beside the HTML report, where our processes fork (``par_index.processes``;
spawned ones would be sent the results, so they are written in this process); below it a fork
costs more than it saves."""

FEEDBACK_FORKSERVER_FROM = 1000
"""From this many units the feedback copy workers start from a forkserver rather than a fork
(the parent writing pages would copy the pages a forked pair shares; a forkserver costs ~0.5 s)."""
