"""Write the corpus of hostile and broken "workbooks" from code (no binary blobs in the repo).

Each file is named after what is wrong with it; ``make_broken_files`` returns the message code
that ``par_index.workbook.guard.inspect`` must raise for it. Usage:

    python scripts/make_broken_files.py FOLDER
"""

from __future__ import annotations

import io
import os
import struct
import sys
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

MIB = 1024 * 1024
ZERO_MIB = bytes(MIB)

SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def good_xlsx() -> bytes:
    """A small, valid workbook written by openpyxl, with shared strings (as a template has)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Tự chấm điểm"
    sheet.append(["STT", "Tiêu chí", "Điểm tối đa", "Tự chấm"])
    sheet.append(["1", "Ban hành kế hoạch CCHC năm", 1, 1])
    sheet.append(["2", "Tỷ lệ hồ sơ giải quyết đúng hạn", 2, "1,5"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ----------------------------------------------------------------------------- zip helpers


def parts_of(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def zip_of(parts: list[tuple[str, bytes]], stored: frozenset[str] = frozenset()) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")  # duplicate names are wanted in one case
        for name, data in parts:
            method = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return out.getvalue()


def replace_part(data: bytes, name: str, new: bytes) -> bytes:
    assert name in dict(parts_of(data)), name
    return zip_of([(n, new if n == name else d) for n, d in parts_of(data)])


def edit_part(data: bytes, name: str, old: str, new: str) -> bytes:
    parts = parts_of(data)
    text = dict(parts)[name].decode("utf-8")
    assert old in text, (name, old)
    return replace_part(data, name, text.replace(old, new, 1).encode("utf-8"))


def patch_first_entry(data: bytes, *, flags: int = 0, method: int | None = None) -> bytes:
    """Set flag bits and/or the compression method of the first part, in both headers."""
    buf = bytearray(data)
    for at, flag_at in ((0, 6), (_central_start(data), 8)):
        old = struct.unpack_from("<H", buf, at + flag_at)[0]
        struct.pack_into("<H", buf, at + flag_at, old | flags)
        if method is not None:
            struct.pack_into("<H", buf, at + flag_at + 2, method)
    return bytes(buf)


def _central_start(data: bytes) -> int:
    eocd = data.rindex(b"PK\x05\x06")
    return struct.unpack_from("<L", data, eocd + 16)[0]


@dataclass
class RawEntry:
    """A zip part given as raw deflate bytes, with the sizes and CRC to declare."""

    name: str
    packed: bytes
    crc: int
    size: int
    alias_of: str | None = None  # point the directory at another part's bytes instead


def raw_entry(name: str, data: bytes) -> RawEntry:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return RawEntry(name, packer.compress(data) + packer.flush(), zlib.crc32(data), len(data))


def raw_zip(entries: list[RawEntry]) -> bytes:
    """A zip written by hand, so that sizes, offsets and CRCs can be whatever a test needs."""
    out = bytearray()
    central = bytearray()
    offsets: dict[str, int] = {}
    for entry in entries:
        name = entry.name.encode("utf-8")
        if entry.alias_of is None:
            offsets[entry.name] = len(out)
            out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0x800, 8, 0, 0x21, entry.crc,
                               len(entry.packed), entry.size, len(name), 0)  # fmt: skip
            out += name + entry.packed
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0x800, 8, 0, 0x21, entry.crc,
                               len(entry.packed), entry.size, len(name), 0, 0, 0, 0, 0,
                               offsets[entry.alias_of or entry.name])  # fmt: skip
        central += name
    eocd = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central),
                       len(out), 0)  # fmt: skip
    return bytes(out + central + eocd)


def zeros_entry(name: str, mebibytes: int, declared: int | None = None) -> RawEntry:
    """``mebibytes`` MiB of zeros as raw deflate, built from one repeated block (fast, small)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(ZERO_MIB) + packer.flush(zlib.Z_FULL_FLUSH)
    packed = block * mebibytes + packer.flush()
    crc = 0
    for _ in range(mebibytes if declared is None else 0):
        crc = zlib.crc32(ZERO_MIB, crc)
    return RawEntry(name, packed, crc, mebibytes * MIB if declared is None else declared)


