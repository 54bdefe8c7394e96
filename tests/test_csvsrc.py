"""CSV files of the workspace (units, survey): a cell over the csv module's limit or a broken
line is one file:line error with exit 2, not "unexpected error"; in a real workspace the run
stops and the last good outputs stay as they were."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from par_index.csvsrc import MAX_FIELD_CHARS, rows
from par_index.errors import InputFileError
from tests.helpers.district_run import good_workspace, run, run_main

HUGE = "x" * (128 * 1024 + 1)


def test_rows_name_the_line_of_a_broken_cell():
    text = f'a,b\n1,2\n3,"{HUGE}"\n5,6\n'
    with pytest.raises(InputFileError) as caught:
        list(rows(csv.reader(io.StringIO(text)), "f.csv"))
    assert (caught.value.code, caught.value.fields["line"]) == ("csv.field-too-long", 3)
    dict_reader = csv.DictReader(io.StringIO(text))
    with pytest.raises(InputFileError) as caught:
        list(rows(dict_reader, "f.csv"))
    assert caught.value.fields["line"] == 3  # a DictReader's own count lags a row behind
    strict = csv.reader(io.StringIO('a,b\n1,"2"x\n'), strict=True)
    with pytest.raises(InputFileError) as caught:
        list(rows(strict, "f.csv"))
    assert (caught.value.code, caught.value.fields["line"]) == ("csv.broken", 2)
    assert MAX_FIELD_CHARS == 128 * 1024


def _outputs(root: Path) -> dict[str, bytes]:
    folder = root / "outputs"
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("file", "edit", "expected"),
    [
        ("units.csv", lambda t: t.replace("Xã Quảng Công", f'"{HUGE}"'), "units.csv:3: một ô dài"),
        (
            "survey/khao-sat.csv",
            lambda t: t.replace("QD-QCO,2.3,100,", "QD-QCO,2.3,1e99999999,"),
            "khao-sat.csv:3: cột A: '1e99999999' vượt quá 10.000.000 phiếu.",
        ),
    ],
)
def test_a_hostile_csv_stops_the_run_and_leaves_the_outputs(
    tmp_path, mini_set, file, edit, expected
):
    root = good_workspace(tmp_path / "ws", mini_set)
    assert run(root).exit_code == 0
    good = _outputs(root)
    path = root / file
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    done = run_main("run", str(root), "--workers", "1")
    assert done.returncode == 2, done.stderr
    assert expected in done.stderr and "không mong đợi" not in done.stderr
    assert len(done.stderr.strip().splitlines()) <= 2  # a survey file heads its problem list
    assert _outputs(root) == good
