"""The units assessed (xã, phường, thị trấn, sở ...): read from a CSV or YAML units file."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from par_index.csvsrc import dialect, read_text
from par_index.csvsrc import rows as csv_rows
from par_index.errors import ConfigError
from par_index.i18n import Message
from par_index.text import clean
from par_index.yamlsrc import load_yaml

M_DUPLICATE = Message(
    "units.duplicate-code",
    "{file}:{line}: mã đơn vị '{code}' bị trùng (đã có ở dòng {first}). Mỗi đơn vị một mã riêng.",
    "{file}:{line}: unit code '{code}' is used twice (first on line {first}). Use unique codes.",
)
M_UNKNOWN_TYPE = Message(
    "units.unknown-type",
    "{file}:{line}: loại đơn vị '{unit_type}' của '{code}' không có trong bộ tiêu chí "
    "(có: {known}).",
    "{file}:{line}: unit type '{unit_type}' of '{code}' is not in the criteria set "
    "(known: {known}).",
)
M_INVALID = Message(
    "units.invalid",
    "{file}:{line}: dòng đơn vị không hợp lệ: {detail}. Cần các cột code, name, unit_type.",
    "{file}:{line}: invalid unit row: {detail}. Columns code, name, unit_type are required.",
)
M_ENCODING = Message(
    "units.encoding",
    "{file}:{line}: tệp không phải mã UTF-8. Trong Excel hãy chọn Lưu thành > 'CSV UTF-8 "
    "(Comma delimited)', hoặc dùng tệp YAML.",
    "{file}:{line}: the file is not UTF-8. In Excel use Save As > 'CSV UTF-8 (Comma "
    "delimited)', or use a YAML file.",
)
M_NOT_LIST = Message(
    "units.not-a-list",
    "{file}:{line}: 'units:' phải là một danh sách, mỗi đơn vị một mục bắt đầu bằng '- '.",
    "{file}:{line}: 'units:' must be a list, one item starting with '- ' per unit.",
)
M_EMPTY = Message(
    "units.empty",
    "{file}: không có đơn vị nào. Hãy liệt kê mỗi đơn vị một dòng.",
    "{file}: no units. List one unit per row.",
)

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
"""Control characters (from copy-paste or odd exports) never reach names and file names."""
_COLUMN_ALIASES = {
    "ma": "code",
    "mã": "code",
    "mã đơn vị": "code",
    "ten": "name",
    "tên": "name",
    "tên đơn vị": "name",
    "loai": "unit_type",
    "loại": "unit_type",
    "loại đơn vị": "unit_type",
    "type": "unit_type",
    "thủ trưởng": "head_name",
    "người đứng đầu": "head_name",
    "chức vụ": "head_title",
    "nhóm": "group",
    "liên hệ": "contact",
}


class Unit(BaseModel):
    """One unit assessed in a period."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    """Stable code, e.g. "QD-QAN" (the file names and the metadata sheet carry it)."""
    name: str
    """Vietnamese name, e.g. "Xã Quảng An"."""
    unit_type: str
    """Id of a unit type of the criteria set, e.g. "xa"."""
    head_name: str | None = None
    """Name of the unit's head (người đứng đầu)."""
    head_title: str | None = None
    """Title of the head, e.g. "Chủ tịch UBND xã"."""
    group: str | None = None
    """Optional group, e.g. the former district; rankings may be per group."""
    contact: str | None = None

    @field_validator(
        "code", "name", "unit_type", "head_name", "head_title", "group", "contact", mode="before"
    )
    @classmethod
    def _clean(cls, value: object) -> object:
        """NFC text, look-alike letters fixed; a YAML number (code: 12) is taken as text."""
        if value is None or isinstance(value, bool | dict | list):
            return value
        return clean(_CONTROL.sub(" ", str(value))) or None


def load_units(path: Path, unit_types: list[str] | None = None) -> list[Unit]:
    """Units from ``.csv`` (header row) or ``.yaml`` (``units:`` list), checked and NFC-clean."""
    rows = _yaml_rows(path) if path.suffix.lower() in {".yaml", ".yml"} else _csv_rows(path)
    units: list[Unit] = []
    first_line: dict[str, int] = {}  # by case-folded code: file names carry it (Windows)
    for line, row in rows:
        try:
            unit = Unit.model_validate(row)
        except ValidationError as exc:
            detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise ConfigError(M_INVALID, file=str(path), line=line, detail=detail) from exc
        key = unit.code.casefold()
        if key in first_line:
            raise ConfigError(
                M_DUPLICATE, file=str(path), line=line, code=unit.code, first=first_line[key]
            )
        if unit_types is not None and unit.unit_type not in unit_types:
            raise ConfigError(
                M_UNKNOWN_TYPE,
                file=str(path),
                line=line,
                code=unit.code,
                unit_type=unit.unit_type,
                known=", ".join(unit_types),
            )
        first_line[key] = line
        units.append(unit)
    if not units:
        raise ConfigError(M_EMPTY, file=str(path))
    return units


def _csv_rows(path: Path) -> list[tuple[int, dict]]:
    text = read_text(path, M_ENCODING)
    reader = csv.DictReader(io.StringIO(text), dialect=dialect(text))
    rows = []
    for row in csv_rows(reader, str(path)):
        mapped = {}
        for key, value in row.items():
            if key is None:
                continue
            name = clean(key).lower()
            mapped[_COLUMN_ALIASES.get(name, name)] = value if value not in ("", None) else None
        if any(v for v in mapped.values()):
            rows.append((reader.line_num, mapped))
    return rows


def _yaml_rows(path: Path) -> list[tuple[int, dict]]:
    source = load_yaml(path)
    items = source.data.get("units", []) if isinstance(source.data, dict) else []
    if not isinstance(items, list):
        line = source.line_of(("units",)) or 1
        raise ConfigError(M_NOT_LIST, file=str(path), line=line)
    return [(source.line_of(("units", i)) or 0, item) for i, item in enumerate(items)]