def raw_entries_of(data: bytes) -> list[RawEntry]:
    return [raw_entry(name, part) for name, part in parts_of(data)]


# ----------------------------------------------------------------------------- OLE2 (CFB)

END, FREE, FAT_SECTOR, NO_STREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (v3, 512-byte sectors) holding the given streams.

    Streams are padded to 4096 bytes so that none needs the mini stream.
    """
    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    data = [streams[n].ljust(4096, b"\x00") for n in names]
    dir_sectors = (len(names) + 1 + 3) // 4
    fat = [FAT_SECTOR, *_chain(1, dir_sectors)]
    starts = []
    for blob in data:
        starts.append(len(fat))
        fat += _chain(len(fat), len(blob) // 512)
    assert len(fat) <= 128, "one FAT sector is enough for this corpus"
    directory = _dir_entry("Root Entry", 5, END, 0, child=1 if names else NO_STREAM)
    for i, (name, blob) in enumerate(zip(names, data, strict=True)):
        right = i + 2 if i + 1 < len(names) else NO_STREAM
        directory += _dir_entry(name, 2, starts[i], len(blob), right=right)
    directory = directory.ljust(dir_sectors * 512, b"\x00")
    fat_sector = struct.pack("<128L", *(fat + [FREE] * (128 - len(fat))))
    return _cfb_header(first_dir=1) + fat_sector + directory + b"".join(data)


def _chain(first: int, count: int) -> list[int]:
    return [first + i + 1 for i in range(count - 1)] + [END]


def _dir_entry(name: str, kind: int, start: int, size: int, **links: int) -> bytes:
    raw = name.encode("utf-16-le") + b"\x00\x00"
    return struct.pack(
        "<64sHBB3L16sL16sLQ", raw, len(raw), kind, 1, links.get("left", NO_STREAM),
        links.get("right", NO_STREAM), links.get("child", NO_STREAM), bytes(16), 0, bytes(16),
        start, size,
    )  # fmt: skip


def _cfb_header(first_dir: int) -> bytes:
    head = struct.pack(
        "<8s16s5H6s9L", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", bytes(16), 0x3E, 3, 0xFFFE, 9, 6,
        bytes(6), 0, 1, first_dir, 0, 4096, END, 0, END, 0,
    )  # fmt: skip
    return head + struct.pack("<109L", 0, *([FREE] * 108))


# ----------------------------------------------------------------------------- the corpus

CONTENT_TYPES_BIN = '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
BILLION_LAUGHS = (
    XML_DECL + '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1 if i > 1 else "") + ";") * 10}">'
              for i in range(1, 10))
    + f']>\n<worksheet xmlns="{SHEET_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
    "<is><t>&lol9;</t></is></c></row></sheetData></worksheet>"
)  # fmt: skip
XXE = (
    XML_DECL + '<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    f'<sst xmlns="{SHEET_NS}" count="1" uniqueCount="1"><si><t>&xxe;</t></si></sst>'
)
HIDDEN_DTD = XML_DECL + "<!--" + "x" * 50_000 + '-->\n<!DOCTYPE w [<!ENTITY e "e">]>\n<workbook/>'
CSV = 'STT,Tiêu chí,Điểm tối đa,Tự chấm\n1,Ban hành kế hoạch CCHC,1,1\n2,Hồ sơ đúng hạn,2,"1,5"\n'
HTML = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="utf-8"></head>'
    "<body><table><tr><td>STT</td><td>Tiêu chí</td><td>Tự chấm</td></tr></table></body></html>"
)
XLSB_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="bin" ContentType="application/vnd.ms-excel.'
    'sheet.binary.macroEnabled.main"/></Types>'
)
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
# What Excel writes in ~$name.xlsx: the user's name, padded; Excel never reads it as a workbook.
LOCK_BYTES = b"\x0bNguyen Van A".ljust(54, b" ") + "Nguyễn Văn A".encode("utf-16-le").ljust(111)


def make_broken_files(folder: Path) -> dict[str, str]:
    """Write every hostile file into ``folder``; return file name -> expected message code."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    good = good_xlsx()
    expected: dict[str, str] = {}
    for name, (code, data) in _contents(good).items():
        (folder / name).write_bytes(data)
        expected[name] = code
    expected.update(_special_files(folder, good))
    return expected


