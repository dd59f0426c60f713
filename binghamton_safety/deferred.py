"""Kept tables refreshed now or once at the end of a batch of writes: the plumbing of the
daily incident counts (`incidents.daily`) and the monthly spending totals
(`funding.monthly`), which each name their own `Deferred`."""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections, transaction


@dataclass(frozen=True)
class Deferred:
    """Keys (days, area-months) whose kept rows `refresh(keys, using)` rewrites. The
    keys of an open batch are collected on the connection, as `attribute`."""

    attribute: str
    refresh: Callable[[set, str], None]

    def changed(self, keys: Iterable, using: str = DEFAULT_DB_ALIAS) -> None:
        """The records of `keys` changed: refresh them now, or at the batch's end."""
        keys = set(keys)
        pending = getattr(connections[using], self.attribute, None)
        if pending is not None:
            pending |= keys
        elif keys:
            self.refresh(keys, using)

    @contextmanager
    def batch(self, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
        """A transaction whose changed keys are refreshed once, together, at its end
        (inside it). Nested batches join the outer one."""
        connection = connections[using]
        if getattr(connection, self.attribute, None) is not None:
            yield
            return
        with transaction.atomic(using=using):
            setattr(connection, self.attribute, set())
            try:
                yield
                keys = getattr(connection, self.attribute)
            finally:
                setattr(connection, self.attribute, None)
            self.refresh(keys, using)
