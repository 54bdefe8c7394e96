"""The spawn path that Windows and macOS take, forced on Linux: the example district gives, byte
for byte, what the fork path gives, and ``python -m par_index`` runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from par_index.check.feedback import PARALLEL_FROM
from par_index.cli.app import app
from par_index.processes import ENV
from par_index.report.style import day
from tests.helpers.example import copy_example

COMPARED = ("results.json", "check.json", "report.html")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    """The example run with two workers, forked here (the Excel writers forked beside the HTML
    report too), and spawned by ``python -m par_index`` in a fresh interpreter."""
    forked = copy_example(tmp_path_factory.mktemp("fork") / "quang-dien-2021")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENV, "fork")
        patch.setattr("par_index.pipeline.outputs.PARALLEL_EXCEL_FROM", 1)
        result = CliRunner().invoke(app, ["run", str(forked), "--workers", "2"])
    assert result.exit_code == 1, result.output  # the example's planted errors
    spawned = copy_example(tmp_path_factory.mktemp("spawn") / "quang-dien-2021")
    command = [sys.executable, "-m", "par_index", "run", str(spawned), "--workers", "2"]
    env = {**os.environ, ENV: "spawn"}
    done = subprocess.run(command, env=env, capture_output=True, timeout=300, check=False)
    assert done.returncode == 1, done.stderr.decode("utf-8", "replace")
    return {"fork": forked / "outputs", "spawn": spawned / "outputs"}


@pytest.mark.parametrize("name", COMPARED)
def test_spawned_workers_give_the_bytes_forked_ones_give(outputs, name):
    fork, spawn = (_without_generated_at(outputs[m], name) for m in ("fork", "spawn"))
    assert fork == spawn


def test_every_output_and_feedback_copy_is_made_under_spawn(outputs):
    def made(method: str) -> list[str]:
        return sorted(str(p.relative_to(outputs[method])) for p in outputs[method].rglob("*"))

    assert made("spawn") == made("fork")
    copies = list((outputs["spawn"] / "feedback").glob("*_gop-y.xlsx"))
    assert len(copies) >= PARALLEL_FROM  # so made by worker processes


def _without_generated_at(folder: Path, name: str) -> bytes:
    """The file's bytes, with the run's time (results.json) and day (the report) masked."""
    stamp = json.loads((folder / "results.json").read_bytes())["generated_at"]
    data = (folder / name).read_bytes()
    return data.replace(stamp.encode(), b"<time>").replace(day(stamp).encode(), b"<day>")