def _contents(good: bytes) -> dict[str, tuple[str, bytes]]:
    sheet = "xl/worksheets/sheet1.xml"
    return {
        "mat-khau.xlsx": ("workbook.encrypted", _encrypted_ole()),
        "excel-97-2003.xlsx": ("workbook.not-zip", _old_xls()),
        "xlsm-doi-ten.xlsx": ("workbook.macros", _xlsm(good)),
        "macro-xlm.xlsx": ("workbook.macros", _add(good, "xl/macrosheets/sheet1.xml", b"<xm/>")),
        "ods-doi-ten.xlsx": ("workbook.not-zip", _ods()),
        "xlsb-doi-ten.xlsx": ("workbook.xlsb", _xlsb()),
        "csv-doi-ten.xlsx": ("workbook.not-zip", b"\xef\xbb\xbf" + CSV.encode("utf-8")),
        "html-doi-ten.xlsx": ("workbook.not-zip", HTML.encode("utf-8")),
        "pdf-doi-ten.xlsx": ("workbook.not-zip", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
        "docx-doi-ten.xlsx": ("workbook.not-xlsx", _docx()),
        "bi-cat-doi.xlsx": ("workbook.truncated", good[: len(good) // 2]),
        "bom-nen-1gb.xlsx": ("workbook.zip-bomb", _bomb(good)),
        "bom-khai-sai-kich-thuoc.xlsx": ("workbook.zip-bomb", _lying_bomb(good)),
        "bom-chong-lan.xlsx": ("workbook.zip-bomb", _overlap_bomb(good)),
        "qua-nhieu-phan.xlsx": ("workbook.zip-bomb", _many_parts(good)),
        "billion-laughs.xlsx": ("workbook.dtd", replace_part(good, sheet, BILLION_LAUGHS.encode())),
        "xxe.xlsx": ("workbook.dtd", _with_strings(good, XXE.encode())),
        "dtd-sau-chu-thich.xlsx": (
            "workbook.dtd",
            replace_part(good, "xl/workbook.xml", HIDDEN_DTD.encode()),
        ),
        "dtd-utf16.xlsx": ("workbook.dtd", _with_strings(good, _utf16(XXE))),
        "dtd-bom-utf8.xlsx": ("workbook.dtd", _with_strings(good, b"\xef\xbb\xbf" + XXE.encode())),
        "~$bao-cao.xlsx": ("workbook.lock-file", LOCK_BYTES),
        "rong.xlsx": ("workbook.empty", b""),
        "nen-deflate64.xlsx": ("workbook.unknown-compression", patch_first_entry(good, method=9)),
        "zip-mat-khau.xlsx": ("workbook.encrypted", patch_first_entry(good, flags=0x1)),
        "phan-trung-ten.xlsx": ("workbook.duplicate-part", _duplicate(good, sheet)),
    }


def _special_files(folder: Path, good: bytes) -> dict[str, str]:
    """Files that are not plain bytes: a folder, a FIFO, a link, a control character, a giant."""
    expected: dict[str, str] = {}
    (folder / "thu-muc.xlsx").mkdir(exist_ok=True)
    expected["thu-muc.xlsx"] = "workbook.not-a-file"
    with open(folder / "qua-lon.xlsx", "wb") as big:  # sparse: 21 MiB declared, little on disk
        big.write(good[:64])
        big.truncate(21 * MIB)
    expected["qua-lon.xlsx"] = "workbook.too-large"
    original = folder / "ban-goc" / "tot.xlsx"
    original.parent.mkdir(exist_ok=True)
    original.write_bytes(good)
    makers = {
        "ong-dan.xlsx": lambda p: os.mkfifo(p),
        "lien-ket.xlsx": lambda p: p.symlink_to(Path("ban-goc") / "tot.xlsx"),
        "xa\nmoi.xlsx": lambda p: p.write_bytes(good),
        "xa\u202eslx.exe.xlsx": lambda p: p.write_bytes(good),
    }
    codes = ["workbook.not-a-file", "workbook.not-a-file", "workbook.bad-name", "workbook.bad-name"]
    for (name, make), code in zip(makers.items(), codes, strict=True):
        try:
            if not (folder / name).exists() and not (folder / name).is_symlink():
                make(folder / name)
        except (OSError, AttributeError, NotImplementedError):
            continue  # this platform cannot make such a file (e.g. Windows)
        expected[name] = code
    return expected


def _utf16(text: str) -> bytes:
    return text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")


def _with_strings(good: bytes, strings: bytes) -> bytes:
    """The workbook with a shared-strings part (content type and relationship included)."""
    override = (
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    relation = (
        '<Relationship Id="rIdStrings" Target="sharedStrings.xml" Type="http://schemas.openxml'
        'formats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>'
    )
    data = edit_part(good, "[Content_Types].xml", "</Types>", override)
    data = edit_part(data, "xl/_rels/workbook.xml.rels", "</Relationships>", relation)
    return _add(data, "xl/sharedStrings.xml", strings)


def _add(good: bytes, name: str, data: bytes) -> bytes:
    return zip_of([*parts_of(good), (name, data)])


def _encrypted_ole() -> bytes:
    info = struct.pack("<HHL", 4, 4, 0x40) + b'<?xml version="1.0"?><encryption/>'
    return cfb(
        {"EncryptionInfo": info, "EncryptedPackage": struct.pack("<Q", 9000) + os.urandom(64)}
    )


def _old_xls() -> bytes:
    bof = struct.pack("<HHHHLL", 0x0809, 16, 0x0600, 0x0005, 0, 0)  # BIFF8 workbook globals BOF
    return cfb({"Workbook": bof, "\x05SummaryInformation": b"\xfe\xff"})


def _xlsm(good: bytes) -> bytes:
    data = edit_part(good, "[Content_Types].xml", MAIN_TYPE,
                     "application/vnd.ms-excel.sheet.macroEnabled.main+xml")  # fmt: skip
    data = edit_part(data, "[Content_Types].xml", "<Default ", CONTENT_TYPES_BIN + "<Default ")
    return _add(data, "xl/vbaProject.bin", cfb({"VBA": b"Attribute VB_Name", "PROJECT": b"ID="}))


def _ods() -> bytes:
    content = b'<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis"/>'
    manifest = b'<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis"/>'
    parts = [("mimetype", ODS_MIME), ("content.xml", content), ("META-INF/manifest.xml", manifest)]
    return zip_of(parts, stored=frozenset({"mimetype"}))


def _xlsb() -> bytes:
    parts = [("[Content_Types].xml", XLSB_TYPES.encode()), ("xl/workbook.bin", b"\x83\x01\x00")]
    return zip_of([*parts, ("xl/worksheets/sheet1.bin", b"\x81\x01\x00")])


def _docx() -> bytes:
    types = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
    return zip_of([("[Content_Types].xml", types), ("word/document.xml", b"<w:document/>")])


def _bomb(good: bytes) -> bytes:
    """A workbook with one extra part of 1 GiB of zeros, about 1 MiB on disk."""
    return raw_zip([*raw_entries_of(good), zeros_entry("xl/media/image1.bin", 1024)])


def _lying_bomb(good: bytes) -> bytes:
    """The same 1 GiB of zeros, but the directory says the part is 2 MiB."""
    return raw_zip([*raw_entries_of(good), zeros_entry("xl/media/image1.bin", 1024, 2 * MIB)])


def _overlap_bomb(good: bytes) -> bytes:
    """Several directory entries pointing at the same bytes (the 'better zip bomb' trick)."""
    entries = raw_entries_of(good)
    last = entries[-1]
    ghosts = [
        RawEntry(f"xl/media/copy{i}.xml", last.packed, last.crc, last.size, alias_of=last.name)
        for i in range(3)
    ]
    return raw_zip([*entries, *ghosts])


def _many_parts(good: bytes) -> bytes:
    return zip_of([*parts_of(good), *((f"xl/media/p{i}.xml", b"<p/>") for i in range(2100))])


def _duplicate(good: bytes, name: str) -> bytes:
    return zip_of([*parts_of(good), (name, dict(parts_of(good))[name])])


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python scripts/make_broken_files.py FOLDER")
    for file_name, message_code in sorted(make_broken_files(Path(sys.argv[1])).items()):
        print(f"{file_name!r}\t{message_code}")
