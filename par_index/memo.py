"""The run-scoped memo: values worth computing once per run (row plans, rule evaluations,
folded texts), kept in one object that a run creates, passes down and drops at its end.

Nothing here is module-level state: two runs in one process share nothing, and a library call
leaves the process as it found it. Every table follows the same eviction rule.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

V = TypeVar("V")

TABLE_LIMIT = 50_000
"""Entries one table keeps before it starts afresh (a 3,321-unit run keeps ~12,000 rule
evaluations; the limit bounds a pathological run, never an ordinary one)."""

_MISSING: Any = object()


class Memo:
    """Named tables of remembered values; ``get`` computes a value once per key."""

    def __init__(self, limit: int = TABLE_LIMIT) -> None:
        self.limit = limit
        self._tables: dict[str, dict[Hashable, Any]] = {}

    def table(self, name: str) -> dict[Hashable, Any]:
        """The table ``name`` (made empty on first use); callers may read it directly."""
        found = self._tables.get(name)
        if found is None:
            found = self._tables[name] = {}
        return found

    def get(self, name: str, key: Hashable, make: Callable[[], V]) -> V:
        """The value remembered for ``key`` in table ``name``, made by ``make()`` the first
        time. Values are shared between callers, who must not change them."""
        table = self.table(name)
        found = table.get(key, _MISSING)
        if found is _MISSING:
            if len(table) >= self.limit:
                table.clear()
            found = table[key] = make()
        return found

    def __eq__(self, other: object) -> bool:
        """Memos hold no data of their own (only what can be computed again): any two are
        equal, so models that carry one compare by their data."""
        return isinstance(other, Memo)

    def __hash__(self) -> int:
        return 0

    def __reduce__(self) -> tuple[type[Memo], tuple[int]]:
        """Pickled empty: a spawned worker fills its own, as a forked one adds to its copy (what
        a memo holds can be computed again, and would grow the pickle of every worker's task)."""
        return (Memo, (self.limit,))

    def sizes(self) -> dict[str, int]:
        """Entries per table (for tests and the benchmark)."""
        return {name: len(table) for name, table in self._tables.items()}


def fresh(memo: Memo | None) -> Memo:
    """``memo``, or a new one that lives as long as the call that asked for it."""
    return memo if memo is not None else Memo()
