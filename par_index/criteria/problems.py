"""Problems in a definition file, each with file:line, the criterion code and a fix."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from par_index.errors import ParIndexError
from par_index.i18n import Message
from par_index.yamlsrc import Path_, YamlSource

FIELD_UNKNOWN = Message(
    "def.unknown-key",
    "khóa '{key}' không có trong định dạng{suggest}. Hãy sửa hoặc xóa khóa này.",
    "key '{key}' is not part of the format{suggest}. Fix or remove it.",
)
SUGGEST = Message("def.suggest", " (có phải '{close}'?)", " (did you mean '{close}'?)")
QUOTE_HINT = Message(
    "def.quote-hint",
    " (có vẻ là phần sau dấu phẩy của một đoạn chữ trong {{...}}: hãy đặt cả đoạn chữ trong"
    " ngoặc kép)",
    " (it looks like the part after a comma of a text inside {{...}}: put the whole text in"
    " double quotes)",
)
FIELD_MISSING = Message(
    "def.missing-key",
    "thiếu khóa bắt buộc '{key}'. Hãy bổ sung.",
    "required key '{key}' is missing. Add it.",
)
FIELD_INVALID = Message(
    "def.invalid-value",
    "giá trị của '{key}' không hợp lệ: {detail}.",
    "the value of '{key}' is not valid: {detail}.",
)
_NUMBER = Message("def.detail.number", "cần một số, ví dụ 1.5", "a number is expected, e.g. 1.5")
_BOOL = Message("def.detail.bool", "cần true hoặc false", "true or false is expected")
_ONE_OF = Message("def.detail.one-of", "cần một trong: {expected}", "expected one of: {expected}")
_DATE = Message(
    "def.detail.date",
    "cần một ngày dạng năm-tháng-ngày, ví dụ 2025-01-31 (đang là '{input}')",
    "a date written year-month-day is expected, e.g. 2025-01-31 (it is '{input}')",
)
_PATTERNS = {
    "deadline": Message(
        "def.detail.day-month",
        "cần ngày/tháng dạng dd/mm trong năm đánh giá, ví dụ 31/01",
        "a day/month written dd/mm within the period's year is expected, e.g. 31/01",
    ),
}
"""A pattern's detail in words, by key (instead of the regular expression)."""
# Details for pydantic's most common error types, so an author reads them in their language.
_DETAILS = {
    "union_tag_invalid": Message(
        "def.detail.unknown-kind",
        "không có loại '{tag}'; hãy dùng một trong: {expected_tags}",
        "there is no kind '{tag}'; use one of: {expected_tags}",
    ),
    "string_type": Message(
        "def.detail.text",
        'cần một chuỗi chữ; mã như 3.2 phải đặt trong ngoặc kép: "3.2"',
        'text is expected; quote codes such as 3.2: "3.2"',
    ),
    "string_pattern_mismatch": Message(
        "def.detail.pattern", "không đúng dạng {pattern}", "does not match the form {pattern}"
    ),
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "date_type": _DATE,
    "decimal_parsing": _NUMBER,
    "decimal_type": _NUMBER,
    "bool_parsing": _BOOL,
    "bool_type": _BOOL,
    "literal_error": _ONE_OF,
    "enum": _ONE_OF,
    "list_type": Message(
        "def.detail.list", "cần một danh sách (- ...)", "a list (- ...) is expected"
    ),
}


@dataclass
class Problem:
    """One problem found in a definition file."""

    message: Message
    fields: dict[str, Any] = field(default_factory=dict)
    file: str = ""
    line: int | None = None
    code: str | None = None

    @property
    def id(self) -> str:
        return self.message.code

    def text(self, lang: str | None = None) -> str:
        """The message alone; fields that are messages are rendered in the same language."""
        shown = {
            key: (value.format(lang, **self.fields) if isinstance(value, Message) else value)
            for key, value in self.fields.items()
        }
        return self.message.format(lang, **shown)

    def render(self, lang: str | None = None) -> str:
        """``file:line: [code] message (id)``; a message that names its own file is kept as is."""
        if "file" in self.fields:
            return f"{self.text(lang)} ({self.id})"
        where = f"{self.file}:{self.line}" if self.line else self.file
        node = f" [{self.code}]" if self.code else ""
        return f"{where}:{node} {self.text(lang)} ({self.id})"


