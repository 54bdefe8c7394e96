"""Synthetic evidence documents for the example, the tests and the benchmarks: a PDF decision
(text pages, or a "scan" without a text layer), a Word document, a zip of files, each the same
bytes on every run.

PDFs are made with fpdf2, a development dependency (the tool itself writes no PDF): this module
is imported by the example's generator and the tests only. The PDF text is written without
accents (the core fonts have no Vietnamese letters); the check matches numbers and dates
without accents anyway, as text pulled from real PDFs often loses them.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping, Sequence

from par_index.text import strip_accents

FIXED_TIME = (2021, 1, 1, 0, 0, 0)
"""The time stamp of every zip member written here (the bytes do not change between runs)."""


def decision_lines(
    issuer: str, number: str, date: dt.date, title: str, place: str = "Quang Dien"
) -> list[str]:
    """The first lines of an administrative document in the NĐ 30/2020 layout."""
    return [
        f"{issuer.upper()}",
        "CONG HOA XA HOI CHU NGHIA VIET NAM",
        "Doc lap - Tu do - Hanh phuc",
        f"So: {number}",
        f"{place}, ngay {date.day:02d} thang {date.month:02d} nam {date.year}",
        title.upper(),
    ]


def pdf_document(
    pages: Sequence[Sequence[str]], *, created: dt.datetime, scan: bool = False
) -> bytes:
    """A PDF with one page per list of lines (``scan``: the pages hold only drawn shapes, no
    text layer, as a scanned paper does), its /CreationDate ``created``."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(created)
    pdf.set_producer("par-index synthetic evidence")
    pdf.set_font("Helvetica", size=11)
    for lines in pages:
        pdf.add_page()
        if scan:
            for index, _ in enumerate(lines):
                pdf.rect(20, 20 + 8 * index, 120, 4, style="F")
            continue
        for line in lines:
            pdf.cell(0, 7, strip_accents(line), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def docx_document(lines: Sequence[str], *, created: dt.datetime) -> bytes:
    """A Word document of these paragraphs, its core properties created ``created``."""
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    props = document.core_properties
    props.created = props.modified = created
    props.author = props.last_modified_by = "par-index"
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip(buffer.getvalue())


def fixed_zip(data: bytes) -> bytes:
    """The same zip with every member's time stamp fixed (python-docx stamps the present)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    return zip_of({info.filename: source.read(info) for info in source.infolist()})


def zip_of(files: Mapping[str, bytes]) -> bytes:
    """A deflated zip of these members (names as given, in order), time stamps fixed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()
