"""``par-index whatif``: a council score supposed on a real workspace moves a rank and a head's
grade, nothing is written, and a setting naming no unit or criterion is one Vietnamese line."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest

from par_index.pipeline import run
from par_index.whatif import Setting, changes, parse_setting, whatif
from par_index.workspace import load_workspace
from tests.helpers.district_run import good_workspace, run_main


@pytest.fixture(scope="module")
def district(tmp_path_factory, mini_set) -> Path:
    """Three communes scored: Quảng Công 1st, Quảng An 2nd, Quảng Thọ 3rd (survey 2.3 alone
    tells them apart: 2, 1.6 and 0 points)."""
    root = good_workspace(tmp_path_factory.mktemp("whatif"), mini_set)
    assert run_main("score", str(root)).returncode == 0
    return root


def _tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_raising_a_survey_score_moves_the_last_unit_up_and_writes_nothing(district):
    before = _tree(district)
    done = run_main("whatif", str(district), "--set", "QD-QTH:2.3=2")
    assert done.returncode == 0, done.stderr
    assert _tree(district) == before  # no output touched, none added
    lines = done.stdout.splitlines()
    assert "Giả định (không ghi tệp nào): QD-QTH:2.3=2" in lines
    rows = [line for line in lines if line.startswith("│")]
    assert [r.split("│")[2].strip() for r in rows] == [
        "Xã Quảng Công",
        "Xã Quảng Thọ",
        "Xã Quảng An",
    ]
    assert [r.split("│")[1].strip() for r in rows] == ["1", "1", "3"]
    changed = lines[lines.index("Thay đổi so với hiện tại:") + 1 :]
    assert changed == [
        "  Xã Quảng Thọ: hạng 3 → 1, người đứng đầu: Hoàn thành tốt nhiệm vụ → "
        "Hoàn thành xuất sắc nhiệm vụ",
        "  Xã Quảng An: hạng 2 → 3, người đứng đầu: Hoàn thành xuất sắc nhiệm vụ → "
        "Hoàn thành tốt nhiệm vụ",
    ]


def test_the_library_leaves_the_batch_as_it_was(district):
    outcome = run(load_workspace(district), ("check", "score"), workers=0, write=False)
    assert outcome.outputs == {} and outcome.inputs and outcome.checked and outcome.results
    same = whatif(outcome.inputs, outcome.checked, [])
    dump = {"exclude": {"generated_at"}, "mode": "json"}
    assert same.model_dump(**dump) == outcome.results.model_dump(**dump)
    lowered = whatif(outcome.inputs, outcome.checked, [parse_setting("QD-QCO:1.1=0")])
    (first,) = [u for u in lowered.units if u.unit.code == "QD-QCO"]
    assert first.final_total == Decimal("9.5") and first.rank == 2
    row = next(r for r in first.criteria if r.code == "1.1")
    assert (row.final, row.appraised_2, row.gap) == (Decimal(0), Decimal(0), Decimal(1))
    assert [c.after.unit.code for c in changes(outcome.results, lowered)] == ["QD-QAN", "QD-QCO"]
    kept = outcome.checked.scored["QD-QCO"]
    assert kept.final_total == Decimal("10.5") and kept.criteria[0].appraised_2 is None


def test_a_decimal_comma_is_read():
    assert parse_setting("QD-QAN:2.4=0,5") == Setting(
        "QD-QAN", "2.4", Decimal("0.5"), "QD-QAN:2.4=0,5"
    )


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("QD-XYZ:2.3=1", "không có đơn vị mã QD-XYZ trong danh sách đơn vị"),
        ("QD-QAN:9.9=1", "đơn vị QD-QAN không có tiêu chí 9.9 được chấm điểm"),
        ("QD-QAN:1.1=0,5", "tiêu chí 1.1 của đơn vị QD-QAN chỉ nhận điểm 0,00; 1,00"),
        ("QD-QAN=1", "cần dạng ĐƠN_VỊ:TIÊU_CHÍ=ĐIỂM"),
    ],
)
def test_a_setting_that_names_nothing_known_is_one_vietnamese_line(district, given, says):
    before = _tree(district)
    done = run_main("whatif", str(district), "--set", given)
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert says in line and line.startswith(f"✗ --set {given}:")
    assert "Traceback" not in done.stderr and _tree(district) == before
