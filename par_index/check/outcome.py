"""What checking one unit's file gives back: small, picklable, enough for the cross-unit checks.

Checks of one unit run where the workbook is read (possibly in a worker process); the checks
across units run in the parent over these digests, never over whole workbooks.
"""

from __future__ import annotations

from pydantic import BaseModel

from par_index.check.finding import Finding
from par_index.submission import CellRef


class EvidenceText(BaseModel):
    """A criterion's evidence text, folded and hashed, with the cell it was typed in."""

    hash: str
    cell: CellRef | None = None


class EvidenceDigest(BaseModel):
    """The evidence of one file, reduced to what cross-unit checks compare."""

    texts: dict[str, EvidenceText] = {}
    """Criterion code -> its evidence text hash (texts too short to tell are left out)."""
    documents: dict[str, list[str]] = {}
    """Document number as cited -> the criteria citing it."""


class UnitCheck(BaseModel):
    """The result of checking one file."""

    file: str
    unit: str | None = None
    """Code of the unit the file is counted for (None: unknown)."""
    findings: list[Finding] = []
    digest: EvidenceDigest = EvidenceDigest()
    readable: bool = True
    """False when the file could not be read at all."""
    ignored: bool = False
    """True for a lock, hidden or system file: no one's submission, listed once, never counted."""
