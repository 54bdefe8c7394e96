"""YAML read with line numbers, so every problem can name ``file:line``."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.scalarfloat import ScalarFloat

from par_index.errors import InputFileError, ParIndexError
from par_index.i18n import Message

YAML_SYNTAX = Message(
    "yaml.syntax",
    "{file}:{line}: lỗi cú pháp YAML: {detail}. Hãy kiểm tra thụt lề và dấu hai chấm ở dòng này.",
    "{file}:{line}: YAML syntax error: {detail}. Check the indentation and colons on this line.",
)
YAML_NOT_MAPPING = Message(
    "yaml.not-mapping",
    "{file}: tệp phải là một bảng khóa: giá trị (mapping) ở cấp ngoài cùng.",
    "{file}: the file must hold a mapping (key: value) at the top level.",
)
FILE_MISSING = Message(
    "file.missing",
    "{file}: không tìm thấy hoặc không đọc được tệp ({detail}).",
    "{file}: the file is missing or cannot be read ({detail}).",
)

Path_ = tuple[str | int, ...]


class YamlError(ParIndexError, ValueError):
    """The YAML cannot be parsed."""


@dataclass
class YamlSource:
    """Plain data loaded from YAML (floats as Decimal) with the line of every key and item."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """Line of the deepest part of ``path`` that is known (1-based)."""
        for cut in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:cut]))
            if line is not None:
                return line
        return None


def load_yaml(path: Path, display_name: str | None = None) -> YamlSource:
    name = display_name or str(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(FILE_MISSING, file=name, detail=exc.__class__.__name__) from exc
    return parse_yaml(raw, name)


def parse_yaml(raw: str, name: str) -> YamlSource:
    yaml = YAML(typ="rt")
    try:
        tree = yaml.load(raw)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlError(YAML_SYNTAX, file=name, line=line, detail=exc.problem or str(exc)) from exc
    if not isinstance(tree, CommentedMap):
        raise YamlError(YAML_NOT_MAPPING, file=name)
    source = YamlSource(file=name, data=None)
    source.data = _plain(tree, (), source.lines)
    return source


def _plain(node: Any, path: Path_, lines: dict[Path_, int]) -> Any:
    if isinstance(node, CommentedMap):
        out = {}
        for key, value in node.items():
            line, _col = node.lc.key(key)
            lines[(*path, str(key))] = line + 1
            out[str(key)] = _plain(value, (*path, str(key)), lines)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            line, _col = node.lc.item(index)
            lines[(*path, index)] = line + 1
            items.append(_plain(value, (*path, index), lines))
        return items
    if isinstance(node, ScalarFloat | float):
        return Decimal(repr(float(node)))
    if isinstance(node, str):
        return str(node)
    return node
