"""``par-index check``: summary, --unit, --json equal to the library report, exit codes,
feedback files, configuration overrides and English output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from par_index.errors import ConfigError
from par_index.pipeline import run
from par_index.workspace import load_workspace
from tests.check.workspaces import cell_of, write_workspace
from tests.helpers.workbooks import good_rows, make_filled, make_unit

QAN = make_unit()
QCO = make_unit("QD-QCO", "Xã Quảng Công")
QLO = make_unit("QD-QLO", "Xã Quảng Lợi")


def cli(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """Run the console script's entry point (with its error boundary): (exit, stdout, stderr)."""
    from par_index.cli.app import main

    monkeypatch.setattr("sys.argv", ["par-index", *args])
    try:
        main()
        code = 0  # click returns instead of exiting on status 0 outside standalone mode
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def _workspace(tmp_path: Path, cs, extra: str = "") -> Path:
    """QAN with a score above the max (error), QCO clean, QLO sent nothing."""
    write_workspace(tmp_path, [QAN, QCO, QLO], extra=extra)
    rows = good_rows(cs, "xa", issuer="UBND xã Quảng An")
    rows["1.1"]["score"] = 1.5
    make_filled(tmp_path, cs, QAN, rows)
    make_filled(tmp_path, cs, QCO, good_rows(cs, "xa", issuer="UBND xã Quảng Công"))
    return tmp_path


def test_json_equals_the_library_report(tmp_path, mini_set, monkeypatch, capsys):
    ws = _workspace(tmp_path, mini_set)
    code, out, err = cli(monkeypatch, capsys, "check", str(ws), "--json")
    assert code == 1, err
    library = run(load_workspace(ws), ("check",), lang="vi").report
    assert json.loads(out) == json.loads(library.model_dump_json())
    assert [(f["code"], f["unit"]) for f in json.loads(out)["findings"]] == [
        ("score-above-max", QAN.code),
        ("missing-submission", QLO.code),
    ]
    saved = json.loads((ws / "outputs" / "check.json").read_text(encoding="utf-8"))
    assert saved == json.loads(out)


def test_summary_worst_first_and_feedback(tmp_path, mini_set, monkeypatch, capsys):
    ws = _workspace(tmp_path, mini_set)
    code, out, _ = cli(monkeypatch, capsys, "check", str(ws))
    assert code == 1
    lines = [line for line in out.splitlines() if "QD-" in line]
    assert [next(c for c in (QAN.code, QLO.code, QCO.code) if c in line) for line in lines] == [
        QAN.code,
        QLO.code,
        QCO.code,
    ]
    assert "1 lỗi" not in out and "2 lỗi, 0 cảnh báo, 0 thông tin." in out
    feedback = ws / "outputs" / "feedback"
    pages = sorted(p.name for p in feedback.glob("*.html"))
    assert pages == [f"{u.code}_phan-hoi.html" for u in (QAN, QCO, QLO)]
    assert [p.name for p in feedback.glob("*.xlsx")] == [f"{QAN.code}_{QAN.name}_2024_gop-y.xlsx"]


def test_unit_option(tmp_path, mini_set, monkeypatch, capsys):
    ws = _workspace(tmp_path, mini_set)
    code, out, _ = cli(monkeypatch, capsys, "check", str(ws), "--unit", QAN.code, "--no-feedback")
    assert code == 1
    cell = cell_of(next((ws / "submissions").glob("QD-QAN*")), "1.1")
    assert "score-above-max" in out and cell in out and QLO.code not in out
    assert not (ws / "outputs" / "feedback").exists()
    code, out, _ = cli(monkeypatch, capsys, "check", str(ws), "--unit", QCO.code, "--json")
    assert code == 0
    report = json.loads(out)
    assert report == {
        "findings": [],
        "units": [QCO.code],
        "files": [f"{QCO.code}_{QCO.name}_2024.xlsx"],
        "unit_files": {QCO.code: [f"{QCO.code}_{QCO.name}_2024.xlsx"]},
        "scored_files": {QCO.code: f"{QCO.code}_{QCO.name}_2024.xlsx"},
        "set_aside": {},
        "versions": {
            f"{QCO.code}_{QCO.name}_2024.xlsx": {"version": 1, "received": None, "source": "mtime"}
        },
        "evidence_files": {},
    }


def test_usage_errors_exit_2(tmp_path, mini_set, monkeypatch, capsys):
    ws = _workspace(tmp_path, mini_set)
    code, _, err = cli(monkeypatch, capsys, "check", str(ws), "--unit", "NOPE")
    assert code == 2 and "NOPE" in err and "Traceback" not in err
    code, _, err = cli(monkeypatch, capsys, "check", str(tmp_path / "nowhere"))
    assert code == 2 and "par-index init" in err


def test_severity_override_and_switch_off(tmp_path, mini_set, monkeypatch, capsys):
    extra = "check:\n  severity:\n    score-above-max: warning\n    missing-submission: null\n"
    ws = _workspace(tmp_path, mini_set, extra)
    code, out, _ = cli(monkeypatch, capsys, "check", str(ws), "--json", "--no-feedback")
    assert code == 0
    assert [(f["code"], f["severity"]) for f in json.loads(out)["findings"]] == [
        ("score-above-max", "warning")
    ]


def test_unknown_code_in_configuration(tmp_path, mini_set):
    ws = _workspace(tmp_path, mini_set, "check:\n  severity:\n    score-abov-max: warning\n")
    with pytest.raises(ConfigError) as caught:
        load_workspace(ws)
    text = caught.value.render()
    assert "par-index.yaml:7" in text and "score-abov-max" in text


def test_english(tmp_path, mini_set, monkeypatch, capsys):
    ws = _workspace(tmp_path, mini_set)
    code, out, _ = cli(monkeypatch, capsys, "--lang", "en", "check", str(ws), "--unit", QAN.code)
    assert code == 1
    assert "Findings of Xã Quảng An (QD-QAN)" in out and "score-above-max" in out
    assert "1 error(s), 0 warning(s), 0 info." in out
    code, out, _ = cli(monkeypatch, capsys, "--lang", "en", "check", str(ws), "--json")
    messages = [f["message"] for f in json.loads(out)["findings"]]
    assert "is above the maximum 1." in messages[0]
    assert messages[1] == (
        "No self-assessment file of Xã Quảng Lợi (QD-QLO) in the submissions folder."
    )
    page = (ws / "outputs" / "feedback" / f"{QLO.code}_phan-hoi.html").read_text("utf-8")
    assert "No self-assessment file received." in page


def test_an_unknown_finding_code_in_the_configuration_is_one_vietnamese_line(
    tmp_path, monkeypatch, capsys
):
    ws = write_workspace(tmp_path, [QAN], extra="check:\n  severity:\n    not-a-code: warning\n")
    code, _, err = cli(monkeypatch, capsys, "check", str(ws))
    assert code == 2
    assert "par-index.yaml:" in err and "không có mã phát hiện not-a-code; hãy dùng" in err
    assert "unknown finding code" not in err and ".." not in err
