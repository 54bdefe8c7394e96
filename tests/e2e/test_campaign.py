"""A whole campaign on real files, through the command line, in a workspace built here: three
communes with contacts and deadlines, the appraisal shared between two bodies. Templates made;
workbooks filled by code and taken in with ``par-index receive`` (Xã Một twice, Xã Hai with an
evidence folder holding a PDF and a Word document, one of them citing the wrong number; Xã Ba
never); check and feedback; a workbook per body, each filled as that body would (round 1, Xã
Hai's criterion scored down with a note); Xã Hai's explanation workbook answered and returned
with a .zip of evidence (its files checked, listed in round 2's explanation cell);
round 2; the survey; the score. ``par-index status --json --as-of`` after every step says where
each unit stands."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from par_index.appraisal.explanation import ECOL
from par_index.appraisal.explanation import HEADER_ROW as EXPLANATION_HEADER
from par_index.appraisal.explanation import SHEET as EXPLANATION_SHEET
from par_index.appraisal.model import COL, HEADER_ROW, LABEL_STATUS, Status
from par_index.cli.app import app
from par_index.criteria import load_criteria
from par_index.pipeline import received
from par_index.synthetic import fill_workbook, good_header, good_rows
from par_index.synthetic_evidence import decision_lines, docx_document, pdf_document, zip_of
from par_index.units import Unit
from par_index.workbook.template import template_filename
from tests.check.workspaces import MINI
from tests.helpers.workbooks import make_unit

X01 = make_unit("QD-X01", "Xã Một")
X02 = make_unit("QD-X02", "Xã Hai")
X03 = make_unit("QD-X03", "Xã Ba")
UNITS = (X01, X02, X03)
CONTACTS = {X01.code: "0912 000 001", X02.code: "0912 000 002", X03.code: "0912 000 003"}
DEADLINES = {
    "self_assessment": dt.date(2024, 12, 15),
    "appraisal_round_1": dt.date(2025, 1, 5),
    "explanation": dt.date(2025, 1, 15),
    "survey": dt.date(2025, 1, 20),
    "appraisal_round_2": dt.date(2025, 1, 25),
}
BODIES = """appraisal:
  bodies:
    - {id: stp, name: "Phòng Tư pháp", areas: ["1"]}
  default_body: {id: noi-vu, name: "Phòng Nội vụ"}
"""
SURVEY = "unit,criterion,A,B,C,D\nQD-X01,2.3,50,50,0,0\nQD-X02,2.3,100,0,0,0\nQD-X03,2.3,0,0,0,1\n"
LOWERED = "1.3"
"""Xã Hai's criterion the justice office scores down in round 1 (its decision cites a file
holding another number)."""
NOTE = "Quyết định dẫn chứng không đúng số"
ANSWER = "Đơn vị gửi kèm đúng quyết định giao chỉ tiêu; tệp trước gửi nhầm bản dự thảo."
UTC = dt.UTC


class Clock:
    """The office's clock: when ``par-index receive`` takes a file in."""

    def __init__(self) -> None:
        self.now = dt.datetime(2024, 12, 1, 9, tzinfo=UTC)

    def at(self, day: dt.date) -> None:
        self.now = dt.datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    found = Clock()
    monkeypatch.setattr(received, "now_utc", lambda: found.now)
    return found


def cli(*args: str, code: int = 0) -> str:
    got = CliRunner().invoke(app, [str(a) for a in args])
    assert got.exit_code == code, got.output
    return got.output


