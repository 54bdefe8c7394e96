"""Files as they come on officers' Windows and Mac computers: CRLF line ends in par-index.yaml,
the criteria set, units.csv and the survey CSV; a workspace deep in folders with Vietnamese
names and spaces (a path longer than Windows' old 260 characters); workbook names in the
decomposed form macOS may give. The run gives the same scores and findings as a plain one."""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

from tests.check.workspaces import MINI, write_workspace
from tests.helpers.district_run import SURVEY, UNITS, run
from tests.helpers.workbooks import good_rows, make_filled

CRLF_FILES = ("par-index.yaml", "units.csv", "mini.yaml", "survey/khao-sat.csv")


def test_crlf_files_long_vietnamese_paths_and_decomposed_names_change_nothing(tmp_path, mini_set):
    plain = _workspace(tmp_path / "plain", mini_set)
    folders = ["Phòng Nội vụ huyện Quảng Điền", "Chỉ số CCHC năm 2024", "Bản tự chấm " * 12]
    officer = _workspace(tmp_path.joinpath(*(f.strip() for f in folders)), mini_set)
    assert len(str(officer / "outputs" / "results.json")) > 260
    for name in CRLF_FILES:
        path = officer / name
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    for path in (officer / "submissions").iterdir():
        path.rename(path.with_name(unicodedata.normalize("NFD", path.name)))
    assert any(not name.isascii() for name in (p.name for p in (officer / "submissions").iterdir()))
    outcomes = [run(root) for root in (plain, officer)]
    assert [o.exit_code for o in outcomes] == [0, 0], [o.output for o in outcomes]
    found = _scores_and_findings(officer)
    assert found == _scores_and_findings(plain)
    assert found["submitted"] == [True] * len(UNITS) and found["survey"] == [True] * len(UNITS)
    assert (officer / "outputs" / "report.html").stat().st_size > 0
    pages = sorted(p.name for p in (officer / "outputs" / "feedback").glob("*.html"))
    assert len(pages) == len(UNITS)


def _workspace(root: Path, cs) -> Path:
    """The three communes of the district run, the set copied in beside par-index.yaml."""
    write_workspace(root, UNITS, criteria=Path("mini.yaml"))
    shutil.copy(MINI, root / "mini.yaml")
    for unit in UNITS:
        make_filled(root, cs, unit, good_rows(cs, unit.unit_type, issuer=f"UBND {unit.name}"))
    (root / "survey").mkdir()
    (root / "survey" / "khao-sat.csv").write_text(SURVEY, encoding="utf-8")
    shutil.rmtree(root / "templates")
    return root


def _scores_and_findings(root: Path) -> dict:
    results = json.loads((root / "outputs" / "results.json").read_text(encoding="utf-8"))
    check = json.loads((root / "outputs" / "check.json").read_text(encoding="utf-8"))
    return {
        "totals": {u["unit"]["code"]: u["final_total"] for u in results["units"]},
        "submitted": [u["submitted"] for u in results["units"]],
        "survey": [any(c.get("survey") for c in u["criteria"]) for u in results["units"]],
        "findings": sorted(
            (f["unit"] or "", f["code"], f.get("cell") or "") for f in check["findings"]
        ),
    }
