"""Settings of the repost_kit plugin: declared once, frozen into `Config`."""

from __future__ import annotations

from dataclasses import dataclass

from warta.core.registry import Setting, accept, values, whole

from .links import NETWORKS

SETTINGS = (
    Setting("REPOST_KIT_NETWORKS", ("whatsapp", "telegram", "facebook", "x", "line"),
            accept(lambda v: isinstance(v, (list, tuple)) and all(n in NETWORKS for n in v), f"use a list of: {', '.join(NETWORKS)}"),
            "The share links shown, in this order."),
    Setting("REPOST_KIT_WHATSAPP_MAX", 700, whole(300, 4096, "use a whole number from 300 to 4096"),
            "The longest WhatsApp text in characters; the summary is shortened to fit."),
)  # fmt: skip


@dataclass(frozen=True)
class Config:
    networks: tuple[str, ...]
    whatsapp_max: int


def config_from(settings) -> Config:
    checked = values(settings, SETTINGS)
    return Config(tuple(checked["REPOST_KIT_NETWORKS"]), checked["REPOST_KIT_WHATSAPP_MAX"])
