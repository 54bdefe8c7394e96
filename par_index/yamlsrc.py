"""YAML read with line numbers, so every problem can name ``file:line``.

Configuration is edited by hand and may come from anyone, so the reading is bounded before
anything is built: what aliases (``*name``) repeat, how deep the data nests, which tags it may
carry, how long a number may be and how large the file is (the limits below, documented in
docs/guide-home-affairs.md). Anything beyond them is one ``file:line`` error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.composer import Composer, MaxDepthExceededError
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.scalarfloat import ScalarFloat

from par_index.errors import InputFileError, ParIndexError
from par_index.i18n import Message
from par_index.text import shortened

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

YAML_ALIASES = Message(
    "yaml.aliases",
    "{file}:{line}: các bí danh YAML (*tên) lặp lại quá {limit} mục dữ liệu; tệp cấu hình không "
    "cần nhân bản nhiều như vậy (có thể là tệp độc hại kiểu 'billion laughs'), nên tệp không "
    "được đọc. Hãy viết thẳng các giá trị thay cho bí danh.",
    "{file}:{line}: YAML aliases (*name) repeat more than {limit} data items; a configuration "
    "needs no such copying (it may be a malicious 'billion laughs' file), so the file is not "
    "read. Write the values out instead of the aliases.",
)
YAML_ALIAS_LOOP = Message(
    "yaml.alias-loop",
    "{file}:{line}: bí danh *{name} trỏ vào chính khối đang chứa nó (vòng lặp vô hạn). Hãy xóa "
    "bí danh này.",
    "{file}:{line}: alias *{name} points at the block that holds it (an endless loop). Remove "
    "the alias.",
)
YAML_TOO_DEEP = Message(
    "yaml.too-deep",
    "{file}:{line}: dữ liệu lồng nhau quá {limit} cấp. Hãy kiểm tra thụt lề và các dấu ngoặc "
    "[ ] {{ }} ở dòng này.",
    "{file}:{line}: the data nests more than {limit} levels deep. Check the indentation and "
    "the brackets [ ] {{ }} on this line.",
)
YAML_TAG = Message(
    "yaml.tag",
    "{file}:{line}: thẻ YAML '{tag}' không được dùng trong tệp cấu hình (chỉ dùng văn bản, số, "
    "ngày, danh sách và bảng khóa). Hãy xóa thẻ bắt đầu bằng '!' ở dòng này.",
    "{file}:{line}: the YAML tag '{tag}' is not allowed in a configuration file (only text, "
    "numbers, dates, lists and mappings). Remove the tag starting with '!' on this line.",
)
YAML_NUMBER = Message(
    "yaml.number",
    "{file}:{line}: số '{value}' quá dài hoặc quá lớn (tối đa {digits} chữ số). Hãy sửa giá "
    "trị; nếu đây là một mã, hãy đặt nó trong dấu ngoặc kép.",
    "{file}:{line}: the number '{value}' is too long or too large (at most {digits} digits). "
    "Fix the value; if it is a code, put it in double quotes.",
)
YAML_VALUE = Message(
    "yaml.value",
    "{file}:{line}: không đọc được giá trị '{value}' (ngày không có thật, hoặc giá trị không "
    "khớp kiểu ghi trước nó). Hãy sửa giá trị; ngày ghi dạng 2022-01-10.",
    "{file}:{line}: the value '{value}' cannot be read (a date that does not exist, or a value "
    "that does not match the type written before it). Fix it; write dates as 2022-01-10.",
)
YAML_TOO_LARGE = Message(
    "yaml.too-large",
    "{file}: tệp nặng {size} MB, vượt giới hạn {limit} MB của một tệp cấu hình YAML. Hãy kiểm "
    "tra đúng tệp chưa.",
    "{file}: the file is {size} MB, over the {limit} MB limit of a YAML configuration file. "
    "Check that it is the right file.",
)

MAX_ALIAS_ITEMS = 10_000
"""What aliases may repeat in one file, in data items (each scalar, list and mapping)."""
MAX_DEPTH = 50
"""How deep lists and mappings may nest."""
MAX_NUMBER_DIGITS = 15
"""The longest number; anything longer is a code to quote, or a mistake."""
MAX_FILE_BYTES = 10 * 1024 * 1024
_TAGS = {"str", "int", "float", "bool", "null", "seq", "map", "timestamp", "merge"}
_ALLOWED_TAGS = {f"tag:yaml.org,2002:{name}" for name in _TAGS}
_CHECKED_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "timestamp")}
_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}

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
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            mb, limit = -(-size // (1024 * 1024)), MAX_FILE_BYTES // (1024 * 1024)
            raise YamlError(YAML_TOO_LARGE, file=name, size=mb, limit=limit)
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(FILE_MISSING, file=name, detail=exc.__class__.__name__) from exc
    return parse_yaml(raw, name)


def parse_yaml(raw: str, name: str) -> YamlSource:
    yaml = YAML(typ="rt")
    yaml.Composer = _BoundedComposer
    yaml.max_depth = MAX_DEPTH
    try:
        tree = yaml.load(raw)
    except _Refused as exc:
        raise YamlError(exc.message, file=name, line=exc.line, **exc.fields) from None
    except MaxDepthExceededError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        raise YamlError(YAML_TOO_DEEP, file=name, line=line, limit=MAX_DEPTH) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlError(YAML_SYNTAX, file=name, line=line, detail=exc.problem or str(exc)) from exc
    if not isinstance(tree, CommentedMap):
        raise YamlError(YAML_NOT_MAPPING, file=name)
    source = YamlSource(file=name, data=None)
    source.data = _plain(tree, (), source.lines)
    return source


class _Refused(Exception):
    """A node beyond the limits, found while composing (the file name is added by the caller)."""

    def __init__(self, message: Message, line: int, **fields: Any) -> None:
        super().__init__(message.code)
        self.message, self.line, self.fields = message, line, fields


class _BoundedComposer(Composer):
    """ruamel's composer, refusing what would make the data explode or run code: aliases are
    counted as they are met (an alias to a block still open is a loop), and every node's tag,
    number length and typed value are checked, all before the constructor builds anything."""

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.repeated = 0
        self.sizes: dict[int, int] = {}

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent):
            self._count_alias(event)
            return super().compose_node(parent, index)
        node = super().compose_node(parent, index)
        self._check_node(node)
        return node

    def _count_alias(self, event: AliasEvent) -> None:
        line = event.start_mark.line + 1
        target = self.anchors.get(event.anchor)
        if target is None:
            return  # ruamel reports the undefined alias itself
        if not isinstance(target, ScalarNode) and target.end_mark is None:
            raise _Refused(YAML_ALIAS_LOOP, line, name=shortened(str(event.anchor)))
        self.repeated += _items(target, self.sizes)
        if self.repeated > MAX_ALIAS_ITEMS:
            raise _Refused(YAML_ALIASES, line, limit=f"{MAX_ALIAS_ITEMS:,}".replace(",", "."))

    def _check_node(self, node: Node) -> None:
        tag = str(node.tag)
        line = node.start_mark.line + 1
        if tag not in _ALLOWED_TAGS:
            raise _Refused(YAML_TAG, line, tag=shortened(tag.replace("tag:yaml.org,2002:", "!!")))
        if tag not in _CHECKED_TAGS:
            return
        if tag in _NUMBER_TAGS and _digits(node.value) > MAX_NUMBER_DIGITS:
            raise _Refused(YAML_NUMBER, line, value=shortened(node.value), digits=MAX_NUMBER_DIGITS)
        try:
            value = self.loader.constructor.construct_object(node)
        except (ValueError, TypeError, KeyError, ArithmeticError, MarkedYAMLError):
            raise _Refused(YAML_VALUE, line, value=shortened(node.value)) from None
        if isinstance(value, float) and not _plausible(value):
            raise _Refused(YAML_NUMBER, line, value=shortened(node.value), digits=MAX_NUMBER_DIGITS)


def _items(node: Node, sizes: dict[int, int]) -> int:
    """Data items in ``node`` with every alias under it written out (memoised, no recursion)."""
    stack: list[tuple[Node, bool]] = [(node, False)]
    while stack:
        item, done = stack.pop()
        if id(item) in sizes:
            continue
        kids = _children(item)
        if done:
            sizes[id(item)] = min(1 + sum(sizes[id(k)] for k in kids), MAX_ALIAS_ITEMS + 1)
        else:
            stack.append((item, True))
            stack.extend((k, False) for k in kids if id(k) not in sizes)
    return sizes[id(node)]


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _digits(value: str) -> int:
    return sum(ch.isalnum() for ch in value.split("e")[0].split("E")[0])


def _plain(node: Any, path: Path_, lines: dict[Path_, int]) -> Any:
    if isinstance(node, CommentedMap):
        out = {}
        for key, value in node.items():
            lines[(*path, str(key))] = _key_line(node, key)
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
    if isinstance(node, TaggedScalar):  # a value written with an explicit !!str
        return str(node.value)
    return node


def _key_line(node: CommentedMap, key: Any) -> int:
    """A key's line; a key merged in with ``<<: *name`` has none of its own: the mapping's."""
    try:
        return node.lc.key(key)[0] + 1
    except KeyError:
        return node.lc.line + 1


def _plausible(value: float) -> bool:
    """Finite and shorter than the longest number allowed (no 1e300, .inf or .nan)."""
    return math.isfinite(value) and abs(value) < 10.0**MAX_NUMBER_DIGITS
