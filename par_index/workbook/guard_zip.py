"""The zip container of a workbook: its directory (part count, encryption, compression, declared
and real sizes, extents and overlaps, all bounded before anything is inflated) and what the
package holds (ODS, xlsb, macros, or no workbook at all). Parts are inflated only within caps.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from par_index.i18n import Message
from par_index.workbook.guard_messages import (
    D_BAD_DATA,
    D_LYING,
    D_NO_DIRECTORY,
    D_OUTSIDE,
    D_OVERLAP,
    D_PART_SIZE,
    D_PARTS,
    D_RATIO,
    D_SIZES,
    D_TOTAL,
    DUPLICATE_PART,
    ENCRYPTED,
    KIND_DOCX,
    KIND_EMPTY_ZIP,
    KIND_ODS,
    KIND_PPTX,
    KIND_ZIP,
    MACROS,
    NOT_XLSX,
    NOT_ZIP,
    TRUNCATED,
    UNKNOWN_COMPRESSION,
    UNSAFE_PATH,
    XLSB,
    ZIP_BOMB,
    UnsafeWorkbook,
    display_name,
)

MIB = 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on one workbook: file size, uncompressed sizes, ratio, part count, XML prolog."""

    max_file_bytes: int = 20 * MIB
    max_part_bytes: int = 50 * MIB
    max_total_bytes: int = 200 * MIB
    max_ratio: int = 200
    max_parts: int = 2000
    ratio_floor_bytes: int = 1 * MIB  # the ratio is judged only for parts larger than this
    max_prolog_bytes: int = 64 * 1024  # bytes inflated per part to find its root element


_dn = display_name

# ----------------------------------------------------------------------------- zip directory

_DEFLATE_MAX_RATIO = 1032  # deflate cannot expand data more than this
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    ValueError,
    struct.error,
    OSError,
    NotImplementedError,  # zipfile: "zip file version 7.1" from a damaged version field
)


def check_zip(
    handle: IO[bytes], size: int, limits: Limits, file: str
) -> tuple[bytes, list[zipfile.ZipInfo]]:
    """The zip directory, then the package content; the file's bytes and its parts, for the
    XML prolog scan that follows."""
    handle.seek(0)
    data = handle.read(size + 1)
    infos = check_archive(data, limits, file)
    names = {i.filename.lower(): i for i in infos}
    _check_package(data, names, limits, file)
    return data, infos


