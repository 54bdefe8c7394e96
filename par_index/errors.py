"""Errors meant for people. Raise these only when work cannot go on; problems in data that the
user should fix are collected as findings or problems instead."""

from __future__ import annotations

from typing import Any

from par_index.i18n import Message


class ParIndexError(Exception):
    """Base for every error whose message is shown to a user as it is."""

    def __init__(self, message: Message, /, **fields: Any) -> None:
        self.message = message
        self.fields = fields
        super().__init__(message.code)

    @property
    def code(self) -> str:
        return self.message.code

    def render(self, lang: str | None = None) -> str:
        return self.message.format(lang, **self.fields)

    def __str__(self) -> str:
        return self.render()


class CriteriaError(ParIndexError, ValueError):
    """A criteria file cannot be used; ``problems`` lists every problem found."""

    def __init__(self, message: Message, /, problems: list | None = None, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.problems = problems or []

    def render(self, lang: str | None = None) -> str:
        head = super().render(lang)
        return "\n".join([head, *(p.render(lang) for p in self.problems)])


class ConfigError(ParIndexError, ValueError):
    """A workspace configuration or units file cannot be used."""


class WorkbookError(ParIndexError, ValueError):
    """A workbook cannot be read at all (unsafe, broken, wrong template)."""


class InputFileError(ParIndexError, OSError):
    """An input file is missing or cannot be opened."""
