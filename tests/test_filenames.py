"""No output replaces another: unit codes that fold to one file name (QD-QAN, QD/QAN) and
received files whose names differ only by case each get their own feedback page, annotated copy,
template and report anchor, in a real workspace run."""

from __future__ import annotations

import os
import re
import sys

import pytest

from par_index.filenames import file_parts, short_hash, unit_part
from tests.check.workspaces import write_workspace
from tests.helpers.district_run import run, scored_units
from tests.helpers.workbooks import good_rows, make_filled, make_unit

SLASH = make_unit("QD/QAN", "Xã Quảng An")
DASH = make_unit("QD-QAN", "Xã Quảng An")


def test_a_code_keeps_its_name_unless_a_character_is_replaced():
    assert unit_part("QD-QAN") == "QD-QAN"
    assert unit_part("QD/QAN") == f"QD-QAN-{short_hash('QD/QAN')}"
    assert unit_part("QD/QAN") != unit_part("QD:QAN")


def test_file_names_that_fold_to_one_get_their_own_hash():
    parts = file_parts({"A.xlsx": "A", "a.xlsx": "a", "B?.xlsx": "B?", "C.xlsx": "C"})
    assert parts["C.xlsx"] == "C" and parts["B?.xlsx"] == "B-"
    assert parts["A.xlsx"] == f"A-{short_hash('A.xlsx')}"
    assert len({p.casefold() for p in parts.values()}) == 4


def test_codes_that_fold_to_one_name_write_their_own_outputs(tmp_path, mini_set):
    root = write_workspace(tmp_path / "ws", [DASH, SLASH])
    files = {}
    for unit in (DASH, SLASH):
        rows = good_rows(mini_set, "xa", issuer=f"UBND {unit.code}")
        rows["1.1"]["score"] = 9  # a finding at a cell: each gets an annotated copy
        files[unit.code] = make_filled(root, mini_set, unit, rows)
    assert files[DASH.code].name != files[SLASH.code].name
    done = run(root)
    assert done.exit_code == 1, done.output  # the planted score
    results = scored_units(root)
    assert {code: r["scored_file"] for code, r in results.items()} == {
        code: path.name for code, path in files.items()
    }
    feedback = root / "outputs" / "feedback"
    pages = sorted(p.name for p in feedback.glob("*_phan-hoi.html"))
    assert pages == sorted(f"{unit_part(u.code)}_phan-hoi.html" for u in (DASH, SLASH))
    for unit in (DASH, SLASH):
        page = (feedback / f"{unit_part(unit.code)}_phan-hoi.html").read_text(encoding="utf-8")
        assert f"({unit.code})</h2>" in page and files[unit.code].name in page
    assert len(list(feedback.glob("*_gop-y.xlsx"))) == 2
    report = (root / "outputs" / "report.html").read_text(encoding="utf-8")
    anchors = re.findall(r'<article class="unit-page" id="([^"]+)"', report)
    assert len(anchors) == len(set(anchors)) == 2


@pytest.mark.skipif(sys.platform != "linux", reason="names differing only by case: Linux")
def test_files_differing_only_by_case_get_their_own_copies(tmp_path, mini_set):
    root = write_workspace(tmp_path / "ws", [DASH])
    for name in ("QD-QAN_bao-cao.xlsx", "QD-QAN_BAO-CAO.xlsx"):
        rows = good_rows(mini_set, "xa")
        rows["1.1"]["score"] = 9
        path = make_filled(root, mini_set, DASH, rows, name=name)
        os.utime(path, (1_700_000_000, 1_700_000_000))  # received together: both keep findings
    run(root)
    copies = sorted(p.name for p in (root / "outputs" / "feedback").glob("*_gop-y.xlsx"))
    assert len({c.casefold() for c in copies}) == 2, copies
