"""outputs/manifest.json, written last by every run that writes outputs: the run's id, time and
tool version, and every output with its SHA-256 and the run that wrote it. A run that stops
half-way leaves the manifest of the last complete run, so an output it did write no longer
matches it: the next report step and the next run find such a mixed set and say so.

- A run names the outputs it wrote as its own; an output it left alone keeps its entry when
  its bytes still match, and is *unmatched* otherwise (written by a run that never finished,
  or by hand). Unmatched outputs are reported (``RunOutcome.mixed``), never carried over, so
  the warning stays until a complete run rewrites them.
- The report step reads results.json and check.json: each must match the manifest and both
  come from one run, else the report carries a note (``M_MIXED_INPUTS``).
- A workspace without a manifest (written before there was one) has nothing to compare.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ValidationError

from par_index import __version__
from par_index.i18n import Lang, Message
from par_index.io import TEMP_MARK, write_text_atomic
from par_index.pipeline.names import CHECK_JSON, MANIFEST, RESULTS_JSON, output
from par_index.results import InputProblem
from par_index.workspace import Workspace

M_MIXED = Message(
    "outputs.mixed",
    "Cảnh báo: {count} tệp trong {folder} không do lần chạy hoàn chỉnh nào tạo ra ({files}); "
    "có thể một lần chạy trước bị ngắt giữa chừng, nên kết quả có thể lẫn hai lần chạy. Hãy "
    "chạy lại 'par-index run {workspace}'.",
    "Warning: {count} file(s) in {folder} come from no complete run ({files}); an earlier run "
    "may have stopped half-way, so the outputs may mix two runs. Run 'par-index run "
    "{workspace}' again.",
)
M_MIXED_INPUTS = Message(
    "outputs.mixed-inputs",
    "Báo cáo lập từ {files} không cùng một lần chạy hoàn chỉnh (theo {manifest}); số liệu có "
    "thể lẫn hai lần chạy. Hãy chạy lại 'par-index run {workspace}' trước khi công bố.",
    "This report was made from {files}, which do not come from one complete run (by "
    "{manifest}); the figures may mix two runs. Run 'par-index run {workspace}' again before "
    "publishing.",
)


class Output(BaseModel):
    """One output file and the run that wrote it."""

    file: str
    """Path relative to the outputs folder, with "/"."""
    sha256: str
    run: str


class Manifest(BaseModel):
    """The last complete run and the outputs it knows."""

    run: str
    """Id of the run that wrote this manifest."""
    time: str
    """When it was written (ISO 8601, UTC)."""
    tool_version: str
    steps: list[str]
    outputs: list[Output]


def read_manifest(ws: Workspace) -> Manifest | None:
    """The manifest of the last complete run (None: none, or unreadable)."""
    path = output(ws, MANIFEST)
    try:
        return Manifest.model_validate_json(path.read_bytes())
    except (OSError, ValidationError, ValueError):
        return None


def write_manifest(ws: Workspace, steps: Iterable[str], written: Iterable[Path]) -> list[str]:
    """Write the manifest of a run that wrote ``written``; the unmatched outputs (relative
    names), which it leaves out."""
    folder, before = ws.outputs, read_manifest(ws)
    run = uuid.uuid4().hex[:12]
    mine = {p for p in written if p.is_relative_to(folder) and p.is_file()}
    outputs = [Output(file=_name(folder, p), sha256=_sha256(p), run=run) for p in sorted(mine)]
    known = {entry.file: entry for entry in before.outputs} if before else {}
    unmatched = []
    for path in sorted(_outputs(folder) - mine):
        entry = known.get(_name(folder, path))
        if entry is not None and entry.sha256 == _sha256(path):
            outputs.append(entry)
        elif before is not None:
            unmatched.append(_name(folder, path))
    time = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    manifest = Manifest(
        run=run, time=time, tool_version=__version__, steps=list(steps), outputs=outputs
    )
    write_text_atomic(output(ws, MANIFEST), manifest.model_dump_json(indent=2) + "\n")
    return unmatched


def mixed_inputs(ws: Workspace, lang: Lang) -> InputProblem | None:
    """The report step's note when results.json and check.json are not of one complete run."""
    manifest = read_manifest(ws)
    if manifest is None:
        return None
    known = {entry.file: entry for entry in manifest.outputs}
    runs: set[str | None] = set()
    for name in (RESULTS_JSON, CHECK_JSON):
        path, entry = output(ws, name), known.get(name)
        if not path.is_file():
            continue
        if entry is None or entry.sha256 != _sha256(path):
            runs.add(None)
        else:
            runs.add(entry.run)
    if len(runs) <= 1 and None not in runs:
        return None
    message = M_MIXED_INPUTS.format(
        lang, files=f"{RESULTS_JSON}, {CHECK_JSON}", manifest=MANIFEST, workspace=str(ws.root)
    )
    return InputProblem(
        code=M_MIXED_INPUTS.code, severity="warning", file=RESULTS_JSON, message=message
    )


def mixed_line(ws: Workspace, unmatched: list[str], lang: Lang) -> str:
    """The one warning line naming the unmatched outputs."""
    shown = ", ".join(unmatched[:5]) + (", …" if len(unmatched) > 5 else "")
    return M_MIXED.format(
        lang, count=len(unmatched), folder=str(ws.outputs), files=shown, workspace=str(ws.root)
    )


def _outputs(folder: Path) -> set[Path]:
    """Every output file under the folder: not the manifest, not a temporary."""
    if not folder.is_dir():
        return set()
    return {
        p
        for p in folder.rglob("*")
        if p.is_file() and p.name != MANIFEST and TEMP_MARK not in p.name
    }


def _name(folder: Path, path: Path) -> str:
    return path.relative_to(folder).as_posix()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
