"""Urgent alerts: an OASIS CAP 1.2 message for every darurat bulletin and an Atom index.

Writes `<bulletin URL>alert.cap.xml` for each published darurat bulletin: an Alert, an
Update after each public change note (referencing every earlier message) or a Cancel once
the bulletin is withdrawn, with identifiers that are stable across rebuilds. Writes
`feeds/alerts.atom.xml` listing the alerts that are current (expired and cancelled ones
leave it), as alert hubs consume them.

Settings (declared in settings.SETTINGS): ALERTS_SENDER, ALERTS_SENDER_NAME, ALERTS_CONTACT,
ALERTS_CATEGORIES (topic -> CAP category), ALERTS_DEFAULT_CATEGORY, ALERTS_URGENCY,
ALERTS_SEVERITY, ALERTS_CERTAINTY, ALERTS_GEOCODE_NAME, ALERTS_INSTRUCTION_HEADINGS,
ALERTS_FILENAME, ALERTS_INDEX_SAVE_AS.
"""

from .generator import register
from .settings import SETTINGS

__all__ = ["SETTINGS", "register"]
