"""The appraisal workbook (phiếu thẩm định): written for the council, read back and validated.

One book with a sheet per unit: the council passes one file around, each member takes sheets,
and the whole round is read back in one go; a book per unit would scatter the same work over
dozens of files. Each sheet shows per criterion the self-score, the engine's recomputed score,
the check findings and the evidence cited, then the input columns: round-1 score and note, the
unit's explanation (giải trình), round-2 score and note. A blank round-1 cell keeps the
self-score once the sheet's status says the unit was appraised. Rows are found by criterion
code and columns by header text, so inserted rows and moved columns still read.
"""

from par_index.appraisal.model import (
    NA_TEXT,
    Appraisal,
    AppraisedScore,
    Status,
    scored_rows,
)
from par_index.appraisal.read import read_appraisal, read_appraisals
from par_index.appraisal.write import sheet_names, write_appraisal_workbook

__all__ = [
    "NA_TEXT",
    "Appraisal",
    "AppraisedScore",
    "Status",
    "read_appraisal",
    "read_appraisals",
    "scored_rows",
    "sheet_names",
    "write_appraisal_workbook",
]
