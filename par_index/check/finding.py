"""Findings: the self-scoring weaknesses the check step reports, as plain data."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from par_index.i18n import Lang, Message
from par_index.numbers import Number, NumberKind, shown_date
from par_index.results import FileVersion, SetAside


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class FindingKind:
    """A catalogue entry: a stable code, its default severity and its words."""

    code: str
    severity: Severity
    title: Message
    message: Message
    fix: Message


KINDS: dict[str, FindingKind] = {}


def kind(
    code: str,
    severity: Severity,
    title: tuple[str, str],
    message: tuple[str, str],
    fix: tuple[str, str],
) -> FindingKind:
    """Declare a finding kind (codes are stable: tests and configurations rely on them)."""
    if code in KINDS:
        raise RuntimeError(f"duplicate finding code {code}")
    entry = FindingKind(
        code,
        severity,
        Message(f"finding.{code}.title", *title),
        Message(f"finding.{code}.message", *message),
        Message(f"finding.{code}.fix", *fix),
    )
    KINDS[code] = entry
    return entry


class Finding(BaseModel):
    """One weakness found in one unit's submission."""

    code: str
    severity: Severity
    unit: str | None = None
    """Unit code (None when the file's unit is unknown)."""
    file: str | None = None
    criterion: str | None = None
    sheet: str | None = None
    cell: str | None = None
    values: dict[str, str] = {}
    """The values involved, as shown to the user in the run's language (e.g. {"self_score":
    "2,00", "max": "1,50"}; English "1.50")."""
    raw: dict[str, str | list[str]] = {}
    """The numbers and dates among ``values``, machine-readable: decimal strings by the number
    contract (e.g. {"self_score": "2.0000", "max": "1.5000"}), ISO dates; a list for a list of
    numbers. Texts are not repeated here."""
    title: str
    message: str
    fix: str


def make_finding(
    entry: FindingKind,
    *,
    severity: Severity | None = None,
    lang: Lang | str | None = None,
    **where: Any,
) -> Finding:
    """Render a finding from its catalogue entry; ``where`` holds unit/file/criterion/sheet/cell
    and the values (everything else) used by the message templates. A value that is a
    ``Number`` (a bare Decimal counts as points, an int as a count), a list of them, or a date
    is shown by the display rule in ``lang`` and kept raw as well."""
    location = {
        k: where.pop(k) for k in ("unit", "file", "criterion", "sheet", "cell") if k in where
    }
    values: dict[str, str] = {}
    raw: dict[str, str | list[str]] = {}
    for key, value in where.items():
        values[key], machine = _shown(value, lang)
        if machine is not None:
            raw[key] = machine
    fields: dict[str, str] = {**{k: v or "" for k, v in location.items()}, **values}
    return Finding(
        code=entry.code,
        severity=severity or entry.severity,
        **location,
        values=values,
        raw=raw,
        title=entry.title.format(lang, **fields),
        message=entry.message.format(lang, **fields),
        fix=entry.fix.format(lang, **fields),
    )


LIST_SEPARATOR = "; "
"""Between the values of a list in a message: "0,00; 0,50; 1,00"."""
LIST_SHOWN = 8
"""A longer list shows its first three and last two values ("…" between); ``raw`` has all."""


def _shown(value: Any, lang: Lang | str | None) -> tuple[str, str | list[str] | None]:
    """A finding value's display text and its raw form (None: a text, its own raw form)."""
    if value is None:
        return "", None
    if isinstance(value, list):
        parts = [_shown(v, lang) for v in value]
        texts = [t for t, _ in parts]
        if len(texts) > LIST_SHOWN:
            texts = [*texts[:3], "…", *texts[-2:]]
        return LIST_SEPARATOR.join(texts), [r if isinstance(r, str) else t for t, r in parts]
    if isinstance(value, Decimal):
        value = Number(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        value = Number(value, NumberKind.COUNT)
    if isinstance(value, Number):
        return value.shown(lang), value.raw()
    if isinstance(value, dt.date):
        return shown_date(value), value.isoformat()
    return str(value), None


class CitedFile(BaseModel):
    """An evidence file a criterion's row cites, and where it lies."""

    criterion: str
    file: str
    """As findings name it: "qd12.pdf (QD-QAN)" when sent, else as cited."""
    link: str | None = None
    """Where it lies, relative to the submissions folder ("/"-separated; the .zip holding it);
    None when the unit did not send it."""

    def findings(self, report: Report, unit: str) -> list[Finding]:
        """The report's findings about this file on this row (or on the whole file)."""
        return [
            f
            for f in report.findings
            if f.unit == unit
            and f.code.startswith("evidence-file-")
            and f.criterion in (self.criterion, None)
            and f.values.get("evidence_file") == self.file
        ]


class Report(BaseModel):
    """All findings of a check run, serialisable to JSON and easy to filter."""

    findings: list[Finding] = []
    units: list[str] = []
    """Codes of the units checked, in the order of the units file."""
    files: list[str] = []
    """Files read."""
    unit_files: dict[str, list[str]] = {}
    """Unit code -> the files received for it: named for it, else carrying its code (a unit
    with none sent nothing)."""
    scored_files: dict[str, str] = {}
    """Unit code -> the one file that counts for it (``check.attribution``)."""
    set_aside: dict[str, list[SetAside]] = {}
    """Unit code -> its files that do not count, with why."""
    versions: dict[str, FileVersion] = {}
    """File name -> which of its unit's files it is and when it was received (the received
    log, ``par_index.received``)."""
    evidence_files: dict[str, list[CitedFile]] = {}
    """Unit code -> the evidence files its counted workbook cites (units citing none left
    out)."""

    def for_unit(self, unit: str) -> list[Finding]:
        return [f for f in self.findings if f.unit == unit]

    def counts(self, unit: str | None = None) -> Counter[Severity]:
        found = self.findings if unit is None else self.for_unit(unit)
        return Counter(f.severity for f in found)

    def only(self, unit: str) -> Report:
        """The report narrowed to one unit: its findings and its files."""
        files = self.unit_files.get(unit, [])
        scored = {unit: self.scored_files[unit]} if unit in self.scored_files else {}
        return Report(
            findings=self.for_unit(unit),
            units=[unit],
            files=files,
            unit_files={unit: files},
            scored_files=scored,
            set_aside={unit: self.set_aside[unit]} if unit in self.set_aside else {},
            versions={f: v for f, v in self.versions.items() if f in files},
            evidence_files=(
                {unit: self.evidence_files[unit]} if unit in self.evidence_files else {}
            ),
        )

    @property
    def has_errors(self) -> bool:
        return any(f.severity == Severity.ERROR for f in self.findings)
