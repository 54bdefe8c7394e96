"""results.json and results.xlsx: writing them, reading last period's back, comparing years.

results.json is ``Results`` serialised by pydantic, every number by the number contract (decimal
strings with a fixed number of places per kind: par_index.numbers), versioned by
``schema_version`` and documented in docs/results-schema.md; ``results_schema()`` is its JSON
Schema. results.xlsx holds values, never formulas: every text is written as a string,
so a unit name or note starting with = + - @ can never run as a formula.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from pydantic import TypeAdapter, ValidationError

from par_index import scale
from par_index.errors import InputFileError, ParIndexError
from par_index.i18n import Message, text
from par_index.io import write_atomic
from par_index.numbers import quantize
from par_index.results import SCHEMA_VERSION, Results, UnitResult
from par_index.staff import grade_label

SUPPORTED_VERSIONS = {1, SCHEMA_VERSION}
"""Schema versions ``load_results`` reads: 1 (exact decimals, the 2021-2025 files) differs from 2
only in how many decimals its numbers have, so both validate into the same ``Results``."""

M_NOT_JSON = Message(
    "results.not-json",
    "{file}: không phải tệp kết quả JSON ({detail}). Hãy dùng tệp results.json do "
    "'par-index score' tạo ra.",
    "{file}: not a JSON results file ({detail}). Use a results.json written by 'par-index score'.",
)
M_VERSION = Message(
    "results.incompatible",
    "{file}: tệp kết quả có schema_version {found}, phiên bản này đọc được {supported}. "
    "Hãy tạo lại tệp bằng 'par-index score' của phiên bản tương ứng, hoặc cập nhật par-index.",
    "{file}: the results file has schema_version {found}; this version reads {supported}. "
    "Regenerate it with the matching 'par-index score', or update par-index.",
)
M_INVALID = Message(
    "results.invalid",
    "{file}: tệp kết quả không hợp lệ ở {where}: {detail}. Đừng sửa tay tệp results.json.",
    "{file}: the results file is invalid at {where}: {detail}. Do not edit results.json by hand.",
)
M_DETAIL_OMITTED = Message(
    "results.detail-omitted",
    "Bảng này chỉ ghi điểm từng tiêu chí khi có tối đa {limit} đơn vị; lần chạy này có {units} "
    "đơn vị. Điểm từng tiêu chí của mọi đơn vị có đầy đủ trong results.json.",
    "This sheet lists every criterion's points only for up to {limit} units; this run has "
    "{units}. Every unit's criterion points are all in results.json.",
)
M_MISSING = Message(
    "results.missing",
    "{file}: không tìm thấy tệp kết quả kỳ trước.",
    "{file}: last period's results file was not found.",
)


class ResultsError(ParIndexError, ValueError):
    """A results file cannot be read back."""


# -- JSON ---------------------------------------------------------------------------------------
def results_json(results: Results) -> str:
    """The library's one serialisation (also what ``par-index score --json`` prints)."""
    return b"".join(results_json_parts(results)).decode("utf-8")


JSON_CHUNK = 200
"""Units serialised per pydantic call: ~10 MB of text, never the whole run's ~170 MB."""
_UNITS = TypeAdapter(list[UnitResult])


def results_json_parts(results: Results) -> Iterator[bytes]:
    """``results.model_dump_json(indent=2)`` and a newline as UTF-8, ``JSON_CHUNK`` units at a
    time: the whole text of 3,321 units (~600 MiB while pydantic builds it) is never held at
    once. Bytes, in chunks, because decoding and re-indenting each unit's text apart cost
    more than pydantic's own serialisation."""
    marker = '\n  "units": []'
    head = results.model_copy(update={"units": []}).model_dump_json(indent=2)
    before, after = head.split(marker, 1)  # JSON text has no raw newline inside a string
    if not results.units:
        yield (head + "\n").encode("utf-8")
        return
    yield (before + '\n  "units": [\n').encode("utf-8")
    units = results.units
    for start in range(0, len(units), JSON_CHUNK):
        text = _UNITS.dump_json(units[start : start + JSON_CHUNK], indent=2)
        # "[\n  {...},\n  {...}\n]" -> the items two levels deeper, without the brackets
        yield (b",\n" if start else b"") + b"  " + text[2:-2].replace(b"\n", b"\n  ")
    yield ("\n  ]" + after + "\n").encode("utf-8")


def write_results_json(path: Path, results: Results) -> Path:
    def write(tmp: Path) -> None:
        with tmp.open("wb") as out:
            out.writelines(results_json_parts(results))

    return write_atomic(path, write)


def results_schema() -> dict[str, Any]:
    """JSON Schema of results.json (serialisation mode: numbers are decimal strings, each with
    its kind's places: ``x-kind`` and ``pattern``)."""
    data = Results.model_json_schema(mode="serialization")
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["$id"] = f"https://par-index.example/results.v{SCHEMA_VERSION}.schema.json"
    return data


