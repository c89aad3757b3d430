"""Settings of the alerts plugin, declared once for the registry."""

from __future__ import annotations

from warta.core.registry import Setting, accept, anything, is_relative_path, matching

from .cap import CATEGORIES, CERTAINTIES, SEVERITIES, URGENCIES


def one_of(choices):
    return accept(lambda value: value in choices, f"use one of: {', '.join(choices)}")


_categories = accept(lambda value: isinstance(value, dict) and all(c in CATEGORIES for c in value.values()),
                     f"map topics to: {', '.join(CATEGORIES)}")


SETTINGS = (
    Setting("ALERTS_SENDER", "diskominfo@karawangkab.go.id",
            matching(r"[^ ,<&]+", "use an address without spaces, commas, < or &"),
            "The CAP sender, an address that names the office."),
    Setting("ALERTS_SENDER_NAME", None, anything, "The CAP senderName and the index feed's author; None takes AUTHOR."),
    Setting("ALERTS_CONTACT", "Call Center 112 Kabupaten Karawang", anything, "The CAP contact line residents can call."),
    Setting("ALERTS_CATEGORIES", {"Banjir": "Met", "Cuaca": "Met", "Gempa": "Geo", "Longsor": "Geo",
                                  "Kebakaran": "Fire", "COVID-19": "Health", "Kesehatan": "Health",
                                  "Vaksinasi": "Health", "Lalu Lintas": "Transport"},
            _categories, "Topic -> CAP category; the first topic of a bulletin found here decides."),
    Setting("ALERTS_DEFAULT_CATEGORY", "Safety", one_of(CATEGORIES), "The CAP category when no topic is mapped."),
    Setting("ALERTS_URGENCY", "Immediate", one_of(URGENCIES), "The CAP urgency of a current alert (an expired one is Past)."),
    Setting("ALERTS_SEVERITY", "Severe", one_of(SEVERITIES), "The CAP severity of every alert."),
    Setting("ALERTS_CERTAINTY", "Observed", one_of(CERTAINTIES), "The CAP certainty of every alert."),
    Setting("ALERTS_GEOCODE_NAME", "KODE_WILAYAH_KEMENDAGRI", anything, "The valueName of each area's geocode."),
    Setting("ALERTS_INSTRUCTION_HEADINGS", ("Lakukan", "Yang harus", "Imbauan", "Langkah", "Instruksi"), anything,
            "Headings whose section becomes the CAP instruction (else the first list)."),
    Setting("ALERTS_FILENAME", "alert.cap.xml", accept(is_relative_path, "use a plain file name"),
            "The CAP file's name beside each darurat bulletin's page."),
    Setting("ALERTS_INDEX_SAVE_AS", "feeds/alerts.atom.xml", accept(is_relative_path, "use a site-relative path"),
            "The Atom index of current alerts."),
)  # fmt: skip
