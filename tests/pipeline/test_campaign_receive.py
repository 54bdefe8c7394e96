"""A campaign on real files: templates made, workbooks received (one unit twice), checked, the
feedback written; the received log, the status at each step, the reminders read back, and
lateness counted from the day received."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from par_index.cli.app import app
from par_index.criteria import load_criteria
from par_index.pipeline import run
from par_index.pipeline.names import FEEDBACK, output, received_log
from par_index.pipeline.received import load_log, receive
from par_index.pipeline.status import campaign, write_reminders
from par_index.pipeline.templates import make_templates
from par_index.received import Source
from par_index.workspace import load_workspace
from tests.check.workspaces import MINI, write_workspace
from tests.helpers.workbooks import good_header, good_rows, make_filled, make_unit

X01 = make_unit("QD-X01", "Xã Một")
X02 = make_unit("QD-X02", "Xã Hai")
DEADLINE = dt.date(2024, 12, 15)
CONTACTS = {X01.code: "0912 000 001", X02.code: "0912 000 002"}


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)


def workspace(root: Path) -> Path:
    extra = "  explanation: 2025-01-10\n"
    write_workspace(root, [X01, X02], criteria=MINI, deadline=DEADLINE, extra="")
    config = root / "par-index.yaml"
    config.write_text(config.read_text(encoding="utf-8") + extra, encoding="utf-8")
    rows = ["code,name,unit_type,contact"] + [
        f"{u.code},{u.name},{u.unit_type},{CONTACTS[u.code]}" for u in (X01, X02)
    ]
    (root / "units.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root


def sent(mail: Path, unit, declared: dt.date, *, error: bool = False, name: str) -> Path:
    """A filled workbook in the unit's mail folder (outside the workspace)."""
    cs = load_criteria(MINI)
    rows = good_rows(cs, unit.unit_type, issuer=f"UBND {unit.name}")
    if error:
        first = next(iter(rows))
        rows[first]["score"] = 99
    header = {**good_header("2024"), "date": declared}
    return make_filled(mail, cs, unit, rows, header, name=name)


@pytest.fixture
def ws(tmp_path):
    return load_workspace(workspace(tmp_path / "ws"))


def phases(ws, day):
    found = campaign(ws, day)
    return {row.code: {p.phase: p for p in row.phases} for row in found.units}, found


