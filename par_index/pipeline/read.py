"""The read stage: every file of the submissions folder read once, in isolated worker
processes, and handed to the library's per-file step (``par_index.assess.assess``).

A file that hangs, crashes its worker or eats memory costs its own one finding. Each result
is compacted as it arrives (``UnitResult.compact``, ``UnitCheck.compact``), so a batch of
thousands holds small checks and results, never workbooks.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from par_index.assess import Assessed, Checked, assess, assess_failure, checked
from par_index.batch import Ok, label, run_isolated
from par_index.check.attribution import owner, received_time
from par_index.check.engine import expected_unit, unit_for
from par_index.criteria.sets import Sets
from par_index.evidence_files import is_bundle, read_attachments
from par_index.heap import GcTuning, collect_rarely
from par_index.i18n import Message
from par_index.inputs import Inputs
from par_index.received import Receipt
from par_index.submission import Submission
from par_index.units import Unit
from par_index.workbook import reader
from par_index.workbook.guard import display_name, ignored_reason


@dataclass(frozen=True)
class ReadJob:
    """What a worker needs for one file (inherited when it forks, pickled when it spawns)."""

    folder: Path
    inputs: Inputs
    score: bool = True
    keep: bool = False
    """Keep each workbook as read (the appraisal workbook shows them)."""
    receipts: Mapping[str, Receipt] = field(default_factory=dict)
    """Display name -> the file's receipt in the received log (when it was received)."""
    bundles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Unit code -> its evidence folders and .zip files in ``folder`` (``evidence_bundles``)."""


def evidence_bundles(
    folder: Path, paths: list[Path], units: list[Unit]
) -> dict[str, tuple[str, ...]]:
    """Unit code -> the folders and .zip files of the submissions folder named for it (by the
    workbooks' naming rule, ``check.engine.expected_unit``): its evidence files. A folder or
    .zip that names no unit stays an entry the reader refuses, as before."""
    found: dict[str, list[str]] = {}
    for path in paths:
        code = bundle_owner(path, units)
        if code is not None:
            found.setdefault(code, []).append(path.name)
    return {code: tuple(names) for code, names in found.items()}


def bundle_owner(path: Path, units: Sequence[Unit]) -> str | None:
    """The unit whose evidence folder or .zip this entry of the submissions folder is (by its
    name), else None (a workbook, or a folder or .zip that names no unit)."""
    if ignored_reason(path.name) is not None or not is_bundle(path):
        return None
    unit = expected_unit(path.name, list(units))
    return unit.code if unit is not None else None


def submission_files(folder: Path) -> list[Path]:
    """Every entry of the submissions folder, by name; the reader's guard decides what each one
    is (a lock or hidden file, listed once as ignored; a folder; a renamed CSV ...)."""
    if not folder.is_dir():
        return []
    return sorted(folder.iterdir(), key=lambda p: p.name)


def read_one(job: ReadJob, name: str) -> Assessed:
    """One file read, then checked and scored by the library's per-file step."""
    label = display_name(name)
    receipt = job.receipts.get(label)
    received = _received(job, name)
    try:
        path, memo = job.folder / name, job.inputs.memo
        sets = file_sets(job.inputs, label)
        submission = reader.read_submission(path, sets, display_name=label, memo=memo)
    except Exception as exc:  # a file must never stop the batch: it gets its one finding
        return assess_failure(job.inputs, label, exc, received)
    if receipt is not None:
        submission.received_on = receipt.received_on
    if job.bundles:
        _attach(job, submission)
    return assess(job.inputs, submission, score=job.score, keep=job.keep, received=received)


def _attach(job: ReadJob, submission: Submission) -> None:
    """The evidence files of the workbook's unit, read here in the worker beside it."""
    unit, _ = unit_for(submission, list(job.inputs.units), job.inputs.context)
    bundles = job.bundles.get(unit.code, ()) if unit is not None else ()
    if bundles:
        lang = job.inputs.context.lang
        found = read_attachments(job.folder, list(bundles), memo=job.inputs.memo, lang=lang)
        submission.attachments = found


def _received(job: ReadJob, name: str) -> dt.datetime | None:
    """When the file was received: the received log's time, else its modification time in the
    submissions folder; None when it cannot be known."""
    receipt = job.receipts.get(display_name(name))
    if receipt is not None:
        return receipt.received
    try:
        return received_time((job.folder / name).stat().st_mtime)
    except OSError:
        return None


def file_sets(inputs: Inputs, file: str) -> Sets:
    """The set a file is read on: that of the unit its name names (a workbook made from another
    group's set is then reported as not matching); a name that names no unit, the set its
    metadata names among the groups'."""
    if inputs.sets is None:
        return inputs.cs
    unit = expected_unit(file, list(inputs.units))
    return inputs.all_sets if unit is None else inputs.set_for(unit.unit_type)


def read_folder(
    job: ReadJob,
    gc_tuning: GcTuning,
    *,
    workers: int | None = None,
    stage: Callable[[str], None] | None = None,
) -> tuple[Checked, dict[str, Path]]:
    """Every file of ``job.folder`` assessed, the checks across units added; with the path of
    each readable file by its name in the report (for the feedback copies)."""
    paths = submission_files(job.folder)
    bundles = evidence_bundles(job.folder, paths, list(job.inputs.units))
    if bundles:
        named = {name for names in bundles.values() for name in names}
        paths = [p for p in paths if p.name not in named]
        job = replace(job, bundles=bundles)
    pool: dict = {}
    assessed = []
    with gc_tuning.few_collections():
        for one in _assess_all(job, [p.name for p in paths], workers, gc_tuning):
            one.check.compact(pool)
            if one.result is not None:
                one.result.compact(pool)
            assessed.append(one)
        if stage is not None:
            stage("cross-check")
        with gc_tuning.long_lived():
            batch = checked(job.inputs, assessed)
    readable = {one.check.file for one in assessed if one.check.readable}
    sources = {name: p for p in paths if (name := display_name(p.name)) in readable}
    return batch, sources


def owners_of(
    job: ReadJob, files: set[str], gc_tuning: GcTuning, workers: int | None = None
) -> dict[str, str | None]:
    """Display name -> the unit each of ``files`` (display names, in ``job.folder``) is one of
    the own files of, by the read stage's attribution (each read and checked, not scored)."""
    names = [p.name for p in submission_files(job.folder) if display_name(p.name) in files]
    known = {u.code: u for u in job.inputs.units}
    found = _assess_all(job, names, workers, gc_tuning)
    return {one.check.file: owner(one.check, known) for one in found}


def _assess_all(
    job: ReadJob, names: list[str], workers: int | None, gc_tuning: GcTuning
) -> Iterator[Assessed]:
    count = workers if workers is not None else min(os.cpu_count() or 1, max(1, len(names)))
    initializer = collect_rarely if count and gc_tuning.enabled else None
    if gc_tuning.enabled:
        gc.collect()  # what is left now (criteria, units) lives as long as the run: frozen
    with gc_tuning.long_lived():
        task = partial(read_one, job)
        for name, outcome in run_isolated(
            names, task, workers=count, initializer=initializer, in_flight=2
        ):
            if isinstance(outcome, Ok):
                yield outcome.value
            else:
                received = _received(job, name)
                yield assess_failure(job.inputs, display_name(name), outcome.detail, received)


# -- files outside a workspace (``par-index read``) ---------------------------------------------
M_NOTHING = Message(
    "cli.read.nothing",
    "{path}: thư mục trống, không có tệp nào để đọc.",
    "{path}: the folder is empty, there is no file to read.",
)


def files_to_read(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Files as given; a folder stands for every file in it (sorted by name), as the check
    reads its submissions folder: lock, hidden and system files are named once as ignored.
    Returns the files and one line per file ignored or folder found empty."""
    files: list[Path] = []
    notes: list[str] = []
    for path in paths:
        if not path.is_dir() or path.is_symlink():
            files.append(path)
            continue
        found = submission_files(path)
        for entry in found:
            reason = ignored_reason(entry.name)
            if reason is None:
                files.append(entry)
            else:
                notes.append(reason.format(file=label(entry)))
        if not found:
            notes.append(M_NOTHING.format(path=label(path)))
    return list(dict.fromkeys(files)), notes


def read_files(
    files: list[Path], cs: Sets, *, workers: int | None = None
) -> Iterator[tuple[Path, Submission | str]]:
    """Each file read in isolation: its workbook, or the one line saying why it failed
    (``cs``: the set, or a workspace's set per group: the one each workbook names)."""
    task = partial(_read_path, cs)
    count = workers if workers is not None else min(os.cpu_count() or 1, max(1, len(files)))
    for path, outcome in run_isolated(files, task, workers=count, in_flight=2):
        yield path, outcome.value if isinstance(outcome, Ok) else _line(path, outcome.detail)


def _read_path(cs: Sets, path: Path) -> Submission:
    return reader.read_submission(path, cs)


def _line(path: Path, detail: str) -> str:
    """ "<file>: <reason>" on one line."""
    name = label(path)
    detail = " ".join(detail.split())
    return detail if detail.startswith(name) else f"{name}: {detail}"
