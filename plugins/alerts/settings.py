"""Settings of the alerts plugin, declared once for the registry."""

from __future__ import annotations

from warta.core.registry import Setting, accept, anything, is_relative_path, matching, whole

from .cap import CATEGORIES, CERTAINTIES, RESPONSE_TYPES, SEVERITIES, URGENCIES


def one_of(choices):
    return accept(lambda value: value in choices, f"use one of: {', '.join(choices)}")


def text(allowed: str):
    return accept(lambda value: isinstance(value, str) and bool(value.strip()), allowed)


_response_types = accept(lambda value: isinstance(value, dict) and all(r in RESPONSE_TYPES for r in value.values()),
                         f"map topics to: {', '.join(RESPONSE_TYPES)}")
_categories = accept(lambda value: isinstance(value, dict) and all(c in CATEGORIES for c in value.values()),
                     f"map topics to: {', '.join(CATEGORIES)}")


SETTINGS = (
    Setting("ALERTS_SENDER", "diskominfo@karawangkab.go.id",
            matching(r"[^\s,<&]+", "use an address without spaces, commas, < or &"),
            "The CAP sender, an address that names the office."),
    Setting("ALERTS_SENDER_NAME", None, anything, "The CAP senderName and the index feed's author; None takes AUTHOR."),
    Setting("ALERTS_CONTACT", "Call Center 112 Kabupaten Karawang", text("use a line residents can call, e.g. 'Call Center 112'"),
            "The CAP contact line residents can call."),
    Setting("ALERTS_CATEGORIES", {"Banjir": "Met", "Cuaca": "Met", "Gempa": "Geo", "Longsor": "Geo",
                                  "Kebakaran": "Fire", "COVID-19": "Health", "Kesehatan": "Health",
                                  "Vaksinasi": "Health", "Lalu Lintas": "Transport"},
            _categories, "Topic -> CAP category; the first topic of a bulletin found here decides."),
    Setting("ALERTS_DEFAULT_CATEGORY", "Safety", one_of(CATEGORIES), "The CAP category when no topic is mapped."),
    Setting("ALERTS_RESPONSE_TYPES", {}, _response_types,
            "Topic -> CAP responseType (e.g. {'Banjir': 'Evacuate'}); the first topic of a bulletin found here decides."),
    Setting("ALERTS_DEFAULT_RESPONSE_TYPE", "Monitor", one_of(RESPONSE_TYPES),
            "The CAP responseType when no topic is mapped (a Cancel is always None)."),
    Setting("ALERTS_URGENCY", "Immediate", one_of(URGENCIES), "The CAP urgency of a current alert (an expired one is Past)."),
    Setting("ALERTS_SEVERITY", "Severe", one_of(SEVERITIES), "The CAP severity of every alert."),
    Setting("ALERTS_CERTAINTY", "Observed", one_of(CERTAINTIES), "The CAP certainty of every alert."),
    Setting("ALERTS_GEOCODE_NAME", "KODE_WILAYAH_KEMENDAGRI", anything, "The valueName of each area's geocode."),
    Setting("ALERTS_INSTRUCTION_HEADINGS", ("Lakukan", "Yang harus", "Imbauan", "Langkah", "Instruksi"), anything,
            "Headings whose section becomes the CAP instruction (else the first list)."),
    Setting("ALERTS_DEFAULT_INSTRUCTION", "Baca keterangan lengkap di halaman buletin dan ikuti arahan petugas.",
            text("use one sentence telling residents what to do"),
            "The CAP instruction of a bulletin with neither an instruction heading nor a list."),
    Setting("ALERTS_BOUNDARIES_FILE", "data/kecamatan.geojson", accept(is_relative_path, "use a path relative to the project folder"),
            "GeoJSON of the kecamatan boundaries, relative to the project folder; when present each CAP area gets polygons."),
    Setting("ALERTS_BOUNDARIES_CODE_PROPERTY", "code", text("name the property that holds the kecamatan code"),
            "The GeoJSON feature property holding the Kemendagri kecamatan code (compared by its digits)."),
    Setting("ALERTS_POLYGON_MAX_POINTS", 100, whole(4, 1000, "use a whole number from 4 to 1000"),
            "The most points one CAP polygon may have (closing point included); outlines are simplified to fit."),
    Setting("ALERTS_FILENAME", "alert.cap.xml", accept(is_relative_path, "use a plain file name"),
            "The CAP file's name beside each darurat bulletin's page."),
    Setting("ALERTS_INDEX_SAVE_AS", "feeds/alerts.atom.xml", accept(is_relative_path, "use a site-relative path"),
            "The Atom index of current alerts."),
)  # fmt: skip
