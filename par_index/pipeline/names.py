"""Where things live in a workspace: the criteria set it names and every output's file name.

One place: every command and the report step ask here, so a name changed here changes
everywhere.
"""

from __future__ import annotations

from pathlib import Path

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
FEEDBACK = "feedback"
"""Folder of the per-unit feedback pages and annotated copies, named by ``par_index.filenames``
(``FEEDBACK_PAGE``, ``ANNOTATED_COPY``: unit codes and file names that fold to one name get a
short hash, so no output replaces another)."""


def criteria_ref(ws: Workspace, name: str | None = None) -> str | Path:
    """The set par-index.yaml names (``name``: a group's ``criteria``; default the workspace's
    one set, else the first group's): a file relative to the workspace, else a shipped set."""
    name = name or ws.config.criteria or ws.config.groups[0].criteria
    local = ws.root / name
    return local if local.is_file() else name


def output(ws: Workspace, name: str) -> Path:
    """An output's path in the workspace's outputs folder."""
    return ws.outputs / name


def appraisal_workbook(ws: Workspace) -> Path:
    """The appraisal workbook (phiếu thẩm định) of the workspace's period."""
    return ws.path(ws.config.paths.appraisal) / f"tham-dinh-{ws.config.period}.xlsx"
