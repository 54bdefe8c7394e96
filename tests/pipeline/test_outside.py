"""Outputs stay inside the workspace unless par-index.yaml says otherwise: a folder par-index
writes into (templates, appraisal, outputs) set to ../x, an absolute path, or a symlink to
elsewhere is refused with one Vietnamese line naming the key and the path (exit 2), and nothing
is written; ``paths.allow_outside: true`` lets it through."""

from __future__ import annotations

import pytest

from tests.helpers.district_run import good_workspace, run_main


def _configure(root, extra: str) -> None:
    config = root / "par-index.yaml"
    config.write_text(config.read_text(encoding="utf-8") + extra, encoding="utf-8")


@pytest.fixture
def workspace(tmp_path, mini_set):
    return good_workspace(tmp_path / "ws", mini_set)


@pytest.mark.parametrize("key", ["outputs", "templates", "appraisal"])
def test_a_path_above_the_workspace_is_refused(workspace, key):
    _configure(workspace, f"paths:\n  {key}: ../x\n")
    done = run_main("run", str(workspace), "--workers", "1")
    assert done.returncode == 2, done.stderr
    outside = workspace.parent / "x"
    line = len((workspace / "par-index.yaml").read_text(encoding="utf-8").splitlines())
    (said,) = done.stderr.strip().splitlines()
    assert said.removeprefix("✗ ").startswith(
        f"{workspace / 'par-index.yaml'}:{line}: paths.{key} = “../x”"
    )
    assert str(outside) in said and "allow_outside: true" in said
    assert not outside.exists() and not (workspace / "outputs").exists()


def test_an_absolute_path_is_refused(workspace, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    _configure(workspace, f"paths:\n  outputs: {elsewhere}\n")
    done = run_main("check", str(workspace))
    assert done.returncode == 2
    assert f"paths.outputs = “{elsewhere}”" in done.stderr and not elsewhere.exists()


def test_a_symlinked_outputs_folder_is_refused(workspace, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (workspace / "outputs").symlink_to(elsewhere, target_is_directory=True)
    done = run_main("run", str(workspace), "--workers", "1")
    assert done.returncode == 2
    (said,) = done.stderr.strip().splitlines()
    assert said.removeprefix("✗ ").startswith(
        f"{workspace / 'par-index.yaml'}: paths.outputs = “outputs”"
    )
    assert str(elsewhere) in said and list(elsewhere.iterdir()) == []


def test_allow_outside_lets_the_outputs_go_there(workspace, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    _configure(workspace, f"paths:\n  outputs: {elsewhere}\n  allow_outside: true\n")
    done = run_main("run", str(workspace), "--workers", "1")
    assert done.returncode == 0, done.stderr
    assert (elsewhere / "results.json").is_file() and not (workspace / "outputs").exists()