def test_a_campaign_receive_twice_status_at_each_step(ws, tmp_path):
    make_templates(ws)
    status, found = phases(ws, dt.date(2024, 12, 10))
    assert status[X01.code]["template"].done and not status[X01.code]["received"].done
    assert status[X01.code]["received"].days_left == 5
    assert {(r.code, r.days_left) for r in found.reminders} == {(X01.code, 5), (X02.code, 5)}

    first = sent(tmp_path / "mail", X01, dt.date(2024, 12, 10), error=True, name="X01.xlsx")
    before = first.read_bytes()
    done = receive(ws, [first], now=noon(dt.date(2024, 12, 12)))
    assert [(t.receipt.unit, t.receipt.version, t.again) for t in done.taken] == [
        (X01.code, 1, False)
    ]
    second = sent(tmp_path / "mail2", X01, dt.date(2024, 12, 14), name="X01.xlsx")
    done = receive(ws, [second], now=noon(dt.date(2024, 12, 20)))
    assert [(t.receipt.version, t.receipt.file) for t in done.taken] == [(2, "X01 (2).xlsx")]
    assert first.read_bytes() == before  # the sender's file is only read
    again = receive(ws, [second], now=noon(dt.date(2024, 12, 21)))
    assert again.taken[0].again and again.added == []

    log = load_log(ws).receipts
    assert [(r.unit, r.version, r.file, r.source) for r in log] == [
        (X01.code, 1, "X01.xlsx", Source.RECEIVE),
        (X01.code, 2, "X01 (2).xlsx", Source.RECEIVE),
    ]
    folder = ws.path(ws.config.paths.submissions)
    assert sorted(p.name for p in folder.iterdir()) == ["X01 (2).xlsx", "X01.xlsx"]
    assert (folder / "X01.xlsx").read_bytes() == before  # every version kept
    text = received_log(ws).read_text(encoding="utf-8-sig")
    assert "Phiên bản" in text.splitlines()[0] and "nhận bằng par-index receive" in text

    status, found = phases(ws, dt.date(2024, 12, 21))
    assert status[X01.code]["received"].done and status[X01.code]["received"].detail == (
        "2 phiên bản"
    )
    assert not status[X01.code]["checked"].done
    assert status[X02.code]["received"].days_left == -6
    assert [(r.code, r.days_left) for r in found.reminders] == [(X02.code, -6)]
    assert "đã quá hạn 15/12/2024 6 ngày" in found.reminders[0].message

    outcome = run(ws, ("check", "feedback", "score"))
    report = outcome.report
    assert report.scored_files[X01.code] == "X01 (2).xlsx"  # version 2 is scored
    assert [a.file for a in report.set_aside[X01.code]] == ["X01.xlsx"]
    assert report.versions["X01 (2).xlsx"].version == 2
    mine = {f.code: f for f in report.findings if f.file == "X01 (2).xlsx"}
    assert "ngày par-index nhận tệp" in mine["late-submission"].message
    assert mine["late-submission"].values["days"] == "5"
    both = mine["received-after-declared"].message
    assert "14/12/2024" in both and "20/12/2024" in both
    page = (output(ws, FEEDBACK) / "QD-X01_phan-hoi.html").read_text(encoding="utf-8")
    assert "X01 (2).xlsx (phiên bản 2, nhận lúc" in page and "20/12/2024" in page
    result = next(u for u in outcome.results.units if u.unit.code == X01.code)
    assert result.scored_version is not None and result.scored_version.version == 2
    saved = json.loads(output(ws, "results.json").read_text(encoding="utf-8"))
    unit = next(u for u in saved["units"] if u["unit"]["code"] == X01.code)
    assert unit["scored_version"]["version"] == 2

    status, found = phases(ws, dt.date(2024, 12, 21))
    x01 = status[X01.code]
    assert x01["checked"].done and x01["checked"].detail == "0 lỗi"
    assert x01["feedback"].done and not x01["corrected"].due
    assert not x01["explanation"].due  # round 1 lowered nothing yet

    target = write_reminders(tmp_path / "nhac.csv", found.reminders)
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["Mã đơn vị"], r["Liên hệ"], r["Hạn"], r["Còn (ngày)"]) for r in rows] == [
        (X02.code, CONTACTS[X02.code], "15/12/2024", "-6")
    ]
    assert rows[0]["Tin nhắn"].startswith("Cơ quan tổng hợp kính gửi Xã Hai: đề nghị đơn vị gửi")


def test_a_file_put_in_by_hand_is_logged_and_keeps_its_declared_date(ws, tmp_path):
    mailed = sent(tmp_path / "mail", X02, dt.date(2024, 12, 1), name="QD-X02.xlsx")
    shutil.copy(mailed, ws.path("submissions") / "QD-X02.xlsx")  # mtime: today, long after
    outcome = run(ws, ("check",))
    log = load_log(ws).receipts
    assert [(r.unit, r.version, r.source) for r in log] == [(X02.code, 1, Source.MTIME)]
    assert "bỏ vào thư mục: giờ sửa tệp" in received_log(ws).read_text(encoding="utf-8-sig")
    codes = {f.code for f in outcome.report.findings if f.unit == X02.code}
    assert "late-submission" not in codes and "received-after-declared" not in codes
    run(ws, ("check",))
    assert len(load_log(ws).receipts) == 1  # recorded once
    run(ws, ("check", "score"), write=False)
    assert len(load_log(ws).receipts) == 1


