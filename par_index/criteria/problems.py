"""Problems in a definition file, each with file:line, the criterion code and a fix."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from par_index.i18n import Message
from par_index.yamlsrc import Path_, YamlSource

FIELD_UNKNOWN = Message(
    "def.unknown-key",
    "khóa '{key}' không có trong định dạng{suggest}. Hãy sửa hoặc xóa khóa này.",
    "key '{key}' is not part of the format{suggest}. Fix or remove it.",
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

    def render(self, lang: str | None = None) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        node = f" [{self.code}]" if self.code else ""
        return f"{where}:{node} {self.message.format(lang, **self.fields)} ({self.id})"


def node_code(data: Any, path: Path_) -> str | None:
    """The ``code`` of the innermost node on ``path`` (the criterion a problem belongs to)."""
    found = None
    current = data
    for part in path:
        if isinstance(current, dict) and isinstance(current.get("code"), str | int):
            found = str(current["code"])
        try:
            current = current[part]
        except (KeyError, IndexError, TypeError):
            break
    if isinstance(current, dict) and isinstance(current.get("code"), str | int):
        found = str(current["code"])
    return found


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
        key = str(path[-1]) if path else ""
        if kind == "extra_forbidden":
            options = sorted((known_keys or {}).get("*", []))
            close = difflib.get_close_matches(key, options, n=1)
            suggest = f" (có phải '{close[0]}'?)" if close else ""
            message, fields = FIELD_UNKNOWN, {"key": key, "suggest": suggest}
        elif kind == "missing":
            message, fields = FIELD_MISSING, {"key": key}
        else:
            message, fields = FIELD_INVALID, {"key": key, "detail": error["msg"]}
        problems.append(
            Problem(message, fields, source.file, source.line_of(path), node_code(source.data, path))
        )
    return problems


def _data_path(loc: tuple, data: Any) -> Path_:
    """Drop pydantic's union tags (e.g. 'thresholds', 'function-after[...]') from a location."""
    path: list[str | int] = []
    current = data
    for part in loc:
        if isinstance(current, dict) and part in current:
            path.append(part)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            path.append(part)
            current = current[part]
        elif isinstance(current, dict) and isinstance(part, str) and not _is_tag(part):
            path.append(part)  # a missing or extra key
            current = None
    return tuple(path)


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
