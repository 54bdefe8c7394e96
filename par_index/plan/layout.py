"""The plan workbooks' layout, shared by the writer and the reader: sheets, columns (found back
by their header text), row keys and the hidden metadata."""

from __future__ import annotations

from dataclasses import dataclass

SHEET_GUIDE = "Hướng dẫn"
SHEET_PLAN = "Kế hoạch CCHC"
SHEET_INSPECTIONS = "Lịch kiểm tra"
SHEET_META = "_meta"
PLAN_FORMAT = "1"
KIND_PLAN = "plan"
KIND_INSPECTIONS = "inspections"
META_FIELDS = (
    "kind",
    "unit_code",
    "unit_name",
    "unit_type",
    "period",
    "generated_at",
    "tool_version",
    "plan_format",
)
OWN_PREFIX = "RIENG-"
"""Keys of the rows a unit fills with its own tasks."""
OWN_ROWS = 10
OWN_HEADING_KEY = "RIENG"
HEADER_ROW = 4
"""0-based row of the column headers as written (the reader finds it by text)."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float


PLAN_COLUMNS: tuple[Column, ...] = (
    Column("key", "Mã dòng", 10),
    Column("number", "STT", 5),
    Column("task", "Nhiệm vụ", 46),
    Column("lead", "Đơn vị/bộ phận chủ trì", 22),
    Column("due", "Hạn hoàn thành", 12),
    Column("output", "Sản phẩm", 26),
    Column("done", "Ngày hoàn thành", 13),
    Column("evidence", "Tài liệu kiểm chứng", 34),
    Column("note", "Ghi chú", 20),
)
INSPECTION_COLUMNS: tuple[Column, ...] = (
    Column("number", "STT", 5),
    Column("unit", "Mã đơn vị", 12),
    Column("name", "Đơn vị", 26),
    Column("planned", "Ngày kiểm tra theo kế hoạch", 14),
    Column("by", "Người/đoàn kiểm tra", 26),
    Column("done", "Ngày kiểm tra thực tế", 14),
    Column("result", "Kết quả kiểm tra", 44),
)


def index(columns: tuple[Column, ...]) -> dict[str, int]:
    return {c.key: i for i, c in enumerate(columns)}


def own_key(number: int) -> str:
    return f"{OWN_PREFIX}{number}"
