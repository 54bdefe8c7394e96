"""Which cells show a percentage: the number formats calamine does not give.

A rate typed "80%" in Excel or LibreOffice is stored as 0.8 in a cell formatted as a percent,
and the officer sees 80 %. python-calamine gives values only, so the few cells that hold a
figure are looked up in the package itself: the styles part says which cell styles are percent
formats, the sheet part which style each wanted cell has. Both are scanned as bytes (no XML
parser: the guard has already vetted every part), and only when a file has a percent style
and a wanted cell holds a number.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
from collections.abc import Iterable

from par_index.memo import Memo, fresh

_BUILTIN_PERCENT = frozenset({9, 10})
"""Excel's built-in number formats 0% and 0.00%."""
_NUM_FMT = re.compile(rb"<(?:\w+:)?numFmt\b([^>]*)>")
_CELL_XFS = re.compile(rb"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", re.DOTALL)
_XF_FORMAT = re.compile(rb"<(?:\w+:)?xf\b(?:[^>]*?\bnumFmtId=\"(\d+)\")?[^>]*>")
"""Each cell style's number format id (empty when it has none: format 0, General)."""
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
_RELATION = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_ATTR = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')
_CHUNK = 32 * 1024
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def is_percent_format(code: str) -> bool:
    """Whether a number format code shows a value x 100 with "%" (its first section, the one
    for positive numbers); a "%" in quotes, escaped or in brackets is only text."""
    first = _QUOTED.sub("", code).split(";")[0]
    return "%" in first


def _attrs(tag: bytes) -> dict[bytes, bytes]:
    return {name.split(b":")[-1]: value for name, value in _ATTR.findall(tag)}


def percent_styles(styles: bytes) -> frozenset[int]:
    """Indices of the cell styles (cellXfs) whose number format is a percent format."""
    percent = set(_BUILTIN_PERCENT)
    for tag in _NUM_FMT.findall(styles):
        attrs = _attrs(tag)
        code = html.unescape(attrs.get(b"formatCode", b"").decode("utf-8", "replace"))
        if is_percent_format(code) and attrs.get(b"numFmtId", b"").isdigit():
            percent.add(int(attrs[b"numFmtId"]))
    block = _CELL_XFS.search(styles)
    if block is None or not any(b'numFmtId="%d"' % i in block.group(1) for i in percent):
        return frozenset()
    found = set()
    for index, number_format in enumerate(_XF_FORMAT.findall(block.group(1))):
        if number_format and int(number_format) in percent:
            found.add(index)
    return frozenset(found)


def _sheet_part(package: zipfile.ZipFile, sheet: str, memo: Memo | None = None) -> str | None:
    """The package part of the sheet with this name, else None."""
    book, relations = package.read("xl/workbook.xml"), package.read("xl/_rels/workbook.xml.rels")
    key = (book, relations, sheet)
    return fresh(memo).get("read.sheet-part", key, lambda: _part_of(book, relations, sheet))


def _part_of(book: bytes, relations: bytes, sheet: str) -> str | None:
    rid = None
    for tag in _SHEET.findall(book):
        attrs = _attrs(tag)
        if html.unescape(attrs.get(b"name", b"").decode("utf-8", "replace")) == sheet:
            rid = attrs.get(b"id")
            break
    if rid is None:
        return None
    for tag in _RELATION.findall(relations):
        attrs = _attrs(tag)
        if attrs.get(b"Id") == rid:
            target = html.unescape(attrs.get(b"Target", b"").decode("utf-8", "replace"))
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.normpath(posixpath.join("xl", target))
    return None


def _style_of(xml: bytes, ref: bytes, start: int) -> tuple[int | None, int]:
    """(style index of the cell ``ref``, where the search may go on) in a sheet's XML."""
    at = xml.find(b' r="' + ref + b'"', start)
    if at < 0:
        return None, start
    opening = xml.rfind(b"<", 0, at)
    end = xml.find(b">", at)
    tag = xml[opening:end]
    if not re.match(rb"<(?:\w+:)?c\b", tag):
        return None, start
    style = _attrs(tag).get(b"s", b"0")
    return (int(style) if style.isdigit() else 0), end


def percent_cells(
    data: bytes, sheet: str, refs: Iterable[str], memo: Memo | None = None
) -> frozenset[str]:
    """Which of the cells ``refs`` (A1 references, in sheet order) of ``sheet`` are formatted
    as a percent. Empty when the package cannot say (no styles part, an odd layout).
    ``memo``: the run's; files made from one template share their styles part."""
    wanted = [ref.encode("ascii") for ref in refs]
    if not wanted:
        return frozenset()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            styles_part = package.read("xl/styles.xml")
            styles = fresh(memo).get(
                "read.percent-styles", styles_part, lambda: percent_styles(styles_part)
            )
            part = _sheet_part(package, sheet, memo) if styles else None
            xml = _read_until(package, part, wanted[-1]) if part else b""
    except (KeyError, zipfile.BadZipFile, OSError):
        return frozenset()  # calamine read the values; without formats they read as stored
    found, start = set(), 0
    for ref in wanted:
        style, after = _style_of(xml, ref, start)
        if style is None:
            style, after = _style_of(xml, ref, 0)  # not in sheet order
        else:
            start = after
        if style in styles:
            found.add(ref.decode("ascii"))
    return frozenset(found)


def _read_until(package: zipfile.ZipFile, part: str, last: bytes) -> bytes:
    """The sheet's XML inflated up to the opening tag of the cell ``last`` (the whole part when
    that cell is not there): the rows below it are not needed."""
    needle = b' r="' + last + b'"'
    buffer = bytearray()
    with package.open(part) as stream:
        while piece := stream.read(_CHUNK):
            seen = max(0, len(buffer) - len(needle) - 64)
            buffer += piece
            at = buffer.find(needle, seen)
            if at >= 0 and buffer.find(b">", at) >= 0:
                break
    return bytes(buffer)
