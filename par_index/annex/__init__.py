"""Import a province's annex table (phụ lục: STT | tiêu chí | điểm tối đa | cách tính điểm | tài
liệu kiểm chứng) into a criteria YAML skeleton that ``par-index criteria check`` accepts.

Areas are Roman-numeral or bold rows; criteria are numbered 1, 2 / 1.1 / a) b) in any mix. Codes
are renumbered as the format requires; the annex's own numbers stay as comments. Scoring rules
are recognised from the method text where it follows the usual wording (Có/Không, levels,
percentage bands, "mỗi ... trừ x điểm"); every criterion it cannot read gets an appraiser rule
and a ``# TODO:`` comment, so the set is valid from the start and the author knows what to write.

``table`` reads the sheet (a two-row merged header, the "(1) (2) (3)" column-number row skipped),
``tree`` nests its rows into areas and criteria, ``methods`` (with ``clauses``, ``ratios`` and
``relative``: a target, a share of the maximum, the best unit) recognises scoring rules,
``skeleton`` builds and dumps the YAML, and ``report`` says row by row what was recognised and
what needs review.
"""

from par_index.annex.clauses import LABEL_CHARS, Recognised
from par_index.annex.methods import recognise
from par_index.annex.ratios import Edge
from par_index.annex.report import RowReport, report_csv
from par_index.annex.skeleton import AnnexImport, build_skeleton, import_annex
from par_index.annex.table import (
    HEADER_ROWS,
    M_NO_HEADER,
    M_NO_ROWS,
    M_UNREADABLE,
    MAX_BYTES,
    MAX_UNPACKED,
    AnnexRow,
    AnnexTable,
    read_annex,
)

__all__ = [
    "HEADER_ROWS",
    "LABEL_CHARS",
    "MAX_BYTES",
    "MAX_UNPACKED",
    "M_NO_HEADER",
    "M_NO_ROWS",
    "M_UNREADABLE",
    "AnnexImport",
    "AnnexRow",
    "AnnexTable",
    "Edge",
    "Recognised",
    "RowReport",
    "build_skeleton",
    "import_annex",
    "read_annex",
    "recognise",
    "report_csv",
]
