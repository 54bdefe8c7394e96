"""A small real workspace and its ``par-index run``: three communes of the mini set with good
workbooks and a survey file. Hostile files are put beside them to show that the good units are
scored exactly as without them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner, Result

from par_index.criteria.model import CriteriaSet
from tests.check.workspaces import write_workspace
from tests.helpers.workbooks import good_rows, make_filled, make_unit

UNITS = [make_unit(), make_unit("QD-QCO", "Xã Quảng Công"), make_unit("QD-QTH", "Xã Quảng Thọ")]
SURVEY = "unit,criterion,A,B,C,D\nQD-QAN,2.3,50,50,0,0\nQD-QCO,2.3,100,0,0,0\nQD-QTH,2.3,0,0,0,1\n"


def good_workspace(root: Path, cs: CriteriaSet) -> Path:
    """par-index.yaml, units.csv, one good workbook per unit and survey/khao-sat.csv."""
    write_workspace(root, UNITS)
    for unit in UNITS:
        make_filled(root, cs, unit, good_rows(cs, unit.unit_type, issuer=f"UBND {unit.name}"))
    (root / "survey").mkdir(exist_ok=True)
    (root / "survey" / "khao-sat.csv").write_text(SURVEY, encoding="utf-8")
    return root


def run(root: Path, *args: str) -> Result:
    """``par-index run ROOT`` in this process (one reading worker: the machine is shared)."""
    from par_index.cli.app import app

    return CliRunner().invoke(app, ["run", str(root), "--workers", "1", *args])


def run_main(*args: str) -> subprocess.CompletedProcess[str]:
    """``par-index ARGS`` as a user runs it: its own process, through the one error handler that
    gives each error its exit code (2: input to fix) and one line; wide enough not to wrap."""
    env = {**os.environ, "COLUMNS": "1000", "PAR_INDEX_LANG": "vi"}
    command = [sys.executable, "-m", "par_index", *args]  # as officers may have to call it
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


def scored_units(root: Path) -> dict[str, dict]:
    """Each unit's entry of outputs/results.json, by unit code."""
    results = json.loads((root / "outputs" / "results.json").read_text(encoding="utf-8"))
    return {u["unit"]["code"]: u for u in results["units"]}


def check_findings(root: Path) -> list[dict]:
    """The findings of outputs/check.json."""
    return json.loads((root / "outputs" / "check.json").read_text(encoding="utf-8"))["findings"]
