"""What checking one unit's file gives back: small, picklable, enough for the cross-unit checks.

Checks of one unit run where the workbook is read (possibly in a worker process); the checks
across units run in the parent over these digests, never over whole workbooks.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from par_index.check.finding import CitedFile, Finding
from par_index.submission import CellRef


class EvidenceText(BaseModel):
    """A criterion's evidence text, folded and hashed, with the cell it was typed in."""

    hash: str
    cell: CellRef | None = None


class SentFile(BaseModel):
    """An evidence file a unit sent, for the cross-unit comparison by content."""

    name: str
    """As messages name it: "qd12.pdf (QD-QAN.zip)"."""
    criteria: list[str] = []
    """The criteria citing it, in grid order."""
    cell: CellRef | None = None
    """The evidence cell of the first criterion citing it."""


class EvidenceDigest(BaseModel):
    """The evidence of one file, reduced to what cross-unit checks compare."""

    texts: dict[str, EvidenceText] = {}
    """Criterion code -> its evidence text hash (texts too short to tell are left out)."""
    documents: dict[str, list[str]] = {}
    """Document number as cited -> the criteria citing it."""
    own_documents: dict[str, list[str]] = {}
    """"number|date" (folded number, ISO date) of each document the file gives as issued by the
    unit itself -> the criteria citing it."""
    issuers: dict[str, list[str]] = {}
    """Every other issuer cited (folded, no accents) -> the criteria citing it."""
    cells: dict[str, CellRef | None] = {}
    """Criterion -> its evidence cell, for the criteria of ``own_documents`` and ``issuers``."""
    files: dict[str, SentFile] = {}
    """Content hash -> an evidence file sent beside the workbook (the first by name)."""


class UnitCheck(BaseModel):
    """The result of checking one file."""

    file: str
    unit: str | None = None
    """Code of the unit the file was checked for (None: unknown): the unit its name names,
    else the unit of its hidden code. Whether it counts is decided across files
    (``check.attribution``)."""
    named: str | None = None
    """Code of the unit the file name names (None: none, or more than one)."""
    coded: str | None = None
    """The unit code written in the workbook (hidden ``_meta`` sheet), as found."""
    received: dt.datetime | None = None
    """When the file was received: its modification time in the submissions folder, to the
    second (None when the caller gave no file)."""
    declared: dt.date | None = None
    """The submission date the workbook's header declares."""
    findings: list[Finding] = []
    digest: EvidenceDigest = EvidenceDigest()
    cited: list[CitedFile] = []
    """Each evidence file its rows cite, where it lies (feedback and appraisal links)."""
    readable: bool = True
    """False when the file could not be read at all."""
    ignored: bool = False
    """True for a lock, hidden or system file: no one's submission, listed once, never counted."""

    def compact(self, pool: dict) -> UnitCheck:
        """This check, as it came from its worker (so held nowhere else), with its evidence
        digest's criterion codes, cells and field sets shared with those of the checks
        compacted before into ``pool``: ~70 texts per file, held until the cross-unit checks
        (84 -> 31 KiB per file)."""
        share = pool.setdefault
        digest = self.digest
        for text in digest.texts.values():
            state = text.__dict__
            cell = state["cell"]
            if cell is not None:
                state["cell"] = share(("cell", cell.sheet, cell.cell), cell)
            names = text.__pydantic_fields_set__
            object.__setattr__(text, "__pydantic_fields_set__", share(frozenset(names), names))
        state = digest.__dict__
        state["texts"] = {share(code, code): text for code, text in digest.texts.items()}
        for name in ("documents", "own_documents", "issuers"):
            state[name] = {
                share(key, key): [share(code, code) for code in codes]
                for key, codes in state[name].items()
            }
        state["cells"] = {
            share(code, code): cell
            if cell is None
            else share(("cell", cell.sheet, cell.cell), cell)
            for code, cell in digest.cells.items()
        }
        return self
