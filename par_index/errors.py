"""Errors meant for people. Raise these only when work cannot go on; problems in data that the
user should fix are collected as findings or problems instead."""

from __future__ import annotations

from typing import Any

from par_index.i18n import CATALOGUE, Message


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
        fields = {key: _resolve(value, lang) for key, value in self.fields.items()}
        return self.message.format(lang, **fields)

    def __str__(self) -> str:
        return self.render()

    def __reduce__(self) -> tuple[Any, ...]:
        """Picklable (sent back from worker processes): rebuilt from its code and fields."""
        return (_rebuild, (type(self), self.message.code, self.fields), self.__dict__)


def _rebuild(kind: type[ParIndexError], code: str, fields: dict[str, Any]) -> ParIndexError:
    return kind(CATALOGUE[code], **fields)


def _resolve(value: Any, lang: str | None) -> Any:
    """Fields may be a Message, or (Message, fields): rendered in the error's language."""
    if isinstance(value, Message):
        return value.format(lang)
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], Message):
        return value[0].format(lang, **value[1])
    return value


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
