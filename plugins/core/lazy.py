"""Attributes of a bulletin computed on first read.

Plugins attach what templates show (link previews, the re-post kit, the embed card) to
every bulletin. Most pages of a large site come unchanged from the page cache, and then
nothing reads those values; computing them only when read saves that work.
"""

from __future__ import annotations

from collections.abc import Callable


class _Lazy:
    """A non-data descriptor: once computed, the value sits in the instance's own
    `__dict__` and shadows it, so later reads cost what a plain attribute costs."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        compute = instance.__dict__.get("_lazy_attributes", {}).get(self.name)
        if compute is None:
            raise AttributeError(self.name)
        value = instance.__dict__[self.name] = compute(instance)
        return value


def attach_lazy(article, name: str, compute: Callable[[object], object]) -> None:
    """Make `article.<name>` read as `compute(article)`, computed the first time it is read."""
    cls = type(article)
    if not isinstance(cls.__dict__.get(name), _Lazy):
        setattr(cls, name, _Lazy(name))
    article.__dict__.setdefault("_lazy_attributes", {})[name] = compute
    article.__dict__.pop(name, None)
