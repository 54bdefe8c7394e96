"""What people type into a workbook cell, turned into values: numbers, dates, choices, evidence.

Cells arrive as python-calamine gives them (str, float, bool, date, datetime or "" for blank).
Numbers become Decimal (never float), dates are read day first as Vietnamese write them, text
is NFC-normalised with look-alike letters fixed, and evidence citations are split into
references parsed into number, date, issuer and location where possible.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from par_index.numbers import from_float, parse_decimal
from par_index.submission import EvidenceRef
from par_index.text import clean

CellValue = str | float | int | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_RANGE = (1, 2958465)
_LONG_DATE = re.compile(
    r"(?i:ngày)\s*(\d{1,2})\s*(?i:tháng)\s*(\d{1,2})\s*(?i:năm)\s*(\d{4})", re.UNICODE
)
_DMY = re.compile(r"(?<![\d/])(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})(?![\d/])")
_TIME = re.compile(r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_SYMBOL = re.compile(
    r"(?<![\w/])(\d{1,5}[a-z]?(?:/\d{4})?/[A-ZĐ][A-Za-zĐđ]*(?:-[A-ZĐ][A-Za-zĐđ0-9]*)*)"
)
_NUMBER_WORD = re.compile(r"(?i:\bsố)\s*(\d{1,5}[\w/\-.]*)")
_ISSUED_BY = re.compile(r"(?i:\bdo)\s+(.+?)\s+(?i:ban\s+hành)")
_STOP = r"(?=\s*(?:[,;()]|\s(?i:về|trang|tr\.|mục|điều|khoản|phụ\s+lục|ngày|số|năm)\b|$))"
_OF = re.compile(r"(?i:\bcủa)\s+(.+?)" + _STOP)
_BODY = re.compile(
    r"(?<!-)\b((?:UBND|HĐND|Ủy ban nhân dân|Uỷ ban nhân dân|Hội đồng nhân dân|Đảng ủy|Đảng uỷ"
    r"|Văn phòng|Sở|Phòng|Ban Chỉ đạo|Bộ)\s+[^,;()\d]+?)" + _STOP
)
_LOCATION = re.compile(
    r"(?i:\b(trang|tr\.|mục|điều|khoản|phụ\s+lục|biểu|phần|chương))\s*"
    r"(\d+[a-z]?|[IVXLCDM]+)((?:\s*[-–,]\s*(?:\d+[a-z]?|[IVXLCDM]+))*)(?![\w])"
)
_BULLET = re.compile(r"^\s*(?:[-+•*–]|\d{1,2}[.)]|[a-zđ]\))\s+")
_SPLIT = re.compile(r"[\r\n;]+")
_SPACES = re.compile(r"\s+")


_LOOKALIKE = re.compile("[ÐðƉɖ]")


def quick_clean(value: str) -> str:
    """``text.clean`` (NFC, look-alikes, single spaces, trimmed), fast for the usual text that
    has no look-alike letter: a batch cleans millions of cells."""
    value = unicodedata.normalize("NFC", value)
    if _LOOKALIKE.search(value):
        return clean(value)
    return " ".join(value.split())


def quick_fold(value: str) -> str:
    """``text.fold`` by way of ``quick_clean``."""
    return quick_clean(value).casefold()


def is_blank(value: CellValue) -> bool:
    return value is None or (type(value) is str and not value.strip())


def cell_text(value: CellValue) -> str | None:
    """The cell as the officer sees it: numbers without binary noise, dates day first."""
    if type(value) is str:  # the usual case first: a batch reads millions of cells
        return value if value.strip() else None
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
        if isinstance(value, dt.datetime):
            return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def parse_number(value: CellValue, *, counts: bool = False) -> Decimal | None:
    """A Decimal from a number cell or from text like "1,5 điểm"; ValueError when not a number."""
    if is_blank(value):
        return None
    if isinstance(value, bool | dt.date | dt.time | dt.timedelta):
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, float):
        return Decimal(int(value)) if value.is_integer() else from_float(value)
    return parse_decimal(value, counts=counts)


def percent_shown(value: float) -> Decimal:
    """The percentage a percent-formatted number cell shows: 0.8 is 80 (%), exactly."""
    shown = from_float(value).scaleb(2)
    return shown.quantize(Decimal(1)) if shown == shown.to_integral_value() else shown


def parse_date(value: CellValue) -> dt.date | None:
    """A date from a date cell, a serial number or text read day first; ValueError otherwise."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float | int) and not isinstance(value, bool):
        if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1] and float(value).is_integer():
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(f"not a date: {value!r}")
    text = _TIME.sub("", quick_clean(str(value)))
    found = find_date(text, whole=True)
    if found is None:
        raise ValueError(f"not a date: {value!r}")
    return found


def find_date(text: str, *, whole: bool = False) -> dt.date | None:
    """The first date written in ``text`` (the whole text with ``whole``); ValueError when a
    date-shaped text is impossible (31/02/2025)."""
    return _find_date(quick_clean(text), whole)


def _find_date(text: str, whole: bool) -> dt.date | None:
    """``find_date`` on cleaned text; cheap substring tests skip patterns that cannot match."""
    low = text.lower()
    for pattern, order, hint in _DATE_PATTERNS:
        if hint is not None and not any(h in low for h in hint):
            continue
        match = pattern.fullmatch(text) if whole else pattern.search(text)
        if match is not None:
            return _make_date(match, order)
    return None


_DATE_PATTERNS = (
    (_LONG_DATE, "dmy", ("tháng",)),
    (_DMY, "dmy", ("/", ".", "-")),
    (_ISO, "ymd", ("-",)),
)


