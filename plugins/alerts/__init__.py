"""Urgent alerts: an OASIS CAP 1.2 message for every darurat bulletin and an Atom index.

Writes `<bulletin URL>alert.cap.xml` for each published darurat bulletin: an Alert, an
Update after each public change note (referencing every earlier message) or a Cancel once
the bulletin is withdrawn, with identifiers that are stable across rebuilds. Each kecamatan
is one `area` with its official code and, when the office provides kecamatan boundaries
(`data/kecamatan.geojson`), its outline as CAP polygons within a point budget (shapes.py).
A drill (`test: ya`) gets a message with status Test and identifiers marked `-UJI`, and
never enters the index. Writes `feeds/alerts.atom.xml` listing the alerts that are current
(expired and cancelled ones leave it), as alert hubs consume them. `channel_test` makes the
Test message of `invoke alert-test`, which belongs to no bulletin.

Settings (declared in settings.SETTINGS): ALERTS_SENDER, ALERTS_SENDER_NAME, ALERTS_CONTACT,
ALERTS_CATEGORIES (topic -> CAP category), ALERTS_DEFAULT_CATEGORY, ALERTS_RESPONSE_TYPES
(topic -> responseType), ALERTS_DEFAULT_RESPONSE_TYPE, ALERTS_URGENCY, ALERTS_SEVERITY,
ALERTS_CERTAINTY, ALERTS_GEOCODE_NAME, ALERTS_INSTRUCTION_HEADINGS, ALERTS_DEFAULT_INSTRUCTION,
ALERTS_BOUNDARIES_FILE, ALERTS_BOUNDARIES_CODE_PROPERTY, ALERTS_POLYGON_MAX_POINTS,
ALERTS_FILENAME, ALERTS_INDEX_SAVE_AS.
"""

from .generator import register
from .settings import SETTINGS

__all__ = ["SETTINGS", "register"]