def check_archive(data: bytes, limits: Limits, file: str) -> list[zipfile.ZipInfo]:
    """Any zip held in memory (a workbook, a Word document, a folder of evidence zipped): its
    parts, once the directory is bounded (count, encryption, compression, sizes, ratio,
    extents, overlaps) and proved not to inflate beyond the limits. Nothing is extracted."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS:
        raise UnsafeWorkbook(TRUNCATED, file=file, detail=(D_NO_DIRECTORY, {})) from None
    infos = [i for i in archive.infolist() if not i.is_dir()]
    _check_entries(infos, len(data), limits, file)
    _check_inflated_bounds(data, infos, limits, file)
    return infos


def check_member_paths(infos: list[zipfile.ZipInfo], file: str) -> None:
    """Refuse an archive whose member paths leave their folder (absolute, a drive, "..")."""
    for info in infos:
        parts = info.filename.replace("\\", "/").split("/")
        if info.filename.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]:
            raise UnsafeWorkbook(UNSAFE_PATH, file=file, part=_dn(info.filename))


def _check_entries(infos: list[zipfile.ZipInfo], size: int, limits: Limits, file: str) -> None:
    """Directory facts only: count, encryption, method, declared sizes, extents, overlaps."""
    if len(infos) > limits.max_parts:
        detail = (D_PARTS, {"count": len(infos), "limit": limits.max_parts})
        raise UnsafeWorkbook(ZIP_BOMB, file=file, detail=detail)
    total = 0
    seen: set[str] = set()
    for info in infos:
        if info.flag_bits & 0x41:
            raise UnsafeWorkbook(ENCRYPTED, file=file)
        name = info.filename
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            method = info.compress_type
            raise UnsafeWorkbook(UNKNOWN_COMPRESSION, file=file, part=_dn(name), method=method)
        if name.lower() in seen:
            raise UnsafeWorkbook(DUPLICATE_PART, file=file, part=_dn(name))
        seen.add(name.lower())
        _check_declared(info, limits, file)
        total += info.file_size
        if total > limits.max_total_bytes:
            detail = (D_TOTAL, {"size": total // MIB, "limit": limits.max_total_bytes // MIB})
            raise UnsafeWorkbook(ZIP_BOMB, file=file, detail=detail)
    _check_extents(infos, size, file)


def _check_declared(info: zipfile.ZipInfo, limits: Limits, file: str) -> None:
    real, packed = info.file_size, info.compress_size
    if real > limits.max_part_bytes:
        sizes = {"size": real // MIB, "limit": limits.max_part_bytes // MIB}
        _bomb(file, D_PART_SIZE, info, **sizes)
    if real > limits.ratio_floor_bytes and real > limits.max_ratio * max(packed, 1):
        _bomb(file, D_RATIO, info, ratio=real // max(packed, 1), limit=limits.max_ratio)
    if info.compress_type == zipfile.ZIP_STORED and packed != real:
        detail = (D_SIZES, {"part": _dn(info.filename)})
        raise UnsafeWorkbook(TRUNCATED, file=file, detail=detail)
    if packed > real + (real >> 10) + 64:  # more packed than deflate could need: sizes lie
        _bomb(file, D_LYING, info)


def _bomb(file: str, detail: Message, info: zipfile.ZipInfo, **fields: Any) -> None:
    fields["part"] = _dn(info.filename)
    raise UnsafeWorkbook(ZIP_BOMB, file=file, detail=(detail, fields))


def _check_extents(infos: list[zipfile.ZipInfo], size: int, file: str) -> None:
    """Each part's data lies inside the file and no two parts share bytes (overlap bombs)."""
    spans = sorted(
        ((i.header_offset, i.header_offset + _data_end(i), i) for i in infos),
        key=lambda span: span[:2],
    )
    # each part ends before the next part starts, the last one before the file's end
    next_starts = [start for start, _, _ in spans[1:]] + [size] if spans else []
    for (_, end, info), next_start in zip(spans, next_starts, strict=True):
        if end > size:
            detail = (D_OUTSIDE, {"part": _dn(info.filename)})
            raise UnsafeWorkbook(TRUNCATED, file=file, detail=detail)
        if next_start < end:
            raise UnsafeWorkbook(ZIP_BOMB, file=file, detail=(D_OVERLAP, {}))


def _data_end(info: zipfile.ZipInfo) -> int:
    """Bytes from the local header to the end of the data, counting no extra field."""
    codec = "utf-8" if info.flag_bits & 0x800 else "cp437"
    try:
        name = len(info.orig_filename.encode(codec))
    except UnicodeEncodeError:
        name = len(info.orig_filename.encode("utf-8"))
    return _LOCAL_HEADER.size + name + info.compress_size


def _check_inflated_bounds(
    data: bytes, infos: list[zipfile.ZipInfo], limits: Limits, file: str
) -> None:
    """Where declared sizes could hide more than the limits allow, inflate (bounded) to check.

    A deflated part yields at most 1032 times its packed size, so a typical workbook needs no
    inflation here; only large packed parts are measured, largest first.
    """
    worst = {id(i): _worst_case(i) for i in infos}
    for info in sorted(infos, key=lambda i: i.compress_size, reverse=True):
        over_part = worst[id(info)] > limits.max_part_bytes
        if not over_part and sum(worst.values()) <= limits.max_total_bytes:
            break
        produced = sum(len(chunk) for chunk in inflate(data, info, info.file_size + 1, file))
        if produced > info.file_size:
            _bomb(file, D_LYING, info)
        worst[id(info)] = info.file_size