def workspace(root: Path) -> Path:
    root.mkdir(parents=True)
    dates = "".join(f"  {key}: {day.isoformat()}\n" for key, day in DEADLINES.items())
    (root / "par-index.yaml").write_text(
        f'period: "2024"\ncriteria: {MINI}\nunits: units.csv\nproducer: "Phòng Nội vụ huyện"\n'
        f"deadlines:\n{dates}{BODIES}",
        encoding="utf-8",
    )
    rows = ["code,name,unit_type,contact"]
    rows += [f"{u.code},{u.name},{u.unit_type},{CONTACTS[u.code]}" for u in UNITS]
    (root / "units.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root


# -- what the units send ------------------------------------------------------------------------
def sent(root: Path, mail: Path, unit: Unit, rows: dict, day: dt.date) -> Path:
    """The unit's template (from templates/) filled and saved in its mail folder."""
    template = root / "templates" / template_filename(unit, "2024")
    mail.mkdir(parents=True, exist_ok=True)
    return fill_workbook(
        template, mail / f"{unit.code}.xlsx", rows, {**good_header("2024"), "date": day}
    )


def rows_of(unit: Unit) -> dict[str, dict]:
    return good_rows(load_criteria(MINI), unit.unit_type, issuer=f"UBND {unit.name}")


def cite(rows: dict, code: str, file: str) -> None:
    """The row's citation naming a file, its page given with the file."""
    typed = re.sub(r", trang \d+$", "", rows[code]["evidence"])
    rows[code]["evidence"] = f"{typed} ({file})"


def number_and_date(rows: dict, code: str) -> tuple[str, dt.date]:
    text = rows[code]["evidence"]
    number = re.search(r"số (\S+)", text)
    day = re.search(r"ngày (\d\d)/(\d\d)/(\d{4})", text)
    assert number and day
    d, m, y = (int(g) for g in day.groups())
    return number.group(1), dt.date(y, m, d)


def evidence_folder(mail: Path, rows: dict) -> Path:
    """Xã Hai's evidence: the plan as a PDF (right), the decision as a Word document holding
    another number (the planted fault)."""
    folder = mail / f"{X02.code}_minh-chung"
    folder.mkdir(parents=True)
    number, day = number_and_date(rows, "1.1")
    lines = decision_lines(f"UBND {X02.name}", number, day, "Ke hoach cai cach hanh chinh")
    made = dt.datetime.combine(day, dt.time(10), UTC)
    (folder / "ke-hoach.pdf").write_bytes(pdf_document([lines, ["Trang 2"]], created=made))
    number, day = number_and_date(rows, LOWERED)
    wrong = number.replace(number.split("/")[0], str(int(number.split("/")[0]) + 1000))
    lines = decision_lines(f"UBND {X02.name}", wrong, day, "Quyet dinh giao chi tieu")
    made = dt.datetime.combine(day, dt.time(10), UTC)
    (folder / "quyet-dinh.docx").write_bytes(docx_document(lines, created=made))
    return folder


# -- status ---------------------------------------------------------------------------------------
def status(root: Path, day: dt.date, *more: str) -> dict[str, Any]:
    return json.loads(cli("status", root, "--json", "--as-of", day.isoformat(), *more))


def where(found: dict[str, Any]) -> dict[str, tuple[str | None, int, int | None]]:
    """Unit -> (the last phase done, versions received, errors of its check)."""
    return {u["code"]: (u["phase"], u["versions"], u["errors"]) for u in found["units"]}


def phase(found: dict[str, Any], unit: Unit, key: str) -> dict[str, Any]:
    row = next(u for u in found["units"] if u["code"] == unit.code)
    return next(p for p in row["phases"] if p["phase"] == key)


def reminders(found: dict[str, Any]) -> list[tuple[str, str, int | None]]:
    return [(r["code"], r["missing"], r["days_left"]) for r in found["reminders"]]


def bodies(found: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
    return {b["id"]: (b["filled"], b["total"], b["units_done"]) for b in found["bodies"]}


# -- the appraisal workbooks ----------------------------------------------------------------------
def sheet_rows(sheet) -> dict[str, int]:
    return {
        str(row[0].value): row[0].row
        for row in sheet.iter_rows(min_row=HEADER_ROW + 2)
        if row[0].value is not None
    }


def appraise(path: Path, unit: Unit, scores: dict[str, tuple], state: Status) -> None:
    """A body appraises a unit: per criterion (round, score, note), then the status cell."""
    book = openpyxl.load_workbook(path)
    sheet = book[unit.code]
    at = sheet_rows(sheet)
    for code, (round_, score, note) in scores.items():
        sheet.cell(at[code], COL[f"round_{round_}"] + 1).value = score
        sheet.cell(at[code], COL[f"note_{round_}"] + 1).value = note
    for row in sheet.iter_rows(max_row=HEADER_ROW):
        if row[0].value == f"{LABEL_STATUS}:":
            sheet.cell(row[0].row, 3).value = state.value
    book.save(path)


def cell(path: Path, unit: Unit, code: str, key: str) -> Any:
    sheet = openpyxl.load_workbook(path)[unit.code]
    return sheet.cell(sheet_rows(sheet)[code], COL[key] + 1).value


# -- the campaign ---------------------------------------------------------------------------------
def test_a_whole_campaign(tmp_path, clock):
    root = workspace(tmp_path / "ws")
    mail = tmp_path / "mail"

    found = status(root, dt.date(2024, 11, 20))
    assert where(found) == {u.code: (None, 0, None) for u in UNITS}

    # templates
    cli("templates", root)
    found = status(root, dt.date(2024, 12, 10))
    assert where(found) == {u.code: ("template", 0, None) for u in UNITS}
    assert phase(found, X01, "received")["days_left"] == 5
    assert reminders(found) == [(u.code, "gửi tệp tự chấm điểm", 5) for u in UNITS]

    # Xã Một's first workbook, with a score the criterion cannot have
    first = rows_of(X01)
    first["1.1"]["score"] = 9
    clock.at(dt.date(2024, 12, 12))
    out = cli("receive", root, sent(root, mail / "1", X01, first, dt.date(2024, 12, 11)))
    assert X01.code in out
    found = status(root, dt.date(2024, 12, 12))
    assert where(found)[X01.code] == ("received", 1, None)

    # Xã Hai's workbook and its evidence folder (put beside it by hand)
    x02 = rows_of(X02)
    cite(x02, "1.1", "tệp: ke-hoach.pdf, tr. 1")
    cite(x02, LOWERED, "tệp: quyet-dinh.docx")
    clock.at(dt.date(2024, 12, 13))
    cli("receive", root, sent(root, mail / "2", X02, x02, dt.date(2024, 12, 13)))
    shutil.copytree(
        evidence_folder(mail / "2", x02), root / "submissions" / f"{X02.code}_minh-chung"
    )
    found = status(root, dt.date(2024, 12, 13))
    assert where(found) == {
        X01.code: ("received", 1, None), X02.code: ("received", 1, None),
        X03.code: ("template", 0, None),
    }  # fmt: skip

    # check and feedback: Xã Một's error, Xã Hai's Word document holding another number
    cli("check", root, code=1)
    findings = check_json(root)
    assert findings[X01.code] == {("score-above-max", "1.1"), ("received-after-declared", None)}
    assert findings[X02.code] == {("evidence-file-mismatch", LOWERED)}
    found = status(root, dt.date(2024, 12, 14))
    assert where(found) == {
        X01.code: ("feedback", 1, 1), X02.code: ("feedback", 1, 0),
        X03.code: ("template", 0, None),
    }  # fmt: skip
    assert reminders(found) == [
        (X01.code, "sửa các lỗi trong phiếu phản hồi và gửi lại tệp", 1),
        (X03.code, "gửi tệp tự chấm điểm", 1),
    ]
    page = feedback_page(root, X02)
    assert "quyet-dinh.docx" in page and "không thấy số ký hiệu" in page
    assert "QD-X02_minh-chung/quyet-dinh.docx" in page  # a link to the file
    assert "H14" in feedback_page(root, X01)

    # Xã Một sends its workbook again, corrected: version 2 is scored, version 1 kept
    clock.at(dt.date(2024, 12, 15))
    cli("receive", root, sent(root, mail / "3", X01, rows_of(X01), dt.date(2024, 12, 15)))
    assert sorted(p.name for p in (root / "submissions").glob("QD-X01*")) == [
        "QD-X01 (2).xlsx", "QD-X01.xlsx"
    ]  # fmt: skip
    found = status(root, dt.date(2024, 12, 15))
    assert where(found)[X01.code] == ("received", 2, None)
    assert phase(found, X01, "received")["detail"] == "2 phiên bản"
    cli("check", root, code=1)  # Xã Ba has sent nothing, past the deadline
    assert check_json(root) == {
        X01.code: {("superseded-file", None)}, X02.code: {("evidence-file-mismatch", LOWERED)},
        X03.code: {("missing-submission", None)},
    }  # fmt: skip
    found = status(root, dt.date(2024, 12, 16), "--reminders", tmp_path / "nhac-viec.csv")
    assert where(found) == {
        X01.code: ("feedback", 2, 0), X02.code: ("feedback", 1, 0),
        X03.code: ("template", 0, None),
    }  # fmt: skip
    assert phase(found, X03, "received")["days_left"] == -1
    assert reminder_csv(tmp_path / "nhac-viec.csv") == [{
        "Mã đơn vị": X03.code, "Đơn vị": X03.name, "Liên hệ": CONTACTS[X03.code],
        "Còn thiếu": "gửi tệp tự chấm điểm", "Hạn": "15/12/2024", "Còn (ngày)": "-1",
        "Tin nhắn": "Phòng Nội vụ huyện kính gửi Xã Ba: đề nghị đơn vị gửi tệp tự chấm điểm "
        "ngay (đã quá hạn 15/12/2024 1 ngày). Trân trọng.",
    }]  # fmt: skip
    assert "X01 (2).xlsx (phiên bản 2" in feedback_page(root, X01)

    # a workbook per body: the justice office area 1, the home-affairs office the rest
    cli("appraisal", root, code=1)
    stp, noi_vu = (root / "appraisal" / f"tham-dinh-2024-{b}.xlsx" for b in ("stp", "noi-vu"))
    assert stp.is_file() and noi_vu.is_file()
    assert set(sheet_rows(openpyxl.load_workbook(stp)[X02.code])) == {"1", "1.1", "1.2", "1.3"}
    assert cell(stp, X02, LOWERED, "evidence").splitlines()[1:] == [
        "↳ quyet-dinh.docx (QD-X02_minh-chung): Tệp minh chứng không khớp văn bản được dẫn"
    ]
    assert "1.3" not in sheet_rows(openpyxl.load_workbook(noi_vu)[X02.code])
    found = status(root, dt.date(2024, 12, 20))
    assert bodies(found) == {"stp": (0, 9, 0), "noi-vu": (0, 15, 0)}
    assert phase(found, X02, "round_1")["days_left"] == 16

    # round 1: the justice office scores Xã Hai's decision down, then the home-affairs office
    appraise(stp, X01, {}, Status.ROUND_1)
    appraise(stp, X02, {LOWERED: (1, 1, NOTE)}, Status.ROUND_1)
    found = status(root, dt.date(2025, 1, 3))
    assert bodies(found) == {"stp": (6, 9, 2), "noi-vu": (0, 15, 0)}
    assert where(found)[X02.code] == ("round_1", 1, 0)
    assert phase(found, X02, "explanation")["due"] and not phase(found, X01, "explanation")["due"]
    for unit in (X01, X02):
        appraise(noi_vu, unit, {"2.4": (1, 1, None)}, Status.ROUND_1)  # at its maximum
    found = status(root, dt.date(2025, 1, 6))
    assert bodies(found) == {"stp": (6, 9, 2), "noi-vu": (10, 15, 2)}
    assert where(found) == {
        X01.code: ("round_1", 2, 0), X02.code: ("round_1", 1, 0), X03.code: ("template", 0, None)
    }  # fmt: skip
    assert phase(found, X03, "round_1")["days_left"] == -1
    assert reminders(found) == [
        (X02.code, "gửi phiếu giải trình các tiêu chí bị trừ điểm", 9),
        (X03.code, "gửi tệp tự chấm điểm", -22),
    ]

    # the explanation round: Xã Hai's workbook, answered and returned
    out = cli("appraisal", root, "--explanations")
    assert "QD-X03" in out  # not appraised: no workbook
    [book] = (root / "outputs" / "giai-trinh").glob("*.xlsx")
    sheet = openpyxl.load_workbook(book)[EXPLANATION_SHEET]
    first = EXPLANATION_HEADER + 2
    shown = [sheet.cell(first, ECOL[k] + 1).value for k in ("code", "self", "round_1", "note_1")]
    assert shown == [LOWERED, 2, 1, NOTE]
    assert sheet.cell(first + 1, 1).value is None  # one criterion scored down
    number, day = number_and_date(x02, LOWERED)
    cited = (
        f"Quyết định số {number} ngày {day:%d/%m/%Y} (tệp: quyet-dinh-dung.docx)\n"
        "Biên bản kiểm tra (tệp: bien-ban.pdf, tr. 3)"
    )
    explain(book, root / "explanations" / book.name, {"answer": ANSWER, "asked": 2,
                                                       "evidence": cited})  # fmt: skip
    explanation_evidence(root / "explanations", x02)
    found = status(root, dt.date(2025, 1, 10))
    assert where(found)[X02.code] == ("explanation", 1, 0)
    assert [r[0] for r in reminders(found)] == [X03.code]

    # round 2: the answer in the justice office's workbook, the score given back
    out = cli("appraisal", root)
    assert "Đã đưa 1 giải trình" in out
    assert "evidence-file-page-missing" in out and book.name in out  # the cited page is not there
    text = cell(stp, X02, LOWERED, "explanation")
    assert text.splitlines() == [
        ANSWER, "Đề nghị điểm: 2", f"Tài liệu kiểm chứng: {cited.splitlines()[0]}",
        cited.splitlines()[1],
        "↳ quyet-dinh-dung.docx (QD-X02_minh-chung.zip): đã kiểm tra, không thấy vấn đề",
        "↳ bien-ban.pdf (QD-X02_minh-chung.zip): Trang được dẫn không có trong tệp",
    ]  # fmt: skip
    assert cell(stp, X02, LOWERED, "round_1") == 1  # the council's cells as they were
    appraise(stp, X02, {LOWERED: (2, 2, "Đã xem quyết định gửi kèm")}, Status.ROUND_2)
    found = status(root, dt.date(2025, 1, 20))
    assert where(found)[X02.code] == ("round_2", 1, 0)
    assert phase(found, X01, "round_2")["days_left"] == 5

    # the survey, then the score
    (root / "survey").mkdir()
    (root / "survey" / "khao-sat.csv").write_text(SURVEY, encoding="utf-8")
    found = status(root, dt.date(2025, 1, 21))
    assert where(found) == {
        X01.code: ("survey", 2, 0), X02.code: ("survey", 1, 0), X03.code: ("survey", 0, None)
    }  # fmt: skip
    cli("score", root, code=1)  # Xã Ba's missing workbook is an error
    results = scored(root)
    assert results[X01.code]["scored_version"]["version"] == 2
    assert not results[X03.code]["submitted"]
    row = next(c for c in results[X02.code]["criteria"] if c["code"] == LOWERED)
    assert [row[k] for k in ("self_score", "appraised_1", "appraised_2", "final")] == [
        "2.0000", "1.0000", "2.0000", "2.0000"
    ]  # fmt: skip
    assert row["explanation"].startswith(ANSWER) and "quyet-dinh-dung.docx" in row["explanation"]
    assert [(c["round"], c["by"].split(":")[0]) for c in row["changes"]] == [
        (1, "Phòng Tư pháp"), (2, "Phòng Tư pháp")
    ]  # fmt: skip
    assert row["finding_codes"] == ["evidence-file-mismatch"]
    assert status(root, dt.date(2025, 1, 21)) == found  # scoring moves no unit on


def check_json(root: Path) -> dict[str, set[tuple[str, str | None]]]:
    """Unit -> (code, criterion) of its findings in check.json."""
    data = json.loads((root / "outputs" / "check.json").read_text(encoding="utf-8"))
    out: dict[str, set[tuple[str, str | None]]] = {u.code: set() for u in UNITS}
    for one in data["findings"]:
        if one["unit"] in out:
            out[one["unit"]].add((one["code"], one["criterion"]))
    return out


def scored(root: Path) -> dict[str, dict[str, Any]]:
    data = json.loads((root / "outputs" / "results.json").read_text(encoding="utf-8"))
    return {u["unit"]["code"]: u for u in data["units"]}


def feedback_page(root: Path, unit: Unit) -> str:
    return (root / "outputs" / "feedback" / f"{unit.code}_phan-hoi.html").read_text("utf-8")


def reminder_csv(path: Path) -> list[dict[str, str]]:
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel opens it as UTF-8
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def explanation_evidence(folder: Path, rows: dict) -> Path:
    """Xã Hai's evidence for its answer, a .zip beside the explanation workbook: the right
    decision this time, and a one-page record its answer cites at page 3."""
    number, day = number_and_date(rows, LOWERED)
    made = dt.datetime.combine(day, dt.time(10), UTC)
    lines = decision_lines(f"UBND {X02.name}", number, day, "Quyet dinh giao chi tieu")
    record = decision_lines(f"UBND {X02.name}", "15/BB-UBND", day, "Bien ban kiem tra")
    files = {
        "quyet-dinh-dung.docx": docx_document(lines, created=made),
        "bien-ban.pdf": pdf_document([record], created=made),
    }
    target = folder / f"{X02.code}_minh-chung.zip"
    target.write_bytes(zip_of(files))
    return target


def explain(book: Path, target: Path, values: dict[str, object]) -> None:
    """Xã Hai answers its one row as an officer would (openpyxl), and sends the file back."""
    wb = openpyxl.load_workbook(book)
    sheet = wb[EXPLANATION_SHEET]
    for key, value in values.items():
        sheet.cell(EXPLANATION_HEADER + 2, ECOL[key] + 1).value = value
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
