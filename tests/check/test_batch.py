"""A mixed batch on the shipped commune set: good and weak workbooks, an unreadable file, a
stranger's file and a unit that sent nothing; the whole report is asserted, in order."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os

import pytest

from par_index.check.finding import Severity
from par_index.criteria import load_criteria
from par_index.processes import ENV
from tests.check.workspaces import cell_of, run_check, write_workspace
from tests.helpers.workbooks import good_header, good_rows, make_filled, make_unit

PERIOD = "2025"  # the last year of xa-mau: the synthetic workbooks are made for it
QAN = make_unit()
QCO = make_unit("QD-QCO", "Xã Quảng Công")
QLO = make_unit("QD-QLO", "Xã Quảng Lợi")
SIA = make_unit("QD-SIA", "Thị trấn Sịa", "thi_tran")
QTH = make_unit("QD-QTH", "Xã Quảng Thọ")
UNITS = [QAN, QCO, QLO, SIA, QTH]
E, W = Severity.ERROR, Severity.WARNING


@pytest.fixture(scope="module")
def xa():
    return load_criteria("xa-mau")


def rows_for(cs, unit):
    return good_rows(cs, unit.unit_type, period=PERIOD, issuer=f"UBND {unit.name}")


def test_mixed_batch(tmp_path, xa):
    write_workspace(
        tmp_path, UNITS, criteria="xa-mau", period=PERIOD, deadline=dt.date(2026, 12, 10)
    )
    make_filled(tmp_path, xa, QAN, rows_for(xa, QAN))

    weak = rows_for(xa, QCO)
    weak["1.3.1"]["score"] = 1  # max 0.5
    weak["1.4.1"]["evidence"] = None  # points without evidence
    weak["1.1.1"]["explanation"] = None  # partial score, no explanation
    weak["1.5"] = {"score": 1}  # appraiser-only
    late = {**good_header(PERIOD), "date": dt.date(2026, 12, 20)}
    qco = make_filled(tmp_path, xa, QCO, weak, late)

    copied = rows_for(xa, QLO)
    copied["1.2.2"]["evidence"] = rows_for(xa, QAN)["1.2.2"]["evidence"]
    copied["1.1.2"]["figures"]["tasks_done"] = 940  # 94 %: 1.5 points, not 2
    qlo = make_filled(tmp_path, xa, QLO, copied)

    (tmp_path / "submissions" / f"{SIA.code}_{SIA.name}_{PERIOD}.xlsx").write_bytes(
        b"<html><table><tr><td>1</td></tr></table></html>"
    )
    stranger = make_unit("HUE-X", "Xã Lạ")
    make_filled(tmp_path, xa, stranger, rows_for(xa, stranger))

    run = run_check(tmp_path)
    got = [(f.unit, f.code, f.criterion, f.cell, f.severity) for f in run.report.findings]
    qan = cell_of(next((tmp_path / "submissions").glob("QD-QAN*")), "1.2.2", "evidence")
    assert got == [
        (QAN.code, "evidence-copied", "1.2.2", qan, W),
        (QCO.code, "late-submission", None, cell_of(qco, "hdr:date"), W),
        (QCO.code, "explanation-missing", "1.1.1", cell_of(qco, "1.1.1", "explanation"), W),
        (QCO.code, "score-above-max", "1.3.1", cell_of(qco, "1.3.1"), E),
        (QCO.code, "evidence-missing", "1.4.1", cell_of(qco, "1.4.1", "evidence"), E),
        (QCO.code, "not-self-scored-but-scored", "1.5", cell_of(qco, "1.5"), W),
        (QLO.code, "score-unsupported", "1.1.2", cell_of(qlo, "1.1.2"), E),
        (QLO.code, "evidence-copied", "1.2.2", cell_of(qlo, "1.2.2", "evidence"), W),
        (QLO.code, "evidence-other-unit", "1.2.2", cell_of(qlo, "1.2.2", "evidence"), W),
        (SIA.code, "unreadable-file", None, None, E),
        (QTH.code, "missing-submission", None, None, E),
        (None, "wrong-unit", None, None, E),
    ]
    assert run.report.units == [u.code for u in UNITS]
    assert run.report.files == sorted(p.name for p in (tmp_path / "submissions").iterdir())
    unsupported = run.report.findings[6]
    assert unsupported.values["self_score"] == "2,00" and unsupported.values["recomputed"] == "1,50"
    assert unsupported.raw == {"self_score": "2.0000", "recomputed": "1.5000"}
    assert "94,00 %" in unsupported.message
    assert "Xã Quảng An (QD-QAN)" in run.report.findings[8].message  # QLO cites QAN's plan
    assert run.report.findings[9].message.startswith(f"{SIA.code}_{SIA.name}_{PERIOD}.xlsx: ")
    assert "HUE-X" in run.report.findings[11].message


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork")
def test_a_worker_that_dies_costs_one_file(tmp_path, xa, monkeypatch):
    """The batch reads in worker processes: a file that kills its reader is one line. (Forked,
    so that the patched reader reaches the workers; tests/test_batch.py kills spawned ones.)"""
    import par_index.workbook.reader as reader

    monkeypatch.setenv(ENV, "fork")

    write_workspace(tmp_path, [QAN, QCO], criteria="xa-mau", period=PERIOD, deadline=None)
    make_filled(tmp_path, xa, QAN, rows_for(xa, QAN))
    make_filled(tmp_path, xa, QCO, rows_for(xa, QCO))
    real = reader.read_submission

    def fragile(path, cs, **kw):
        if "QCO" in path.name:
            os._exit(7)
        return real(path, cs, **kw)

    monkeypatch.setattr(reader, "read_submission", fragile)
    run = run_check(tmp_path)
    assert [(f.unit, f.code) for f in run.report.findings] == [(QCO.code, "unreadable-file")]
    assert run.report.findings[0].message.startswith(f"{QCO.code}_{QCO.name}_{PERIOD}.xlsx: ")
