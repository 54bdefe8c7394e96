"""The Jinja environment of the report templates (templates/report), loaded once per process:
it depends on nothing a run provides, only on the package's own files."""

from __future__ import annotations

from functools import lru_cache

import jinja2

from par_index.resources import data_dir


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Templates from par_index.resources.data_dir("templates"), autoescaping everything."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
