"""Whose file is it, and which one counts for each unit: decided from the file's name and its
hidden unit code together, across all the files of a batch, never from the order of the names.
The one place this rule lives (docs/method.md, "Which file counts for a unit").

- The file name names a unit (``UnitCheck.named``: its leading code, else the one code it
  carries) and the workbook carries a hidden unit code (``UnitCheck.coded``). A file is a
  unit's own when both name that unit, or one does and the other names no unit of the list
  (a missing or unknown code gets ``wrong-unit``).
- A file whose name names one unit and whose hidden code another is *disputed*: it counts for
  no one, so it never takes over a unit that has its own file. The sender (by name) is told
  ``disputed-file``; the owner (by code) ``code-in-other-file`` when it has files of its own,
  else ``only-in-other-file``.
- Of a unit's readable own files the newest counts: by received time (the file's
  modification time in the submissions folder, to the second), then by the submission date
  the workbook declares. Files still equal get ``same-time-files`` and none counts. The older
  files get ``superseded-file`` in place of their findings and are never scored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from par_index.check import catalogue as c
from par_index.check.checks.base import emit
from par_index.check.context import CheckContext
from par_index.check.finding import Finding
from par_index.check.outcome import EvidenceDigest, UnitCheck
from par_index.i18n import Lang, Message
from par_index.numbers import shown_date
from par_index.results import FileVersion, SetAside
from par_index.units import Unit

SUPERSEDED, SAME_TIME, DISPUTED, UNREADABLE = "superseded", "same-time", "disputed", "unreadable"
"""Why a file of a unit is set aside (``SetAside.reason``)."""
REASONS = {
    SUPERSEDED: Message("attribution.superseded", "đã có bản mới hơn", "a newer file counts"),
    SAME_TIME: Message(
        "attribution.same-time", "nhận cùng lúc với tệp khác", "received with another file"
    ),
    DISPUTED: Message(
        "attribution.disputed", "tên tệp và mã đơn vị không khớp", "name and unit code disagree"
    ),
    UNREADABLE: Message("attribution.unreadable", "không đọc được", "cannot be read"),
}
"""The words of each reason, shown by the feedback page and the report."""
L_SCORED = Message("attribution.scored", "Tệp được chấm", "File scored")
L_SET_ASIDE = Message("attribution.set-aside", "Tệp không chấm", "Files not scored")
L_NONE = Message("attribution.none", "không có", "none")


V_RECEIVED = Message(
    "attribution.version-received",
    "phiên bản {version}, nhận lúc {time} ngày {date}",
    "version {version}, received at {time} on {date}",
)
V_VERSION = Message("attribution.version", "phiên bản {version}", "version {version}")


def scored_text(file: str, version: FileVersion | None, lang: Lang | str | None = None) -> str:
    """The file scored for a unit, with its version once the unit has sent more than one, or
    when ``par-index receive`` recorded when it arrived: "file (phiên bản 2, nhận lúc …)"."""
    if version is None or version.version is None:
        return file
    if version.received is not None:
        local = version.received.astimezone()
        note = V_RECEIVED.format(
            lang, version=version.version, time=f"{local:%H:%M}", date=shown_date(local.date())
        )
    elif version.version > 1:
        note = V_VERSION.format(lang, version=version.version)
    else:
        return file
    return f"{file} ({note})"


def set_aside_text(files: list[SetAside], lang: Lang | str | None = None) -> str:
    """ "file (why); file (why)" in ``lang``."""
    return "; ".join(f"{one.file} ({REASONS[one.reason].format(lang)})" for one in files)


@dataclass
class Attribution:
    """A batch's files decided: the checks (a superseded file's findings replaced by its one
    note), the findings of the decision, and per unit the file that counts and those set
    aside."""

    checks: list[UnitCheck]
    findings: list[Finding] = field(default_factory=list)
    scored: dict[str, str] = field(default_factory=dict)
    """Unit code -> the one file that counts for it."""
    set_aside: dict[str, list[SetAside]] = field(default_factory=dict)
    """Unit code -> its files that do not count, with why (by file name)."""


def attribute(checks: list[UnitCheck], units: list[Unit], ctx: CheckContext) -> Attribution:
    """Decide every file of a batch (see the module's rule)."""
    known = {u.code: u for u in units}
    out = Attribution(list(checks))
    own: dict[str, list[UnitCheck]] = {}
    disputed = []
    for check in checks:
        if check.ignored:
            continue
        if disputed_owner(check, known) is not None:
            disputed.append(check)
        elif check.unit is not None:
            own.setdefault(check.unit, []).append(check)
        if check.readable:
            out.findings.extend(_code_problems(check, known, ctx))
    superseded: dict[str, Finding] = {}
    for code, files in own.items():
        superseded |= _choose(code, files, out, ctx)
    for check in disputed:
        _dispute(check, known, own, out, ctx)
    apart = {check.file for check in disputed}
    out.checks = [_set_aside_check(check, superseded, apart) for check in checks]
    out.findings += superseded.values()
    for aside in out.set_aside.values():
        aside.sort(key=lambda one: one.file)
    return out


def disputed_owner(check: UnitCheck, known: dict[str, Unit]) -> Unit | None:
    """The unit a file's hidden code names when its name names another unit of the list."""
    owner = known.get(check.coded or "")
    if owner is None or check.named is None or check.named == owner.code:
        return None
    return owner


def owner(check: UnitCheck, known: dict[str, Unit]) -> str | None:
    """The unit a file is one of the own files of (the rule above, one file at a time): None
    for an ignored file, a disputed one, or one naming no unit of the list. The received log
    numbers a unit's versions by it."""
    if check.ignored or disputed_owner(check, known) is not None:
        return None
    return check.unit if check.unit in known else None


def _code_problems(check: UnitCheck, known: dict[str, Unit], ctx: CheckContext) -> list[Finding]:
    """A readable file without a unit code, or with a code not in the units list."""
    detail: Message | str
    if not check.coded:
        detail = c.D_NO_UNIT
    elif check.coded not in known:
        detail = c.D_UNKNOWN_UNIT.format(ctx.lang, found=check.coded)
    else:
        return []
    return [emit(c.WRONG_UNIT, ctx, check.unit, check.file, detail=detail)]


def _choose(
    code: str, files: list[UnitCheck], out: Attribution, ctx: CheckContext
) -> dict[str, Finding]:
    """The file that counts for a unit among its own; the superseded ones' notes by file."""
    for check in files:
        if not check.readable:
            _set_aside(out, code, check.file, UNREADABLE)
    readable = [check for check in files if check.readable]
    if not readable:
        return {}
    newest = max(_order(check) for check in readable)
    top = [check for check in readable if _order(check) == newest]
    if len(top) == 1:
        out.scored[code] = top[0].file
    else:
        names = ", ".join(sorted(check.file for check in top))
        for check in top:
            _set_aside(out, code, check.file, SAME_TIME)
            out.findings.append(
                emit(c.SAME_TIME_FILES, ctx, code, check.file, count=len(top), files=names)
            )
    notes = {}
    for check in readable:
        if check not in top:
            _set_aside(out, code, check.file, SUPERSEDED)
            notes[check.file] = _superseded_note(check, top, code, ctx)
    return notes


def _order(check: UnitCheck) -> tuple[float, int]:
    """Newer is larger: received time, then the declared submission date (missing: oldest)."""
    received = check.received.timestamp() if check.received else float("-inf")
    return received, check.declared.toordinal() if check.declared else 0


def _superseded_note(
    check: UnitCheck, newer: list[UnitCheck], code: str, ctx: CheckContext
) -> Finding:
    by_time = all(one.received and one.received != check.received for one in newer)
    return emit(
        c.SUPERSEDED_FILE,
        ctx,
        code,
        check.file,
        when=_when(check, by_time, ctx),
        newer=", ".join(sorted(one.file for one in newer)),
        newer_when=_when(newer[0], by_time, ctx),
    )


def _when(check: UnitCheck, by_time: bool, ctx: CheckContext) -> str:
    if by_time and check.received is not None:
        local = check.received.astimezone()
        return c.D_RECEIVED.format(ctx.lang, time=f"{local:%H:%M:%S} {shown_date(local.date())}")
    date = shown_date(check.declared) if check.declared else "?"
    return c.D_DECLARED.format(ctx.lang, date=date)


def _set_aside_check(
    check: UnitCheck, superseded: dict[str, Finding], disputed: set[str]
) -> UnitCheck:
    """An older file of a unit, or one whose name and code disagree, counts for no one: its own
    findings give way to the one that says so, and it is compared with no other file."""
    if check.file in superseded or check.file in disputed:
        return check.model_copy(update={"findings": [], "digest": EvidenceDigest()})
    return check


def _dispute(
    check: UnitCheck,
    known: dict[str, Unit],
    own: dict[str, list[UnitCheck]],
    out: Attribution,
    ctx: CheckContext,
) -> None:
    """A file named for one unit carrying another's code: each is told, neither counts it."""
    owner = known[check.coded or ""]
    sender = check.named or ""
    mine = ", ".join(sorted(one.file for one in own.get(owner.code, [])))
    detail = c.D_OWNER_HAS_FILE.format(ctx.lang, owner=owner.code, own=mine)
    file, code = check.file, owner.code
    why = detail if mine else c.D_OWNER_UNSURE
    out.findings += [
        emit(c.DISPUTED_FILE, ctx, sender, file, sender=sender, owner=code, owner_name=owner.name,
             detail=why),
        emit(c.CODE_IN_OTHER_FILE, ctx, code, file, sender=sender, owner=code, own=mine)
        if mine
        else emit(c.ONLY_IN_OTHER_FILE, ctx, code, file, sender=sender, owner=code,
                  name=owner.name),
    ]  # fmt: skip
    _set_aside(out, sender, check.file, DISPUTED)
    _set_aside(out, owner.code, check.file, DISPUTED)


def _set_aside(out: Attribution, code: str, file: str, reason: str) -> None:
    out.set_aside.setdefault(code, []).append(SetAside(file=file, reason=reason))


def received_time(mtime: float) -> dt.datetime:
    """A file's modification time as its received time: UTC, to the second."""
    return dt.datetime.fromtimestamp(int(mtime), dt.UTC)
