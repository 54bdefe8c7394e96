"""outputs/manifest.json names the run that wrote each output; after a run stopped half-way the
report step and the next run find the mixed set and say so, until a complete run rewrites it."""

from __future__ import annotations

import hashlib
import json

from typer.testing import CliRunner

from par_index.cli.app import app
from par_index.i18n import use_lang
from par_index.pipeline import manifest
from par_index.workspace import load_workspace
from tests.check.workspaces import set_cell
from tests.helpers.district_run import good_workspace, run

QAN_PAGE = "feedback/QD-QAN_phan-hoi.html"


def _manifest(root) -> dict:
    return json.loads((root / "outputs" / "manifest.json").read_text(encoding="utf-8"))


def _stop(*_args, **_kwargs):
    raise KeyboardInterrupt  # the run is killed while it writes the reports


def test_a_run_stopped_half_way_is_found_and_reported(tmp_path, mini_set, monkeypatch):
    use_lang("vi")
    root = good_workspace(tmp_path / "ws", mini_set)
    assert run(root).exit_code == 0
    first = _manifest(root)
    outputs = root / "outputs"
    on_disk = {p.relative_to(outputs).as_posix() for p in outputs.rglob("*") if p.is_file()}
    assert {o["file"] for o in first["outputs"]} == on_disk - {"manifest.json"}
    assert {o["run"] for o in first["outputs"]} == {first["run"]}
    for entry in first["outputs"]:
        assert hashlib.sha256((outputs / entry["file"]).read_bytes()).hexdigest() == entry["sha256"]

    qan = next((root / "submissions").glob("QD-QAN*"))
    set_cell(qan, "1.1", "score", 9)  # QD-QAN's feedback changes
    with monkeypatch.context() as patch:
        patch.setattr("par_index.pipeline.cycle.save_scored", _stop)
        assert run(root).exit_code == 130  # check.json and the feedback written, not the rest
    assert _manifest(root) == first

    report = CliRunner().invoke(app, ["report", str(root)])
    assert report.exit_code == 1, report.output  # the planted score, from check.json
    warning = [line for line in report.stdout.splitlines() if line.startswith("Cảnh báo")]
    assert len(warning) == 1 and "check.json" in warning[0] and QAN_PAGE in warning[0]
    html = (outputs / "report.html").read_text(encoding="utf-8")
    assert "không cùng một lần chạy hoàn chỉnh" in html

    partial = run(root, "--no-feedback", "--json")
    summary = json.loads(partial.stdout)
    assert QAN_PAGE in summary["mixed_outputs"] and "check.json" not in summary["mixed_outputs"]

    complete = json.loads(run(root, "--json").stdout)
    assert complete["mixed_outputs"] == []
    last = _manifest(root)
    assert last["run"] != first["run"] and last["tool_version"] == first["tool_version"]
    assert {o["run"] for o in last["outputs"]} == {last["run"]}


def test_a_workspace_without_a_manifest_has_nothing_to_compare(tmp_path, mini_set):
    root = good_workspace(tmp_path / "ws", mini_set)
    assert run(root).exit_code == 0
    (root / "outputs" / "manifest.json").unlink()
    (root / "outputs" / "results.xlsx").write_bytes(b"old")
    summary = json.loads(run(root, "--json", "--no-feedback").stdout)
    assert summary["mixed_outputs"] == []
    assert manifest.read_manifest(load_workspace(root)) is not None  # written again