def _make_date(match: re.Match[str], order: str) -> dt.date:
    groups = [g for g in match.groups() if g not in {"/", ".", "-"}]
    if order == "ymd":
        year, month, day = (int(g) for g in groups)
    else:
        day, month, year = (int(g) for g in groups)
        if len(groups[2]) == 2:
            year += 2000
    return dt.date(year, month, day)


def match_choice(value: CellValue, options: list[str]) -> str | None:
    """The option the text names (after folding: case, NFC/NFD, look-alikes), else None."""
    text = cell_text(value)
    if text is None:
        return None
    key = quick_fold(text)
    return next((option for option in options if quick_fold(option) == key), None)


def text_value(value: CellValue) -> str | None:
    """Free text (explanation, names): NFC, look-alikes fixed, trimmed; line breaks kept."""
    text = cell_text(value)
    if text is None:
        return None
    if "\n" not in text and "\r" not in text:
        return quick_clean(text) or None
    lines = [quick_clean(line) for line in text.splitlines()]
    return "\n".join(line for line in lines if line) or None


# -- evidence ---------------------------------------------------------------------------------
def split_evidence(text: str | None) -> list[str]:
    """One reference per line or per ';', bullets and numbering removed, spaces folded."""
    if not text:
        return []
    parts = (_BULLET.sub("", quick_clean(part)) for part in _SPLIT.split(text))
    return [part.strip() for part in parts if part.strip()]


def parse_reference(text: str) -> EvidenceRef:
    """One citation parsed into number, date, issuer, location and the evidence file it names
    with its pages (each None or empty when absent)."""
    text = quick_clean(text)
    low = text.lower()
    file, rest = _cited_file(text) if "." in text else (None, text)
    return EvidenceRef(
        text=text,
        number=_number(rest),
        date=_safe_date(rest),
        issuer=_issuer(text, low),
        location=_location(text) if any(w in low for w in _LOCATION_WORDS) else None,
        file=file,
        pages=cited_pages(rest) if file is not None else [],
    )


_EXTENSIONS = r"(?:pdf|docx|doc|odt|jpe?g|png|tiff?|gif|xlsx|xls)"
_NAMED_FILE = re.compile(
    r"(?i:\b(?:tệp|tep|file|tập\s+tin|đính\s+kèm|dinh\s+kem)(?:\s+đính\s+kèm)?)\s*[:：]?\s*"
    r"([^,;()\[\]:]+?\." + _EXTENSIONS + r")(?![\w])",
    re.IGNORECASE,
)
_BARE_FILE = re.compile(
    r"(?<![\w./:\\-])([\w\-()]+(?:\.[\w\-()]+)*\." + _EXTENSIONS + r")(?![\w/])", re.IGNORECASE
)
_PAGES = re.compile(
    r"(?i:\b(?:trang|tr)\.?)\s*(\d{1,4}(?:\s*[-–]\s*\d{1,4})?(?:\s*,\s*\d{1,4}(?:\s*[-–]\s*\d{1,4})?)*)"
    r"(?![\d/])"
)
_PAGE_NUMBER = re.compile(r"\d{1,4}")


def _cited_file(text: str) -> tuple[str | None, str]:
    """The evidence file a citation names ("tệp: qd12.pdf", "file qd 12.pdf", or a bare
    "qd12.pdf"), and the text without it (its digits are no document number or date)."""
    match = _NAMED_FILE.search(text) or _BARE_FILE.search(text)
    if match is None:
        return None, text
    name = match.group(1).strip()
    return name, text[: match.start()] + " " + text[match.end() :]


def cited_pages(text: str) -> list[int]:
    """The pages a citation names: "trang 3", "tr. 3", "tr.3", "tr 3-4", "trang 3, 5" (a range
    gives its first and last page), sorted, each once."""
    pages: set[int] = set()
    for match in _PAGES.finditer(text):
        pages.update(int(n) for n in _PAGE_NUMBER.findall(match.group(1)))
    return sorted(pages)


def parse_evidence(value: CellValue) -> list[EvidenceRef]:
    """Every reference cited in an evidence cell."""
    return [parse_reference(part) for part in split_evidence(cell_text(value))]


def _number(text: str) -> str | None:
    match = _SYMBOL.search(text)
    if match:
        return match.group(1)
    match = _NUMBER_WORD.search(text)
    return match.group(1).rstrip(".-/") if match else None


def _safe_date(text: str) -> dt.date | None:
    try:
        return _find_date(text, whole=False)
    except ValueError:
        return None


_ISSUER_HINTS = (
    (_ISSUED_BY, ("ban hành",)),
    (_OF, ("của",)),
    (_BODY, ("ubnd", "hđnd", "ủy ban", "uỷ ban", "hội đồng", "đảng", "văn phòng", "sở ",
             "phòng ", "ban chỉ đạo", "bộ ")),
)  # fmt: skip
_LOCATION_WORDS = ("trang", "tr.", "mục", "điều", "khoản", "phụ", "biểu", "phần", "chương")


def _issuer(text: str, low: str) -> str | None:
    for pattern, hints in _ISSUER_HINTS:
        if not any(h in low for h in hints):
            continue
        match = pattern.search(text)
        if match:
            issuer = match.group(1).strip(" .,:")
            if issuer:
                return issuer
    return None


def _location(text: str) -> str | None:
    found = []
    for match in _LOCATION.finditer(text):
        word = " ".join(match.group(1).lower().split())
        rest = "".join(match.group(3).split()).replace(",", ", ")
        found.append(f"{word} {match.group(2)}{rest}")
    return ", ".join(found) or None
