"""Settings of the repost_kit plugin: defaults, validation and the frozen `Config`."""

from __future__ import annotations

from dataclasses import dataclass

from warta.core.settings import SettingsError

from .links import NETWORKS

DEFAULTS = {
    # Share links in the order shown; any of NETWORKS.
    "REPOST_KIT_NETWORKS": ("whatsapp", "telegram", "facebook", "x", "line"),
    # Longest WhatsApp text, in characters; the summary is shortened to fit.
    "REPOST_KIT_WHATSAPP_MAX": 700,
}


@dataclass(frozen=True)
class Config:
    networks: tuple[str, ...]
    whatsapp_max: int


def setting(settings, key: str):
    return settings.get(key, DEFAULTS[key])


def config_from(settings) -> Config:
    networks = setting(settings, "REPOST_KIT_NETWORKS")
    known = ", ".join(NETWORKS)
    if not isinstance(networks, (list, tuple)) or not all(n in NETWORKS for n in networks):
        raise SettingsError("REPOST_KIT_NETWORKS", networks, f"use a list of: {known}")
    limit = setting(settings, "REPOST_KIT_WHATSAPP_MAX")
    if not isinstance(limit, int) or isinstance(limit, bool) or not 300 <= limit <= 4096:
        raise SettingsError("REPOST_KIT_WHATSAPP_MAX", limit, "use a whole number from 300 to 4096")
    return Config(tuple(networks), limit)
