"""Evidence files a unit sends beside its workbook (tệp minh chứng): a folder or a .zip in the
submissions folder named for the unit, as read (``par_index.evidence_files``), reduced to what
the checks compare. Plain data: picklable, sent back from the read stage's workers.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from pydantic import BaseModel

from par_index.text import strip_accents


class EvidenceFile(BaseModel):
    """One file of a unit's evidence folder or .zip."""

    bundle: str
    """The folder or .zip in the submissions folder holding it (its safe display name)."""
    name: str
    """Its path inside that folder or .zip, "/"-separated (safe display name)."""
    zipped: bool = False
    sha256: str | None = None
    """Content hash (None when it could not be read at all)."""
    kind: str = "other"
    """What its name says it is: "pdf", "docx", "image" or "other"."""
    problem: str | None = None
    """Why it cannot be read (unreadable, encrypted, not what its name says), in the run's
    language; None when it was read."""
    pages: int | None = None
    """Its page count (PDF; None when not known)."""
    text: str | None = None
    """Its text as a search key (accents, case and white space folded away, bounded); ""
    when it has no text layer (a scan or a picture); None when not read."""
    dates: list[dt.date] = []
    """The dates written in its text."""
    created: dt.date | None = None
    """When the file says it was created (PDF /CreationDate, DOCX core properties)."""

    @property
    def link(self) -> str:
        """Where it lies, relative to the submissions folder ("/"-separated): the file itself,
        or the .zip holding it."""
        return self.bundle if self.zipped else f"{self.bundle}/{self.name}"

    @property
    def shown(self) -> str:
        """How messages name it: "qd12.pdf" (in QD-QAN.zip)."""
        return f"{self.name} ({self.bundle})"


class Attachments(BaseModel):
    """A unit's evidence files, from every folder or .zip named for it."""

    files: list[EvidenceFile] = []
    problems: dict[str, str] = {}
    """Folder or .zip -> why it could not be opened at all (in the run's language)."""

    def find(self, cited: str) -> EvidenceFile | None:
        """The file a citation names: by its path in the folder, else by its file name, case
        and Unicode form folded ("QD12.PDF" is "qd12.pdf")."""
        key = name_key(cited)
        by_path = [f for f in self.files if name_key(f.name) == key]
        if by_path:
            return by_path[0]
        base = key.rsplit("/", 1)[-1]
        return next((f for f in self.files if name_key(f.name).rsplit("/", 1)[-1] == base), None)


def name_key(name: str) -> str:
    """A file name folded for matching: NFC, case, "\\" as "/", spaces trimmed."""
    return unicodedata.normalize("NFC", name).replace("\\", "/").strip().casefold()


_WHITE = re.compile(r"\s+")


def search_key(text: str, *, folded: bool = False) -> str:
    """Text as an evidence file's text is searched: accents (đ as d), case and white space
    folded away, so "Số: 12/QĐ-UBND" holds "12/qd-ubnd" however a PDF split or accented it
    (``folded``: the text is already without accents and case-folded)."""
    loose = text if folded else strip_accents(text).casefold()
    return _WHITE.sub("", loose)
