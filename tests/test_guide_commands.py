"""Every ``par-index`` command in the Home Affairs guide's code blocks runs as written, in the
guide's order, on a workspace made the way the guide says (issue 15, part 8): the officer's
own units in units.csv, templates filled and returned, an annex workbook to import.

A command may end with 0 or 1 (the job ran; 1: findings to deal with); never 2 (a command
that does not run as written) or 3, and never a Python traceback."""

from __future__ import annotations

import glob
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from par_index.criteria import load_criteria
from par_index.synthetic import fill_workbook, good_header, good_rows
from par_index.units import load_units
from tests.helpers.example import EXAMPLE
from tests.test_annex_layouts import write_real_annex

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "guide-home-affairs.md"
WS = "quang-dien-2025"


def guide_commands() -> list[str]:
    """The ``par-index`` lines of the guide's bash blocks, in order, comments removed."""
    commands, in_bash = [], False
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_bash = line.strip() == "```bash"
            continue
        if in_bash and line.startswith("par-index "):
            commands.append(re.sub(r"\s+#.*$", "", line).strip())
    return commands


def _prepare(command: str, root: Path) -> None:
    """What the officer has done before ``command`` in the guide."""
    if command.startswith("par-index criteria import phu-luc-2025.xlsx"):
        write_real_annex(root / "phu-luc-2025.xlsx")
    elif command.startswith("par-index run examples/tinh-2025"):  # the province's example
        province = EXAMPLE.parent / "tinh-2025"
        ignore = shutil.ignore_patterns("outputs", "expected")
        shutil.copytree(province, root / "examples" / "tinh-2025", ignore=ignore)


def _after(command: str, root: Path) -> None:
    """What the officer does after ``command`` before the next one."""
    ws = root / WS
    if command.startswith(f"par-index init {WS}"):
        # the real units, step 3: since July 2025 there is no thị trấn (it became a phường)
        units = (EXAMPLE / "units.csv").read_text(encoding="utf-8")
        (ws / "units.csv").write_text(units.replace(",thi_tran,", ",phuong,"), encoding="utf-8")
    elif command.startswith(f"par-index templates {WS}"):
        _fill_and_return(ws)


def _fill_and_return(ws: Path) -> None:
    """Every unit fills its template and sends it back into submissions/."""
    cs = load_criteria("xa-2025")
    units = {u.code: u for u in load_units(ws / "units.csv", cs.type_ids())}
    (ws / "submissions").mkdir(exist_ok=True)
    for template in sorted((ws / "templates").glob("*.xlsx")):
        unit = units[template.name.split("_", 1)[0]]
        rows = good_rows(cs, unit.unit_type, period="2025", issuer=f"UBND {unit.name}")
        fill_workbook(template, ws / "submissions" / template.name, rows, good_header("2025"))


def _argv(command: str, root: Path) -> list[str]:
    """The command's words as a shell would pass them (globs expanded in ``root``)."""
    words: list[str] = []
    for word in shlex.split(command)[1:]:
        matches = sorted(glob.glob(word, root_dir=root)) if "*" in word else []
        words.extend(matches or [word])
    return words


def test_the_guide_has_the_whole_cycle():
    commands = guide_commands()
    for step in ("init", "templates", "read", "check", "appraisal", "score", "report", "run"):
        assert any(c.startswith(f"par-index {step} ") for c in commands), step


def test_every_command_of_the_guide_runs_as_written(tmp_path):
    env = {**os.environ, "PAR_INDEX_LANG": "vi"}
    for command in guide_commands():
        _prepare(command, tmp_path)
        done = subprocess.run(
            [sys.executable, "-m", "par_index", *_argv(command, tmp_path)],
            cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300, check=False,
        )  # fmt: skip
        said = done.stdout + done.stderr
        assert done.returncode in (0, 1), f"{command}\n{said}"
        assert "Traceback" not in said and "không mong đợi" not in said, f"{command}\n{said}"
        _after(command, tmp_path)
    assert (tmp_path / WS / "outputs" / "report.html").is_file()
