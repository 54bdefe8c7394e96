"""The decision as a Word document (.docx) in the format of Nghị định 30/2020/NĐ-CP, Phụ lục I:
A4 portrait, margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman; the
issuer and the national emblem line side by side, each with its short rule; the page number
at the top from page 2; the annex on a page of its own."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from par_index.decision.content import COLUMNS, DECIDES, EMBLEM, KIND, MOTTO, RECIPIENTS, Decision
from par_index.io import write_atomic

FONT = "Times New Roman"
BODY = Pt(14)
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, BOTTOM, LEFT, RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
TEXT_WIDTH_MM = 210 - 30 - 15
HEADER_COLUMNS_MM = (60, TEXT_WIDTH_MM - 60)
SIGNATURE_COLUMNS_MM = (80, TEXT_WIDTH_MM - 80)
ANNEX_COLUMNS_MM = (16, 52, 22, 22, 24, 29)
FIRST_LINE_INDENT = Mm(10)
CENTER, JUSTIFY, LEFT_ALIGN = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
    WD_ALIGN_PARAGRAPH.LEFT,
)
# w:pPr children that must follow w:pBdr (the schema's order; Word refuses another)
_AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc",
                 "w:rPr", "w:sectPr", "w:pPrChange")  # fmt: skip

Container = DocumentObject | _Cell


def write_decision(path: Path, decision: Decision) -> Path:
    """Write the decision to ``path`` atomically."""
    document = render(decision)
    return write_atomic(path, lambda tmp: document.save(str(tmp)))


def render(decision: Decision) -> DocumentObject:
    """The decision and its annex as a python-docx document."""
    document = Document()
    _page_setup(document)
    if decision.draft:
        _draft_mark(document, decision.draft)
    _heading(document, decision)
    _body(document, decision)
    _signature(document, decision)
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.different_first_page_header_footer = False
    _annex(document, decision)
    return document


# -- page and fonts -----------------------------------------------------------------------------
def _page_setup(document: DocumentObject) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.different_first_page_header_footer = True  # no number on page 1
    _page_number(section.header.paragraphs[0])
    normal = document.styles["Normal"]
    normal.font.size = BODY
    _font(normal.element.get_or_add_rPr())
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for rpr in defaults.iter(qn("w:rPr")):
            _font(rpr)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0


def _font(rpr) -> None:
    """Times New Roman for every script (Vietnamese letters fall under several)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), FONT)


def _page_number(paragraph: Paragraph) -> None:
    """The page number, centred at the top (from page 2: the first page has no header)."""
    paragraph.alignment = CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    number = OxmlElement("w:t")
    number.text = "2"
    run.append(number)
    field.append(run)
    paragraph._p.append(field)


# -- blocks -------------------------------------------------------------------------------------
def _draft_mark(document: DocumentObject, text: str) -> None:
    paragraph = _line(document, text, size=12, bold=True, align=JUSTIFY)
    _border(paragraph, ("top", "left", "bottom", "right"))
    paragraph.paragraph_format.space_after = Pt(12)


def _heading(document: DocumentObject, d: Decision) -> None:
    """Issuer and number on the left, the emblem line, motto and date on the right."""
    left, right = _grid(document, HEADER_COLUMNS_MM).rows[0].cells
    for line in d.parent_body:
        _line(left, line, size=13)
    for line in d.issuer:
        _line(left, line, size=13, bold=True)
    _rule(left, 25, HEADER_COLUMNS_MM[0])
    _line(left, d.number, size=13).paragraph_format.space_before = Pt(6)
    _line(right, EMBLEM, size=12, bold=True)
    _line(right, MOTTO, size=14, bold=True)
    _rule(right, 62, HEADER_COLUMNS_MM[1])
    date = _line(right, d.place_date, size=14, italic=True)
    date.paragraph_format.space_before = Pt(6)
    title = _line(document, KIND, bold=True)
    title.paragraph_format.space_before = Pt(18)
    _line(document, d.title, bold=True)
    _rule(document, 50, TEXT_WIDTH_MM)
    authority = _line(document, d.authority, bold=True)
    authority.paragraph_format.space_before = Pt(12)
    authority.paragraph_format.space_after = Pt(12)


def _body(document: DocumentObject, d: Decision) -> None:
    for basis in d.bases:
        _paragraph(document, basis, italic=True)
    decides = _line(document, DECIDES, bold=True)
    decides.paragraph_format.space_before = Pt(6)
    decides.paragraph_format.space_after = Pt(6)
    for number, text in d.articles:
        paragraph = _paragraph(document, "")
        _run(paragraph, number + " ", bold=True)
        _run(paragraph, text)


