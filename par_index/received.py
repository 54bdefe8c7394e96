"""The received log (nhật ký nhận tệp): every file that arrived in the submissions folder, once
per content, with its unit, when it was received, its SHA-256 and its version among the unit's
files. Plain data and pure rules; ``par_index.pipeline.received`` reads and appends the file.

- A file is recorded once per content: the same name with other bytes is a new receipt.
- Its unit is the one the read stage's attribution gives it (``check.attribution.owner``): a
  file whose name and hidden code name two units counts for no one and gets no version.
- Versions count a unit's receipts in the order received: 1, 2, ... The newest counts
  (``check.attribution``), every version stays in the submissions folder. An evidence .zip
  named for a unit is recorded with its unit and no version: it is no version of the workbook.
- The received time is known when ``par-index receive`` recorded the moment the file arrived
  (``Source.RECEIVE``): lateness counts from it. A file put in the folder by hand is recorded
  when a command first sees it, with its modification time (``Source.MTIME``; one in the
  future is kept, so files put in together keep their order): such a time orders the unit's
  files, but lateness keeps the date the workbook declares.
- A file not in the log when it was last written arrived after that: its received time is at
  least one second after the log's last row was written (``ReceivedLog.last_logged``), so a
  file sent again is newer than every file recorded before it, whatever its modification time
  says (a copy keeps the sender's) and within the same second (``Source.AFTER_LOG``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from enum import StrEnum

from pydantic import BaseModel

from par_index.results import FileVersion


class Source(StrEnum):
    """How a receipt's time is known."""

    RECEIVE = "receive"
    """``par-index receive`` recorded the moment the file arrived."""
    MTIME = "mtime"
    """Put in the submissions folder by hand: the file's modification time."""
    AFTER_LOG = "after-log"
    """Put in by hand after the log was last written, its modification time older than that:
    one second after that writing."""


class Receipt(BaseModel):
    """One row of the received log: one content of one file in the submissions folder."""

    received: dt.datetime
    """When the file was received (aware, to the second)."""
    source: Source
    unit: str | None = None
    """The unit the file counts for (None: no unit, or its name and code disagree)."""
    version: int | None = None
    """Its place among the unit's receipts, from 1 (None without a unit)."""
    file: str
    """Its name in the submissions folder (a safe display name)."""
    sha256: str
    size: int
    original: str = ""
    """Where it came from: the path given to ``par-index receive`` (empty when put in by hand)."""
    logged: dt.datetime
    """When par-index wrote the row."""

    def file_version(self) -> FileVersion:
        """What the results and the report show: the version, and the received time only when
        ``par-index receive`` knew it (a modification time is no record of arrival, and would
        make the outputs differ between two copies of one workspace)."""
        known = self.received if self.source == Source.RECEIVE else None
        return FileVersion(version=self.version, received=known, source=self.source)

    @property
    def received_on(self) -> dt.date | None:
        """The local day lateness counts from: only a moment ``par-index receive`` recorded."""
        return self.received.astimezone().date() if self.source == Source.RECEIVE else None


class ReceivedLog(BaseModel):
    """The log's rows, oldest first."""

    receipts: list[Receipt] = []

    def find(self, file: str, sha256: str) -> Receipt | None:
        """The receipt of this content under this name (None: not recorded yet)."""
        for receipt in reversed(self.receipts):
            if receipt.file == file and receipt.sha256 == sha256:
                return receipt
        return None

    def same_content(self, sha256: str) -> Receipt | None:
        """The first receipt of these bytes under any name."""
        return next((r for r in self.receipts if r.sha256 == sha256), None)

    def of_unit(self, unit: str) -> list[Receipt]:
        return [r for r in self.receipts if r.unit == unit]

    def workbooks_of(self, unit: str) -> list[Receipt]:
        """The unit's workbooks received, its versions (its evidence .zip files left out)."""
        return [r for r in self.of_unit(unit) if r.version is not None]

    def workbooks_by_unit(self) -> dict[str, list[Receipt]]:
        """``workbooks_of`` for every unit at once (one pass over the log)."""
        out: dict[str, list[Receipt]] = {}
        for receipt in self.receipts:
            if receipt.unit is not None and receipt.version is not None:
                out.setdefault(receipt.unit, []).append(receipt)
        return out

    def by_content(self) -> dict[tuple[str, str], Receipt]:
        """``find`` for every (file, SHA-256) at once: the newest receipt of each."""
        return {(r.file, r.sha256): r for r in self.receipts}

    def file_names(self) -> set[str]:
        return {r.file for r in self.receipts}

    @property
    def last_logged(self) -> dt.datetime | None:
        """When the log was last written (None: empty)."""
        return max((r.logged for r in self.receipts), default=None)


def arrival(
    file: str,
    sha256: str,
    size: int,
    *,
    now: dt.datetime,
    mtime: dt.datetime | None = None,
    original: str = "",
    after: dt.datetime | None = None,
) -> Receipt:
    """A file not yet in the log, its unit still to be decided. With ``mtime`` it was put in by
    hand (received at its modification time); without, ``par-index receive`` takes it in at
    ``now``. ``after``: when the log was last written (the file came later: at least a second
    after it)."""
    now = now.replace(microsecond=0)
    if mtime is None:
        received, source = now, Source.RECEIVE
    else:
        received, source = mtime.replace(microsecond=0), Source.MTIME
    if after is not None and received <= after:
        later = after.replace(microsecond=0) + dt.timedelta(seconds=1)
        received, source = later, source if source == Source.RECEIVE else Source.AFTER_LOG
    return Receipt(
        received=received, source=source, file=file, sha256=sha256, size=size,
        original=original, logged=now,
    )  # fmt: skip


def numbered(
    log: ReceivedLog, arrivals: Iterable[Receipt], owners: Mapping[str, str | None]
) -> list[Receipt]:
    """The arrivals with their unit (``owners``: file name -> the unit it counts for) and their
    version after the unit's receipts already logged, in the order received (then by name)."""
    counts: dict[str, int] = {}
    for receipt in log.receipts:
        if receipt.unit is not None:
            counts[receipt.unit] = max(counts.get(receipt.unit, 0), receipt.version or 0)
    out = []
    for one in sorted(arrivals, key=lambda r: (r.received, r.file)):
        unit = owners.get(one.file)
        version = None
        if unit is not None:
            version = counts[unit] = counts.get(unit, 0) + 1
        out.append(one.model_copy(update={"unit": unit, "version": version}))
    return out


def versions(receipts: Iterable[Receipt]) -> dict[str, FileVersion]:
    """File name -> its version and received time (the latest receipt of each name)."""
    return {r.file: r.file_version() for r in receipts}
