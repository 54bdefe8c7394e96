"""The template's cell formats by name, and the sources of its drop-down lists."""

from __future__ import annotations

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from par_index.workbook.layout import DATE_FORMAT, PERCENT_FORMAT, SHEET_META

_BASE = {"font_name": "Times New Roman", "font_size": 11, "valign": "top", "text_wrap": True}
_BOX = {"border": 1, "border_color": "#808080"}
_INPUT = {"bg_color": "#FFF2CC", "locked": False}
_GREY = {"bg_color": "#E7E6E6", "font_color": "#595959", "italic": True}
_CENTER = {"align": "center"}
_STYLES: dict[str, dict] = {
    "title": {"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"},
    "subtitle": {"italic": True, "align": "center"},
    "label": {"bold": True, "align": "right"},
    "head_fixed": {"bold": True, "bottom": 1},
    "head_input": {**_INPUT, "bottom": 1},
    "head_phone": {**_INPUT, "bottom": 1, "num_format": "@"},
    "head_date": {**_INPUT, "bottom": 1, "num_format": DATE_FORMAT, "align": "left"},
    "note": {"italic": True, "font_color": "#7F6000"},
    "key": {"font_size": 8, "font_color": "#808080"},
    "th": {**_BOX, **_CENTER, "bold": True, "valign": "vcenter", "bg_color": "#D9E1F2"},
    "number": {**_BOX, **_CENTER, "italic": True, "font_size": 9, "bg_color": "#D9E1F2"},
    "area": {**_BOX, "bold": True, "bg_color": "#DDEBF7"},
    "area_c": {**_BOX, **_CENTER, "bold": True, "bg_color": "#DDEBF7"},
    "parent": {**_BOX, "bold": True},
    "parent_c": {**_BOX, **_CENTER, "bold": True},
    "cell": {**_BOX},
    "cell_c": {**_BOX, **_CENTER},
    "figure": {**_BOX, "italic": True, "indent": 1},
    "input": {**_BOX, **_INPUT},
    "input_c": {**_BOX, **_INPUT, **_CENTER},
    "input_date": {**_BOX, **_INPUT, **_CENTER, "num_format": DATE_FORMAT},
    "date_c": {**_BOX, **_CENTER, "num_format": DATE_FORMAT},
    "input_percent": {**_BOX, **_INPUT, **_CENTER, "num_format": PERCENT_FORMAT},
    "grey": {**_BOX, **_GREY},
    "grey_c": {**_BOX, **_GREY, **_CENTER},
    "total": {**_BOX, "bold": True, "bg_color": "#FCE4D6"},
    "total_c": {**_BOX, **_CENTER, "bold": True, "bg_color": "#FCE4D6"},
    "guide_title": {"bold": True, "font_size": 14},
    "guide_head": {"bold": True, "font_size": 12},
    "guide_text": {},
}


class Styles:
    """The workbook's cell formats by name, created on first use."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self._book = book
        self._made: dict[str, object] = {}

    def __getitem__(self, name: str):
        if name not in self._made:
            self._made[name] = self._book.add_format({**_BASE, **_STYLES[name]})
        return self._made[name]


class ListSource:
    """A drop-down's source: an inline list when Excel allows it, else a range on _meta."""

    def __init__(self, meta) -> None:
        self._meta = meta
        self._ranges: dict[tuple, str] = {}

    def __call__(self, items: list[str]) -> dict:
        if all("," not in i and '"' not in i for i in items) and len(",".join(items)) <= 250:
            return {"validate": "list", "source": items}
        return {"validate": "list", "source": self._range(tuple(items), self._meta.write_string)}

    def numbers(self, values: list[int | float]) -> dict:
        """A drop-down of numbers, always from number cells on _meta: Excel then compares
        numbers, whatever decimal separator the officer's Excel uses (an inline "0.5" is text
        where the decimal mark is a comma, as in Vietnamese)."""
        return {"validate": "list", "source": self._range(tuple(values), self._meta.write_number)}

    def _range(self, items: tuple, write) -> str:
        if items not in self._ranges:
            column = 3 + len(self._ranges)
            for row, item in enumerate(items):
                write(row, column, item)
            first = xl_rowcol_to_cell(0, column, True, True)
            last = xl_rowcol_to_cell(len(items) - 1, column, True, True)
            self._ranges[items] = f"='{SHEET_META}'!{first}:{last}"
        return self._ranges[items]