def load_results(path: Path) -> Results:
    """Read a results.json back, refusing other schema versions with a clear message. A file of
    an older supported version comes back as the current version (written again, it is)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputFileError(M_MISSING, file=str(path)) from exc
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ResultsError(M_NOT_JSON, file=str(path), detail=type(exc).__name__) from exc
    if not isinstance(data, dict):
        raise ResultsError(M_NOT_JSON, file=str(path), detail="not an object")
    found = data.get("schema_version")
    if found not in SUPPORTED_VERSIONS:
        supported = ", ".join(str(v) for v in sorted(SUPPORTED_VERSIONS))
        shown = "(không có)" if found is None else found
        raise ResultsError(M_VERSION, file=str(path), found=shown, supported=supported)
    data["schema_version"] = SCHEMA_VERSION
    try:
        return Results.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ResultsError(M_INVALID, file=str(path), where=where, detail=first["msg"]) from exc


# -- Excel --------------------------------------------------------------------------------------
RANKING_HEADERS = (
    ("Hạng", "Rank"),
    ("Mã đơn vị", "Unit code"),
    ("Đơn vị", "Unit"),
    ("Loại", "Type"),
    ("Nhóm", "Group"),
    ("Chỉ số (%)", "Index (%)"),
    ("Điểm đạt", "Points"),
    ("Điểm tối đa", "Possible"),
    ("Tự chấm", "Self total"),
    ("Chênh lệch", "Gap"),
    ("Tỷ lệ tự chấm/thẩm định", "Inflation"),
    ("Xếp loại", "Class"),
    ("Tạm thời", "Provisional"),
    ("Không xếp hạng", "Excluded"),
    ("Hạng năm trước", "Previous rank"),
    ("Thay đổi chỉ số", "Index change"),
    ("Thay đổi hạng", "Rank change"),
    ("Xếp loại cao nhất của người đứng đầu", "Head's highest grade"),
    ("Đề nghị thi đua", "Emulation"),
    ("Lý do", "Reasons"),
)
CRITERIA_HEADERS = (
    ("Mã đơn vị", "Unit code"),
    ("Đơn vị", "Unit"),
    ("Mã tiêu chí", "Criterion"),
    ("Tiêu chí", "Title"),
    ("Phần", "Section"),
    ("Điểm tối đa", "Possible"),
    ("Tự chấm", "Self"),
    ("Tính lại", "Recomputed"),
    ("Thẩm định vòng 1", "Round 1"),
    ("Ghi chú vòng 1", "Note 1"),
    ("Giải trình", "Explanation"),
    ("Thẩm định vòng 2", "Round 2"),
    ("Ghi chú vòng 2", "Note 2"),
    ("Điều tra XHH", "Survey"),
    ("Điểm cuối cùng", "Final"),
    ("Chênh lệch", "Gap"),
    ("Không áp dụng", "Not applicable"),
    ("Tạm thời", "Provisional"),
    ("Phát hiện", "Findings"),
)


def write_results_xlsx(path: Path, results: Results, *, criteria: bool | None = None) -> Path:
    """results.xlsx: a ranking sheet and every unit's criteria, values only, atomically.

    ``criteria`` (default: up to ``CRITERIA_ROWS_UP_TO`` units) writes the per-criterion rows;
    without them the criteria sheet says where they are (results.json)."""
    count = len(results.units)
    detail = count <= scale.CRITERIA_ROWS_UP_TO if criteria is None else criteria

    def write(tmp: Path) -> None:
        options = {"strings_to_formulas": False, "strings_to_numbers": False}
        # rows are written in order: constant memory keeps 3,000 units' criteria off the heap
        options |= {"strings_to_urls": False, "constant_memory": True}
        book = xlsxwriter.Workbook(str(tmp), options)
        fmt = {
            "head": book.add_format({"bold": True, "bg_color": "#D9E1F2", "text_wrap": True}),
            "num": book.add_format({"num_format": "0.00"}),
            "text": book.add_format({}),
        }
        _sheet(book, fmt, text("Xếp hạng", "Ranking"), RANKING_HEADERS, _ranking_rows(results))
        if detail:
            rows = _criteria_rows(results)
            _sheet(book, fmt, text("Tiêu chí", "Criteria"), CRITERIA_HEADERS, rows)
        else:
            note = M_DETAIL_OMITTED.format(limit=scale.CRITERIA_ROWS_UP_TO, units=count)
            book.add_worksheet(text("Tiêu chí", "Criteria")).write_string(0, 0, note, fmt["text"])
        book.close()

    return write_atomic(path, write)


def _sheet(book, fmt, name: str, headers, rows) -> None:
    ws = book.add_worksheet(name)
    for c, pair in enumerate(headers):
        ws.write_string(0, c, text(*pair), fmt["head"])
    count = 0
    for r, row in enumerate(rows, start=1):
        count = r
        for c, value in enumerate(row):
            _put(ws, fmt, r, c, value)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(count, 1), len(headers) - 1)
    ws.set_column(0, len(headers) - 1, 14)


def _put(ws, fmt, row: int, col: int, value: Any) -> None:
    """A value as a number, a yes/no word, or a string (never a formula)."""
    if value is None:
        return
    if isinstance(value, bool):
        ws.write_string(row, col, text("Có", "Yes") if value else text("Không", "No"))
    elif isinstance(value, Decimal | int):
        ws.write_number(row, col, float(value), fmt["num"] if isinstance(value, Decimal) else None)
    else:
        ws.write_string(row, col, str(value), fmt["text"])


def _ranking_rows(results: Results):
    for u in results.units:
        staff = u.staff
        yield (
            u.rank, u.unit.code, u.unit.name, u.unit.unit_type, u.unit.group,
            quantize(u.index, results.precision), u.final_total, u.possible, u.self_total,
            u.gap, u.inflation, u.class_label, u.provisional, u.excluded, u.previous_rank,
            u.index_change, u.rank_change,
            grade_label(staff.highest_grade) if staff else None,
            staff.emulation_eligible if staff else None,
            "\n".join([*(staff.reasons if staff else []), *filter(None, [u.class_reason])]),
        )  # fmt: skip


def _criteria_rows(results: Results):
    for u in results.units:
        for c in u.criteria:
            yield (
                u.unit.code, u.unit.name, c.code, c.title, c.section, c.possible, c.self_score,
                c.recomputed, c.appraised_1, c.note_1, c.explanation, c.appraised_2, c.note_2,
                c.survey, c.final, c.gap, c.not_applicable, c.provisional,
                ", ".join(c.finding_codes),
            )  # fmt: skip