def node_code(data: Any, path: Path_) -> str | None:
    """The ``code`` of the innermost node on ``path`` (the criterion a problem belongs to)."""
    found = None
    current = data
    for part in path:
        found = _code_of(current) or found
        try:
            current = current[part]
        except (KeyError, IndexError, TypeError):
            break
    return _code_of(current) or found


def _code_of(node: Any) -> str | None:
    """A node's code as written, even unquoted (``code: 1.2`` is read as a number)."""
    code = node.get("code") if isinstance(node, dict) else None
    if isinstance(code, bool) or not isinstance(code, str | int | Decimal):
        return None
    return str(code)


def problems_from_validation(
    exc: ValidationError, source: YamlSource, known_keys: dict[str, list[str]] | None = None
) -> list[Problem]:
    """Turn pydantic's errors into problems a criteria author understands."""
    problems: list[Problem] = []
    seen: set[tuple[Path_, str]] = set()
    for error in exc.errors():
        path = _data_path(error["loc"], source.data)
        kind = error["type"]
        if (path, kind) in seen:
            continue
        seen.add((path, kind))
        message, fields = _describe(error, path, known_keys or {})
        problems.append(
            Problem(
                message, fields, source.file, source.line_of(path), node_code(source.data, path)
            )
        )
    return problems


def _describe(error: Any, path: Path_, known_keys: dict[str, list[str]]):
    """The message and fields for one pydantic error."""
    kind = error["type"]
    key = str(path[-1]) if path else ""
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(key, sorted(known_keys.get("*", [])), n=1)
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            return FIELD_UNKNOWN, {"key": key, "suggest": QUOTE_HINT}
        if close:
            return FIELD_UNKNOWN, {"key": key, "suggest": SUGGEST, "close": close[0]}
        return FIELD_UNKNOWN, {"key": key, "suggest": ""}
    if kind == "missing":
        return FIELD_MISSING, {"key": key}
    detail = _DETAILS.get(kind)
    if kind == "string_pattern_mismatch" and key in _PATTERNS:
        detail = _PATTERNS[key]
    if detail is None:
        original = (error.get("ctx") or {}).get("error")
        if isinstance(original, ParIndexError):  # a validator's own words, in the user's language
            return FIELD_INVALID, {"key": key, "detail": original.render()}
        text = str(error["msg"]).removeprefix("Value error, ")
        return FIELD_INVALID, {"key": key, "detail": text}
    shown = {"input": _shown_input(error.get("input"))}
    return FIELD_INVALID, {"key": key, "detail": detail, **shown, **(error.get("ctx") or {})}


def _shown_input(value: Any) -> str:
    """The value as the author wrote it, short."""
    text = str(value) if value is not None else ""
    return text if len(text) <= 40 else text[:39] + "…"


def _data_path(loc: tuple, data: Any) -> Path_:
    """Drop pydantic's union tags (e.g. 'thresholds', 'function-after[...]') from a location."""
    path: list[str | int] = []
    current = data
    for part in loc:
        if _has(current, part):
            path.append(part)
            current = current[part]
        elif isinstance(current, dict) and isinstance(part, str) and not _is_tag(part):
            path.append(part)  # a missing or extra key
            current = None
    return tuple(path)


def _has(container: Any, part: Any) -> bool:
    """Whether ``container[part]`` exists in the loaded data."""
    if isinstance(container, dict):
        return part in container
    return isinstance(container, list) and isinstance(part, int) and 0 <= part < len(container)


def _is_tag(part: str) -> bool:
    return "[" in part or part in {
        "yes_no",
        "levels",
        "thresholds",
        "proportional",
        "deduction",
        "per_event",
        "survey",
        "appraiser",
        "str",
        "LocalText",
        "decimal",
        "bool",
        "list[union[decimal,bool,str]]",
    }