def _worst_case(info: zipfile.ZipInfo) -> int:
    if info.compress_type == zipfile.ZIP_DEFLATED:
        return max(info.file_size, info.compress_size * _DEFLATE_MAX_RATIO)
    return info.file_size


def inflate(data: bytes, info: zipfile.ZipInfo, cap: int, file: str) -> Iterator[bytes]:
    """Successive inflated pieces of one part, at most ``cap`` bytes in all, whatever it claims."""
    start = _data_start(data, info, file)
    end = start + info.compress_size
    if info.compress_type == zipfile.ZIP_STORED:
        yield data[start : min(end, start + cap)]
        return
    inflater, produced, at, pending = zlib.decompressobj(-15), 0, start, b""
    try:
        while produced < cap and not inflater.eof:
            if not pending:
                if at >= end:
                    return
                pending, at = data[at : min(end, at + 16384)], at + 16384
            piece = inflater.decompress(pending, min(cap - produced, max(1024, produced)))
            pending, produced = inflater.unconsumed_tail, produced + len(piece)
            if piece:
                yield piece
    except zlib.error:
        detail = (D_BAD_DATA, {"part": _dn(info.filename)})
        raise UnsafeWorkbook(TRUNCATED, file=file, detail=detail) from None


def _data_start(data: bytes, info: zipfile.ZipInfo, file: str) -> int:
    at = info.header_offset
    try:
        fields = _LOCAL_HEADER.unpack_from(data, at)
    except struct.error:
        fields = (b"",)
    if fields[0] != ZIP_MAGIC:
        detail = (D_OUTSIDE, {"part": _dn(info.filename)})
        raise UnsafeWorkbook(TRUNCATED, file=file, detail=detail)
    return at + _LOCAL_HEADER.size + fields[-2] + fields[-1]


# ----------------------------------------------------------------------------- package content

_CONTENT_TYPES = "[content_types].xml"
_MAIN_TYPES = (b"spreadsheetml.sheet.main", b"spreadsheetml.template.main")


def _check_package(
    data: bytes, names: dict[str, zipfile.ZipInfo], limits: Limits, file: str
) -> None:
    """What the zip holds: ODS, xlsb, macros, or no workbook at all."""
    if "mimetype" in names:
        mimetype = b"".join(inflate(data, names["mimetype"], 256, file))
        if mimetype.startswith(b"application/vnd.oasis.opendocument"):
            raise UnsafeWorkbook(NOT_ZIP, file=file, kind=KIND_ODS)
    types = b""
    if _CONTENT_TYPES in names:
        cap = limits.max_prolog_bytes * 4
        types = b"".join(inflate(data, names[_CONTENT_TYPES], cap, file)).lower()
    if "xl/workbook.bin" in names or b"sheet.binary" in types:
        raise UnsafeWorkbook(XLSB, file=file)
    if b"macroenabled" in types or b"vbaproject" in types or any(map(_is_macro, names)):
        raise UnsafeWorkbook(MACROS, file=file)
    if not types or ("xl/workbook.xml" not in names and not any(t in types for t in _MAIN_TYPES)):
        raise UnsafeWorkbook(NOT_XLSX, file=file, kind=_zip_kind(names))


def _is_macro(name: str) -> bool:
    return name.endswith("vbaproject.bin") or name.startswith(
        ("xl/macrosheets/", "xl/dialogsheets/")
    )


def _zip_kind(names: dict[str, zipfile.ZipInfo]) -> Message:
    if not names:
        return KIND_EMPTY_ZIP
    if "word/document.xml" in names:
        return KIND_DOCX
    return KIND_PPTX if "ppt/presentation.xml" in names else KIND_ZIP