def test_cli_receive_and_status(ws, tmp_path):
    mailed = sent(tmp_path / "mail", X01, dt.date(2024, 12, 1), name="QD-X01.xlsx")
    runner = CliRunner()
    got = runner.invoke(app, ["receive", str(ws.root), str(mailed)])
    assert got.exit_code == 0, got.output
    assert "QD-X01" in got.output
    got = runner.invoke(
        app, ["status", str(ws.root), "--as-of", "2024-12-16", "--json", "--reminders", "-"]
    )
    assert got.exit_code == 0, got.output
    data = json.loads(got.output)
    assert [r["code"] for r in data["reminders"]] == [X02.code]
    assert output(ws, "nhac-viec.csv").is_file()
    got = runner.invoke(app, ["status", str(ws.root), "--as-of", "16.12"])
    assert got.exit_code == 2


def test_a_file_put_in_by_hand_after_a_run_is_newer_whatever_its_modification_time(tmp_path):
    """A resubmission copied in with the sender's (older) modification time, or within the
    second of the last run, still counts: it arrived after the log was last written."""
    import os

    root = workspace(tmp_path / "ws")
    mail = tmp_path / "mail"
    first = sent(mail, X01, dt.date(2024, 12, 1), name="X01 lan 1.xlsx")
    shutil.copy2(first, root / "submissions" / first.name)
    ws = load_workspace(root)
    assert run(ws, ("check",)).report.scored_files[X01.code] == first.name
    again = sent(mail, X01, dt.date(2024, 12, 2), error=True, name="X01 lan 2.xlsx")
    old = (root / "submissions" / first.name).stat().st_mtime - 3600
    os.utime(again, (old, old))  # the sender's clock: an hour before the first file
    shutil.copy2(again, root / "submissions" / again.name)

    report = run(ws, ("check",)).report

    assert report.scored_files[X01.code] == again.name
    [logged_first, logged_again] = [r for r in load_log(ws).receipts if r.unit == X01.code]
    assert logged_again.source == Source.AFTER_LOG and logged_again.version == 2
    assert logged_again.received > logged_first.logged >= logged_first.received


def test_an_evidence_zip_received_is_logged_for_its_unit_as_no_version(ws, tmp_path):
    """A unit's evidence .zip taken in beside its workbook (or put in by hand) is recorded with
    its unit and no version: the workbook stays version 1, and the one checked."""
    from par_index.synthetic_evidence import zip_of

    make_templates(ws)
    mailed = sent(tmp_path / "mail", X01, dt.date(2024, 12, 10), name="QD-X01.xlsx")
    bundle = tmp_path / "mail" / "QD-X01_minh-chung.zip"
    bundle.write_bytes(zip_of({"ke-hoach.pdf": b"%PDF-1.4 not much"}))
    done = receive(ws, [mailed, bundle], now=noon(dt.date(2024, 12, 12)))
    assert [(t.receipt.unit, t.receipt.version) for t in done.taken] == [
        (X01.code, 1), (X01.code, None)
    ]  # fmt: skip
    by_hand = tmp_path / "QD-X02_minh-chung.zip"
    by_hand.write_bytes(zip_of({"bao-cao.pdf": b"%PDF-1.4 other"}))
    shutil.copy(by_hand, ws.path("submissions") / by_hand.name)

    report = run(ws, ("check", "feedback")).report

    log = {r.file: (r.unit, r.version) for r in load_log(ws).receipts}
    assert log == {
        "QD-X01.xlsx": (X01.code, 1), "QD-X01_minh-chung.zip": (X01.code, None),
        "QD-X02_minh-chung.zip": (X02.code, None),
    }  # fmt: skip
    assert report.scored_files[X01.code] == "QD-X01.xlsx"
    status, _ = phases(ws, dt.date(2024, 12, 13))
    assert status[X01.code]["received"].detail == "" and status[X01.code]["checked"].done
    assert not status[X02.code]["received"].done  # its evidence alone is no workbook
