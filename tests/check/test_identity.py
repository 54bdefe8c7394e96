"""Which file counts for a unit, in a real workspace's ``par-index run``: a file can never take
over a unit that has its own file, the sender and the owner are each told, a resubmission is
decided by received time; the scored file and the files set aside are named in results.json,
the unit's report page and its feedback page, and every other unit is scored as before."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers.district_run import UNITS, check_findings, good_workspace, run, scored_units
from tests.helpers.workbooks import good_rows, make_filled

BY_FILE = ("findings", "finding_codes", "set_aside")
RANKED = ("rank", "rank_from_bottom", "rank_in_group", "inflation_rank", "staff",
          "rank_margin_up", "rank_margin_down", "rank_low", "rank_high", "index_low",
          "index_high", "class_share", "weights_rank_min", "weights_rank_max",
          "weights_index_min", "weights_index_max", "weights_moves", "firm")  # fmt: skip
"""What a unit's result may change by when another unit's score changes."""
"""What a unit's result may change by when another file names it (nothing it is scored on)."""


@pytest.fixture(scope="module")
def baseline(tmp_path_factory, mini_set):
    root = good_workspace(tmp_path_factory.mktemp("clean") / "ws", mini_set)
    done = run(root)
    assert done.exit_code == 0, done.output
    assert check_findings(root) == []
    return scored_units(root)


def _top(baseline: dict) -> tuple:
    """The unit ranked first, and another one."""
    top = next(u for u in UNITS if baseline[u.code]["rank"] == 1)
    return top, next(u for u in UNITS if u is not top)


def _received_last(path: Path) -> None:
    later = max(p.stat().st_mtime for p in path.parent.iterdir()) + 60
    os.utime(path, (later, later))


def _as_before(after: dict, before: dict, involved: dict[str, set[str]]) -> None:
    """Every unit as in ``before``, but for the named fields of the involved units."""
    assert after.keys() == before.keys()
    for code, result in before.items():
        changed = involved.get(code, set())
        assert {k: v for k, v in after[code].items() if k not in changed} == {
            k: v for k, v in result.items() if k not in changed
        }, code


def _page(root: Path, code: str) -> str:
    return (root / "outputs" / "feedback" / f"{code}_phan-hoi.html").read_text(encoding="utf-8")


def test_a_file_carrying_the_top_units_code_cannot_take_it_over(tmp_path, mini_set, baseline):
    root = good_workspace(tmp_path / "ws", mini_set)
    top, sender = _top(baseline)
    name = f"{sender.code}_gửi lại.xlsx"
    hostile = make_filled(root, mini_set, top, {}, name=name)  # top's template, left blank
    _received_last(hostile)
    done = run(root)
    assert done.exit_code == 1, done.output
    assert [(f["code"], f["unit"], f["file"]) for f in check_findings(root)] == sorted(
        [("disputed-file", sender.code, name), ("code-in-other-file", top.code, name)],
        key=lambda f: [u.code for u in UNITS].index(f[1]),
    )
    after = scored_units(root)
    _as_before(after, baseline, {top.code: set(BY_FILE), sender.code: set(BY_FILE)})
    assert after[top.code]["rank"] == 1
    assert after[top.code]["set_aside"] == [{"file": name, "reason": "disputed"}]
    assert after[sender.code]["set_aside"] == [{"file": name, "reason": "disputed"}]
    assert after[top.code]["scored_file"] == baseline[top.code]["scored_file"]
    assert name in _page(root, sender.code) and name in _page(root, top.code)


def test_a_unit_that_sent_another_units_template_is_told_so(tmp_path, mini_set, baseline):
    """The sender is not "missing": its file counts for no one and it is told why; the owner
    keeps its own file and hears that its code was used."""
    root = good_workspace(tmp_path / "ws", mini_set)
    top, sender = _top(baseline)
    (root / "submissions" / baseline[sender.code]["scored_file"]).unlink()
    name = f"{sender.code}_{sender.name}_2024.xlsx"
    rows = good_rows(mini_set, "xa", issuer=f"UBND {sender.name}")
    make_filled(root, mini_set, top, rows, name=name)
    done = run(root)
    assert done.exit_code == 1, done.output
    found = {(f["code"], f["unit"]): f for f in check_findings(root)}
    assert found.keys() == {("disputed-file", sender.code), ("code-in-other-file", top.code)}
    said = found[("disputed-file", sender.code)]
    assert baseline[top.code]["scored_file"] in said["message"]
    assert said["severity"] == "error" and f"{sender.code}" in said["fix"]
    after = scored_units(root)
    assert after[sender.code]["submitted"] is False and after[sender.code]["scored_file"] is None
    others = {u.code for u in UNITS} - {top.code, sender.code}
    around = {c: set(RANKED) for c in others} | {top.code: set(BY_FILE + RANKED)}
    _as_before(
        {c: after[c] for c in {*others, top.code}},
        {c: baseline[c] for c in {*others, top.code}},
        around,
    )


def test_a_resubmission_counts_and_every_output_names_it(tmp_path, mini_set, baseline):
    root = good_workspace(tmp_path / "ws", mini_set)
    unit = UNITS[0]
    first = baseline[unit.code]["scored_file"]
    newer = f"{unit.code}_v2.xlsx"
    rows = good_rows(mini_set, "xa", issuer=f"UBND {unit.name}", failed=["1.1"])
    _received_last(make_filled(root, mini_set, unit, rows, name=newer))
    done = run(root)
    assert [(f["code"], f["file"]) for f in check_findings(root)] == [("superseded-file", first)]
    assert done.exit_code == 0, done.output
    after = scored_units(root)
    assert after[unit.code]["scored_file"] == newer
    assert after[unit.code]["set_aside"] == [{"file": first, "reason": "superseded"}]
    assert after[unit.code]["final_total"] != baseline[unit.code]["final_total"]
    others = {u.code for u in UNITS[1:]}
    _as_before(
        {c: after[c] for c in others},
        {c: baseline[c] for c in others},
        {c: set(RANKED) for c in others},
    )
    page = _page(root, unit.code)
    assert f'<dd class="scored-file">{newer} (phiên bản 2)</dd>' in page
    assert first in page.split('class="set-aside">', 1)[1].split("</dd>", 1)[0]
    report = (root / "outputs" / "report.html").read_text(encoding="utf-8")
    assert f"Tệp được chấm:</span> {newer}" in report
    assert f"{first} (đã có bản mới hơn)" in report
