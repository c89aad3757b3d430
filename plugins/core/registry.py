"""The settings registry's parts, in the spirit of Pelican's `DEFAULT_CONFIG`: a `Setting`
(key, default, check, doc), the small checks plugins build theirs from, `values` that checks
a declaration against a site's settings, and the Markdown of docs/settings.md.

Every plugin declares its settings once, `SETTINGS = (Setting(...), ...)`, and connects them
with `core.settings.declare(SETTINGS)` in its `register()`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from .errors import StaffError


class SettingsError(StaffError, ValueError):
    """A Warta setting has a value the plugin cannot use."""

    def __init__(self, key: str, value, allowed: str):
        super().__init__(f"setting {key} = {value!r} is not allowed; {allowed}")


class Rejected(ValueError):
    """Raised by a check: the value is unusable; the text says what to use instead."""


@dataclass(frozen=True, eq=False)  # eq=False: hashed by identity, defaults may be dicts
class Setting:
    key: str
    default: object
    check: Callable[[object], object]  # returns the value to use, or raises Rejected
    doc: str  # one English sentence for developers


def accept(test: Callable[[object], bool], allowed: str) -> Callable[[object], object]:
    """A check that keeps a value `test` accepts and rejects any other with `allowed`."""

    def check(value):
        if not test(value):
            raise Rejected(allowed)
        return value

    return check


def is_whole(value, low: int | None = None, high: int | None = None) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)
            and (low is None or value >= low) and (high is None or value <= high))  # fmt: skip


def whole(low: int | None, high: int | None, allowed: str) -> Callable[[object], object]:
    return accept(lambda value: is_whole(value, low, high), allowed)


def matching(pattern: str, allowed: str) -> Callable[[object], object]:
    return accept(lambda value: isinstance(value, str) and re.fullmatch(pattern, value) is not None, allowed)


def optional(check: Callable[[object], object]) -> Callable[[object], object]:
    """`check`, but None is allowed too (it turns the feature off or picks the fallback)."""
    return lambda value: None if value is None else check(value)


def anything(value):
    return value


def is_relative_url(value) -> bool:
    return isinstance(value, str) and not value.startswith(("/", "http")) and (not value or value.endswith("/"))


def is_relative_path(value) -> bool:
    return isinstance(value, str) and bool(value) and not value.startswith("/")


# Settings a site may still carry from an older Warta: the setting that replaced each, and
# why a retired one is no longer needed.
REPLACED = {"SHARE_IMAGES_VERIFY_URL": "VERIFICATION_URL"}
RETIRED = {"SHARE_IMAGES_KEEP_VERSIONS": "earlier share images stay published because deploy targets never delete"}


def check_replaced(settings) -> None:
    for old, new in REPLACED.items():
        if old in settings:
            raise SettingsError(old, settings[old], f"the setting was replaced by {new}; set {new} instead")
    for old, why in RETIRED.items():
        if old in settings:
            raise SettingsError(old, settings[old], f"the setting was retired ({why}); remove it")


def values(settings, declared) -> dict:
    """Each declared setting's checked value, its default when the site leaves it unset."""
    check_replaced(settings)
    checked = {}
    for item in declared:
        value = settings.get(item.key, item.default)
        try:
            checked[item.key] = item.check(value)
        except Rejected as why:
            raise SettingsError(item.key, value, str(why)) from None
    return checked


def markdown(groups: dict[str, tuple]) -> str:
    """docs/settings.md: one table per plugin with each setting's default and doc."""
    lines = ["# Settings", "",
             "Every setting Warta reads, with its default. Generated from the settings registry",
             "(`SETTINGS` in each plugin, `warta.core.settings.SETTINGS` for the core) by",
             "`invoke settings --markdown > docs/settings.md`; do not edit by hand.",
             "A value that is not allowed fails the build with",
             "`setting KEY = value is not allowed; use …`."]  # fmt: skip
    for group, declared in groups.items():
        if not declared:
            continue
        lines += ["", f"## `warta.{group}`", "", "| setting | default | what it does |", "|---|---|---|"]
        lines += [f"| `{s.key}` | `{s.default!r}` | {s.doc} |" for s in declared]
    return "\n".join(lines) + "\n"
