"""Where things live in a workspace: the criteria set it names and every output's file name.

One place: every command and the report step ask here, so a name changed here changes
everywhere.
"""

from __future__ import annotations

from pathlib import Path

from par_index.appraisal.bodies import BodyConfig, Plan
from par_index.units import Unit
from par_index.workbook.template import template_filename
from par_index.workspace import Workspace

CHECK_JSON = "check.json"
"""The check step's report (findings of every file and across units)."""
RESULTS_JSON = "results.json"
RESULTS_XLSX = "results.xlsx"
REPORT_HTML = "report.html"
REPORT_XLSX = "report.xlsx"
MANIFEST = "manifest.json"
"""Written last by every run: the run and each output's SHA-256 (``pipeline.manifest``)."""
DECISION_DOCX = "quyet-dinh.docx"
"""The draft decision publishing the index, with the ranking as its annex."""
EXPLANATIONS = "giai-trinh"
"""Folder of the per-unit explanation workbooks sent after round 1 (``explanation_workbook``);
the units return them into the workspace's ``paths.explanations`` folder."""
FEEDBACK = "feedback"
"""Folder of the per-unit feedback pages and annotated copies, named by ``par_index.filenames``
(``FEEDBACK_PAGE``, ``ANNOTATED_COPY``: unit codes and file names that fold to one name get a
short hash, so no output replaces another)."""
RECEIVED_LOG = "nhat-ky-nhan.csv"
"""The received log, in the workspace folder: every file received, when, its SHA-256, unit and
version (``pipeline.received``)."""


def criteria_ref(ws: Workspace, name: str | None = None) -> str | Path:
    """The set par-index.yaml names (``name``: a group's ``criteria``; default the workspace's
    one set, else the first group's): a file relative to the workspace, else a shipped set."""
    name = name or ws.config.criteria or ws.config.groups[0].criteria
    local = ws.root / name
    return local if local.is_file() else name


def output(ws: Workspace, name: str) -> Path:
    """An output's path in the workspace's outputs folder."""
    return ws.outputs / name


def appraisal_workbook(ws: Workspace, body: str | None = None) -> Path:
    """The appraisal workbook (phiếu thẩm định) of the workspace's period; with a body's id
    (appraisal shared among bodies), that body's workbook."""
    suffix = f"-{body}" if body else ""
    return ws.path(ws.config.paths.appraisal) / f"tham-dinh-{ws.config.period}{suffix}.xlsx"


def explanation_workbook(ws: Workspace, unit: Unit) -> Path:
    """A unit's explanation workbook (giải trình) in outputs/giai-trinh, named like its
    template (its code and name)."""
    name = template_filename(unit, f"giai-trinh-{ws.config.period}")
    return ws.outputs / EXPLANATIONS / name


def appraisal_workbooks(
    ws: Workspace, the_plan: Plan | None
) -> list[tuple[Path, BodyConfig | None]]:
    """The appraisal workbooks ``par-index appraisal`` writes: one for the whole council, or
    (a shared appraisal) one per body that appraises some criterion, with the body."""
    if the_plan is None:
        return [(appraisal_workbook(ws), None)]
    return [(appraisal_workbook(ws, b.id), b) for b in the_plan.bodies if the_plan.codes(b.id)]


def received_log(ws: Workspace) -> Path:
    """The workspace's received log (``RECEIVED_LOG``)."""
    return ws.root / RECEIVED_LOG
