"""The templates step: one self-assessment workbook per unit of the workspace."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from par_index.errors import ConfigError
from par_index.i18n import Message
from par_index.pipeline.load import load_inputs
from par_index.units import Unit
from par_index.workbook.template import TemplateContext, write_templates
from par_index.workspace import Workspace

M_NO_UNIT = Message(
    "cli.templates.no-unit",
    "không có đơn vị '{unit}' trong {file} (có: {known}). Hãy kiểm tra mã đơn vị.",
    "there is no unit '{unit}' in {file} (known: {known}). Check the unit code.",
)


def make_templates(
    ws: Workspace, codes: Sequence[str] = (), folder: Path | None = None
) -> list[tuple[Unit, Path]]:
    """Write the workbook of every unit (or of the units ``codes`` names) into ``folder``
    (default: the workspace's templates folder); each unit with its file."""
    inputs = load_inputs(ws, scoring=False)
    units = _chosen(ws, list(inputs.units), codes)
    target = folder or ws.path(ws.config.paths.templates)
    context = template_context(ws)
    made: dict[str, Path] = {}
    for _group, own in inputs.by_group():  # each unit's workbook from its group's set
        mine = [u for u in units if own.unit(u.code) is not None]
        paths = write_templates(target, own.cs, mine, context) if mine else []
        made.update((u.code, path) for u, path in zip(mine, paths, strict=True))
    return [(u, made[u.code]) for u in units]


def template_context(ws: Workspace) -> TemplateContext:
    """What the templates say besides the criteria, from par-index.yaml."""
    config = ws.config
    return TemplateContext(
        period=config.period,
        deadline=config.deadlines.self_assessment,
        contact=config.contact,
        producer=config.producer,
        title=config.title,
    )


def _chosen(ws: Workspace, units: list[Unit], codes: Sequence[str]) -> list[Unit]:
    if not codes:
        return units
    known = {u.code: u for u in units}
    for code in codes:
        if code not in known:
            file = ws.path(ws.config.units)
            raise ConfigError(M_NO_UNIT, unit=code, file=str(file), known=", ".join(known))
    return [u for u in units if u.code in set(codes)]
