"""The received log on disk, and taking files in: ``par-index receive`` copies each arriving file
into the submissions folder, and every command that reads that folder records the files put
there by hand. The rules (units, versions, which time counts) are ``par_index.received``'s.

The log (``names.RECEIVED_LOG``) is a CSV file (UTF-8 with BOM, so Excel opens it) in the
workspace folder, one row per content received, appended to and never rewritten otherwise.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from pydantic import ValidationError

from par_index.check.attribution import received_time
from par_index.csvsrc import rows
from par_index.errors import InputFileError
from par_index.heap import GcTuning
from par_index.i18n import Message
from par_index.io import write_atomic
from par_index.pipeline.load import load_inputs
from par_index.pipeline.names import received_log
from par_index.pipeline.read import ReadJob, bundle_owner, owners_of
from par_index.received import Receipt, ReceivedLog, Source, arrival, numbered
from par_index.text import display_name
from par_index.units import Unit
from par_index.workbook.guard import ignored_reason
from par_index.workspace import Workspace

COLUMNS = (
    ("received", "Thời điểm nhận"),
    ("source", "Cách biết thời điểm nhận"),
    ("unit", "Mã đơn vị"),
    ("version", "Phiên bản"),
    ("file", "Tệp trong thư mục nộp"),
    ("sha256", "SHA-256"),
    ("size", "Dung lượng (byte)"),
    ("original", "Tệp gốc"),
    ("logged", "Ghi sổ lúc"),
)
"""The log's columns: field and Vietnamese header, in order."""
SOURCE_WORDS = {
    Source.RECEIVE: "nhận bằng par-index receive",
    Source.MTIME: "bỏ vào thư mục: giờ sửa tệp",
    Source.AFTER_LOG: "bỏ vào thư mục sau lần ghi sổ trước",
}
"""How the log says where a received time comes from (read back either way)."""
_SOURCES = {**{words: s for s, words in SOURCE_WORDS.items()}, **{s.value: s for s in Source}}

M_LOG_BROKEN = Message(
    "received.log-broken",
    "{file}:{line}: dòng này của nhật ký nhận tệp không đọc được ({what}). Nhật ký do par-index "
    "ghi, đừng sửa tay: hãy lấy lại bản trước của tệp, hoặc xoá đúng dòng này rồi chạy lại.",
    "{file}:{line}: this line of the received log cannot be read ({what}). par-index writes the "
    "log, do not edit it by hand: restore the previous copy of the file, or delete this line "
    "and run again.",
)
W_UNREADABLE = Message(
    "received.log-unreadable",
    "không mở được hoặc không phải văn bản UTF-8",
    "cannot be opened or is not UTF-8 text",
)
W_COLUMNS = Message("received.log-columns", "{count} cột", "{count} columns")
M_NOT_A_FILE = Message(
    "received.not-a-file",
    "{file}: không có tệp này (hoặc đây là thư mục). Hãy ghi đường dẫn đến từng tệp cần nhận.",
    "{file}: there is no such file (or it is a folder). Give the path of each file to receive.",
)
M_OUTSIDE = Message(
    "received.outside",
    "{folder}: thư mục nộp (paths.submissions) nằm ngoài thư mục làm việc, par-index không chép "
    "tệp vào đó. Hãy dùng một thư mục con, hoặc thêm “allow_outside: true” vào mục paths.",
    "{folder}: the submissions folder (paths.submissions) lies outside the workspace, par-index "
    "does not copy files into it. Use a folder inside it, or add “allow_outside: true” under "
    "paths.",
)

Clock = Callable[[], dt.datetime]


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


# -- the log file --------------------------------------------------------------------------------
def load_log(ws: Workspace) -> ReceivedLog:
    """The workspace's received log (empty when there is none yet)."""
    path = received_log(ws)
    if not path.is_file():
        return ReceivedLog()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        raise InputFileError(M_LOG_BROKEN, file=str(path), line=1, what=W_UNREADABLE) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    receipts = []
    for row in rows(reader, str(path)):
        if reader.line_num == 1 or not any(row):
            continue
        receipts.append(_receipt(row, path, reader.line_num))
    return ReceivedLog(receipts=receipts)


