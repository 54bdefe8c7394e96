"""One message catalogue for every text a user sees, in Vietnamese (default) and English.

Each message has a stable code; tests assert on codes, never on wording. Modules declare their
messages as module-level ``Message`` constants, which register themselves here.
"""

from __future__ import annotations

import os
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Lang(StrEnum):
    VI = "vi"
    EN = "en"


_lang: ContextVar[Lang | None] = ContextVar("par_index_lang", default=None)
CATALOGUE: dict[str, Message] = {}


def current_lang() -> Lang:
    """The language set by ``use_lang``, else PAR_INDEX_LANG, else Vietnamese."""
    chosen = _lang.get()
    if chosen is not None:
        return chosen
    env = os.environ.get("PAR_INDEX_LANG", "").strip().lower()[:2]
    return Lang.EN if env == "en" else Lang.VI


def chosen_lang() -> Lang | None:
    """The language chosen with ``--lang`` or PAR_INDEX_LANG; None lets a workspace decide."""
    chosen = _lang.get()
    env = os.environ.get("PAR_INDEX_LANG", "").strip().lower()[:2]
    return chosen or (Lang(env) if env in {"vi", "en"} else None)


def use_lang(lang: Lang | str | None) -> None:
    """Set the language for this context (the CLI calls it once from ``--lang``)."""
    _lang.set(Lang(lang) if lang else None)


@dataclass(frozen=True)
class Message:
    """A user-facing text template with a stable code, e.g. ``criteria.duplicate-code``."""

    code: str
    vi: str
    en: str

    def __post_init__(self) -> None:
        if self.code in CATALOGUE and CATALOGUE[self.code] != self:
            raise RuntimeError(f"duplicate message code {self.code}")
        CATALOGUE[self.code] = self

    def format(self, lang: Lang | str | None = None, /, **fields: Any) -> str:
        template = self.en if Lang(lang or current_lang()) == Lang.EN else self.vi
        try:
            return template.format(**fields)
        except (KeyError, IndexError):
            return template


def text(vi: str, en: str | None = None, lang: Lang | str | None = None) -> str:
    """Pick a bilingual pair's text for the current language (English falls back to vi)."""
    if Lang(lang or current_lang()) == Lang.EN and en:
        return en
    return vi