def _signature(document: DocumentObject, d: Decision) -> None:
    """Nơi nhận on the left, the signer's title, room to sign and name on the right."""
    table = _grid(document, SIGNATURE_COLUMNS_MM)
    table.rows[0]._tr.get_or_add_trPr().append(_flag("w:cantSplit"))
    left, right = table.rows[0].cells
    gap = _line(document, "", size=6)
    document.element.body.remove(gap._p)
    table._tbl.addprevious(gap._p)
    gap.paragraph_format.space_after = Pt(12)
    _line(left, RECIPIENTS, size=12, bold=True, italic=True, align=LEFT_ALIGN)
    for line in d.recipients:
        _line(left, line, size=11, align=LEFT_ALIGN)
    for line in d.signer_title:
        _line(right, line, bold=True)
    for _ in range(4):
        _line(right, "")
    _line(right, d.signer, bold=True)


def _annex(document: DocumentObject, d: Decision) -> None:
    from par_index.decision.content import ANNEX

    _line(document, ANNEX, bold=True)
    _line(document, d.annex_title, bold=True)
    reference = _line(document, d.annex_reference, italic=True)
    reference.paragraph_format.space_after = Pt(12)
    table = None if d.rows and d.rows[0].table else _annex_table(document)
    for row in d.rows:
        if row.table:  # a group of units on its own set: its name, then its own table
            title = _line(document, row.cells[0], size=13, bold=True, align=LEFT_ALIGN)
            title.paragraph_format.space_before = Pt(12)
            table = _annex_table(document)
            continue
        assert table is not None
        cells = table.add_row()
        cells._tr.get_or_add_trPr().append(_flag("w:cantSplit"))
        if row.heading:
            merged = cells.cells[0].merge(cells.cells[-1])
            _line(merged, row.cells[0], size=13, bold=True, align=LEFT_ALIGN)
        else:
            _cells(cells, row.cells)
    for note in d.notes:
        paragraph = _line(document, note, size=12, italic=True, align=JUSTIFY)
        paragraph.paragraph_format.space_before = Pt(6)


def _annex_table(document: DocumentObject):
    """The annex's table with its header row (repeated on every page)."""
    table = _grid(document, ANNEX_COLUMNS_MM, style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cells(table.rows[0], COLUMNS, bold=True)
    table.rows[0]._tr.get_or_add_trPr().append(_flag("w:tblHeader"))
    return table


# -- helpers ------------------------------------------------------------------------------------
def _grid(document: DocumentObject, widths_mm: tuple[int, ...], style: str | None = None):
    """A table of fixed column widths (``style`` "Table Grid": with borders)."""
    table = document.add_table(rows=1, cols=len(widths_mm))
    if style:
        table.style = document.styles[style]
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    return table


def _cells(row, values: tuple[str, ...], *, bold: bool = False) -> None:
    """A row's cells in 13 pt: the unit's name left, everything else centred."""
    for column, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
        cell.width = Mm(ANNEX_COLUMNS_MM[column])
        align = LEFT_ALIGN if column == 1 and not bold else CENTER
        _line(cell, value, size=13, bold=bold, align=align)


def _line(
    where: Container,
    text: str,
    *,
    size: int = 14,
    bold: bool = False,
    italic: bool = False,
    align=CENTER,
) -> Paragraph:
    """A paragraph of one run (a cell's first, empty paragraph is used rather than left)."""
    paragraph = _next_paragraph(where)
    paragraph.alignment = align
    _run(paragraph, text, size=size, bold=bold, italic=italic)
    return paragraph


def _paragraph(document: DocumentObject, text: str, *, italic: bool = False) -> Paragraph:
    """A body paragraph: justified, first line indented, 6 pt after."""
    paragraph = document.add_paragraph()
    paragraph.alignment = JUSTIFY
    paragraph.paragraph_format.first_line_indent = FIRST_LINE_INDENT
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.paragraph_format.line_spacing = 1.15
    if text:
        _run(paragraph, text, italic=italic)
    return paragraph


def _run(
    paragraph: Paragraph, text: str, *, size: int = 14, bold: bool = False, italic: bool = False
) -> None:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold or None
    run.font.italic = italic or None


def _next_paragraph(where: Container) -> Paragraph:
    if isinstance(where, _Cell):
        first = where.paragraphs[0]
        if len(where.paragraphs) == 1 and not first.runs:
            return first
    return where.add_paragraph()


def _rule(where: Container, width_mm: int, within_mm: int) -> None:
    """A short centred line (the rule under the issuer, the motto and the title): an empty
    paragraph's bottom border, indented to ``width_mm``."""
    paragraph = _next_paragraph(where)
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm((within_mm - width_mm) / 2)
    fmt.line_spacing = Pt(2)
    fmt.space_after = Pt(4)
    _border(paragraph, ("bottom",))


def _border(paragraph: Paragraph, sides: tuple[str, ...]) -> None:
    borders = OxmlElement("w:pBdr")
    for side in sides:
        line = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "6"), ("space", "4"), ("color", "auto")):
            line.set(qn(f"w:{key}"), value)
        borders.append(line)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_BORDER)


def _flag(tag: str):
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    return element