def _receipt(row: list[str], path: Path, line: int) -> Receipt:
    values = dict(zip((key for key, _ in COLUMNS), row, strict=False))
    if len(row) != len(COLUMNS) or values["source"] not in _SOURCES:
        what = W_COLUMNS, {"count": len(row)}
        raise InputFileError(M_LOG_BROKEN, file=str(path), line=line, what=what)
    values["source"] = _SOURCES[values["source"]].value
    try:
        return Receipt.model_validate({k: v for k, v in values.items() if v != ""})
    except ValidationError as exc:
        headers = dict(COLUMNS)
        bad = ", ".join(headers.get(str(e["loc"][0]), str(e["loc"][0])) for e in exc.errors())
        raise InputFileError(M_LOG_BROKEN, file=str(path), line=line, what=bad) from None


def append_log(ws: Workspace, receipts: list[Receipt]) -> Path | None:
    """Add rows to the log (the file written whole, atomically: what was there, then the new
    rows). None when there is nothing to add."""
    if not receipts:
        return None
    path = received_log(ws)
    before = path.read_bytes() if path.is_file() else b""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    if not before:
        writer.writerow([header for _, header in COLUMNS])
    for one in receipts:
        writer.writerow(_row(one))
    added = out.getvalue().encode("utf-8")
    data = before + added if before else b"\xef\xbb\xbf" + added
    return write_atomic(path, lambda tmp: tmp.write_bytes(data))


def _row(one: Receipt) -> list[str]:
    return [
        _time(one.received), SOURCE_WORDS[one.source], one.unit or "",
        "" if one.version is None else str(one.version), one.file, one.sha256, str(one.size),
        one.original, _time(one.logged),
    ]  # fmt: skip


def _time(moment: dt.datetime) -> str:
    return moment.astimezone().isoformat(sep=" ", timespec="seconds")


# -- the submissions folder ----------------------------------------------------------------------
@dataclass
class Intake:
    """The submissions folder against the log: the receipt of every file in it now (by its
    display name), those not logged yet among them: workbooks (unit and version still to be
    decided) and evidence .zip files named for a unit (their unit known, no version)."""

    log: ReceivedLog
    units: Sequence[Unit] = ()
    current: dict[str, Receipt] = field(default_factory=dict)
    pending: list[Receipt] = field(default_factory=list)
    evidence: list[Receipt] = field(default_factory=list)

    def arrived(self, receipt: Receipt, path: Path) -> Receipt:
        """A file not in the log yet: an evidence .zip gets its unit now (it is no version of
        the unit's workbook), a workbook waits for the read stage's attribution."""
        owner = bundle_owner(path, self.units)
        if owner is not None:
            receipt = receipt.model_copy(update={"unit": owner})
            self.evidence.append(receipt)
        else:
            self.pending.append(receipt)
        self.current[receipt.file] = receipt
        return receipt


def intake(ws: Workspace, log: ReceivedLog, now: dt.datetime, units: Sequence[Unit] = ()) -> Intake:
    """Every file of the submissions folder (lock and hidden files left out) looked up in the
    log by name and content; those not found are pending, received when put there (their
    modification time). ``units``: whose evidence .zip files are known by name."""
    out = Intake(log, units)
    logged, last = log.by_content(), log.last_logged
    for path in folder_files(ws.path(ws.config.paths.submissions)):
        name = display_name(path.name)
        try:
            sha256, size, mtime = fingerprint(path), path.stat().st_size, path.stat().st_mtime
        except OSError:
            continue  # the read stage names the file it cannot open
        known = logged.get((name, sha256))
        if known is None:
            new = arrival(name, sha256, size, now=now, mtime=received_time(mtime), after=last)
            out.arrived(new, path)
        else:
            out.current[name] = known
    return out


def settle(ws: Workspace, state: Intake, owners: Mapping[str, str | None], *, write: bool):
    """The pending files given their unit (``owners``: display name -> unit) and version, put
    in ``state.current`` and, with ``write``, appended to the log with the evidence .zip files
    that arrived. Returns the new receipts."""
    workbooks = numbered(state.log, state.pending, owners)
    added = sorted([*workbooks, *state.evidence], key=lambda r: (r.received, r.file))
    state.current |= {one.file: one for one in added}
    state.log = ReceivedLog(receipts=[*state.log.receipts, *added])
    state.pending, state.evidence = [], []
    if write:
        append_log(ws, added)
    return added


def folder_files(folder: Path) -> list[Path]:
    """The regular files of a submissions folder by name, lock and hidden files left out."""
    if not folder.is_dir():
        return []
    entries = sorted(folder.iterdir(), key=lambda p: p.name)
    return [p for p in entries if ignored_reason(p.name) is None and p.is_file()]


def fingerprint(path: Path) -> str:
    """The file's SHA-256 (hex)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# -- par-index receive ---------------------------------------------------------------------------
@dataclass
class Taken:
    """One file given to ``par-index receive``: its receipt (``again``: the same bytes are in
    the submissions folder already, under that receipt)."""

    given: Path
    receipt: Receipt
    again: bool = False


def copy_in(ws: Workspace, files: list[Path], now: dt.datetime, state: Intake) -> list[Taken]:
    """Each file copied into the submissions folder under its own name (" (2)", " (3)" ...
    added when the name is taken), pending in ``state``; a file whose bytes were received
    before is not copied again. The sender's file is only read."""
    folder = ws.path(ws.config.paths.submissions)
    if not ws.config.paths.allow_outside and not folder.is_relative_to(ws.root):
        raise InputFileError(M_OUTSIDE, folder=str(folder))
    taken = []
    for given in files:
        if not given.is_file():
            raise InputFileError(M_NOT_A_FILE, file=display_name(given))
        sha256 = fingerprint(given)
        before = next((r for r in state.current.values() if r.sha256 == sha256), None)
        if before is not None:
            taken.append(Taken(given, before, again=True))
            continue
        target = _free_name(folder, given.name)
        write_atomic(target, partial(_copy, given))
        one = arrival(
            display_name(target.name), sha256, given.stat().st_size, now=now,
            original=display_name(str(given)), after=state.log.last_logged,
        )  # fmt: skip
        taken.append(Taken(given, state.arrived(one, target)))
    return taken


def _copy(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)


def _free_name(folder: Path, name: str) -> Path:
    """``name`` in ``folder``, else "stem (2).ext", "stem (3).ext" ... (never replacing)."""
    target = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    number = 2
    while target.exists():
        target = folder / f"{stem} ({number}){suffix}"
        number += 1
    return target


@dataclass
class Received:
    """What ``par-index receive`` did: each file given, and every row it added to the log
    (files put in the submissions folder by hand included)."""

    taken: list[Taken]
    added: list[Receipt]


def receive(
    ws: Workspace, files: list[Path], *, now: dt.datetime | None = None, workers: int | None = None
) -> Received:
    """Copy ``files`` into the submissions folder and record them (and any file put there by
    hand) in the received log: each one's unit by the read stage's attribution, its version."""
    moment = (now or now_utc()).replace(microsecond=0)
    inputs = load_inputs(ws, scoring=False)
    state = intake(ws, load_log(ws), moment, inputs.units)
    taken = copy_in(ws, files, moment, state)
    folder = ws.path(ws.config.paths.submissions)
    job = ReadJob(folder, inputs, score=False, receipts=state.current)
    owners = owners_of(job, {one.file for one in state.pending}, GcTuning(), workers)
    added = settle(ws, state, owners, write=True)
    for one in taken:
        one.receipt = state.current.get(one.receipt.file, one.receipt)
    return Received(taken, added)
