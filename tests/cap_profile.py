"""The CAP 1.2 rules alert aggregators apply beyond the OASIS schema, as one test profile.

Ported from Google's CAP library (github.com/google/cap-library, Java, Apache 2.0): the
errors and recommendations of `profile/GoogleProfile.java` (the Google Public Alerts
profile), the checks of `CapValidator.java`, and the patterns its extended schema
(`schema/cap12_extended.xsd`) adds to the OASIS one. Recommendations Google only reports
(senderName, responseType, instruction, contact, headline length, ...) are rules here: IFRC's
Alert Hub and filtered-alert-hub drop or mangle alerts without them. Stricter than Google in
two places, as the office's alerts can afford it: a time must carry the office's own offset
(no `Z`, no `-00:00`/`+00:00`), and `<status>Test</status>` is allowed (Google skips such
messages, which is what a drill wants) only with the drill mark in the identifier and a note.

`violations(xml)` returns one `rule: what is wrong` line per problem, [] for a good message.
It does not replace the schema: tests validate against the OASIS XSD as well.
"""

from __future__ import annotations

import re
from datetime import datetime

from lxml import etree

NS = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}
HEADLINE_MAX = 140  # Google: "Headline should be less than 140 characters"
POLYGON_MAX_POINTS = 100  # Warta's point budget (ALERTS_POLYGON_MAX_POINTS)
DRILL_MARK = "UJI"

# cap12_extended.xsd: identifiers and senders without whitespace, commas, '<' or '&'.
TOKEN = r"[^\s,&<]+"
TIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d"
REFERENCE = re.compile(rf"({TOKEN}),({TOKEN}),({TIME})")
CIRCLE = re.compile(r"\s*([+-]?\d{0,2}\.?\d*),([+-]?\d{0,3}\.?\d*)\s([+]?\d*\.?\d*)\s*")
LANGUAGE = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")  # RFC 3066
NUMBER = re.compile(r"^[+-]?\d+(\.\d{1,6})?$")  # at most 6 decimals
HTML_TAG = re.compile(r"<([^\s>]+)(.*?)>")
HTML_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
MIME_TOPS = ("application", "audio", "image", "message", "model", "multipart", "text", "video")
TIME_FIELDS = ("effective", "onset", "expires")
TEXT_FIELDS = ("event", "senderName", "headline", "description", "instruction", "contact", "areaDesc", "note")


def _text(element, path: str) -> str | None:
    found = element.find(path, NS)
    return None if found is None or found.text is None else found.text


def _all(element, path: str) -> list[str]:
    return [found.text or "" for found in element.findall(path, NS)]


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


def _time(value: str | None) -> datetime | None:
    if value is None or not re.fullmatch(TIME, value.strip()):
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def _time_problems(name: str, value: str | None) -> list[str]:
    if value is None:
        return []
    if re.search(r"(Z|[-+]00:00)$", value.strip()):
        return [f"time-local-offset: <{name}> {value} is in UTC; give the office's own offset, e.g. +07:00"]
    if _time(value) is None:
        return [f"time-form: <{name}> {value!r} is not like 2021-02-20T06:15:00+07:00"]
    return []


def _points(polygon: str) -> list[tuple[str, str]] | None:
    pairs = [pair.split(",") for pair in polygon.split()]
    return [tuple(pair) for pair in pairs] if all(len(pair) == 2 for pair in pairs) else None  # type: ignore[misc]


def _crosses(a, b, c, d) -> bool:
    """Whether segment ab meets segment cd (lat, lon taken as plane coordinates, as Google's
    validator does)."""

    def side(p, q, r):
        value = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
        return (value > 0) - (value < 0)

    def between(p, q, r):
        return min(p[0], q[0]) <= r[0] <= max(p[0], q[0]) and min(p[1], q[1]) <= r[1] <= max(p[1], q[1])

    s1, s2, s3, s4 = side(a, b, c), side(a, b, d), side(c, d, a), side(c, d, b)
    if s1 != s2 and s3 != s4:
        return True
    return any(s == 0 and between(p, q, r) for s, p, q, r in ((s1, a, b, c), (s2, a, b, d), (s3, c, d, a), (s4, c, d, b)))


def _self_intersection(points: list[tuple[float, float]]) -> str | None:
    """Google's O(n^2) check: two non-adjacent edges of the ring must not meet."""
    edges = [(points[i], points[i + 1]) for i in range(len(points) - 1) if points[i] != points[i + 1]]
    for i in range(len(edges)):
        for j in range(i + 2, len(edges)):
            if i == 0 and j == len(edges) - 1:
                continue  # the first and last edges share the closing point
            if _crosses(*edges[i], *edges[j]):
                return f"{edges[i][0]}->{edges[i][1]} and {edges[j][0]}->{edges[j][1]}"
    return None


def _polygon_problems(where: str, polygon: str, max_points: int) -> list[str]:
    points = _points(polygon)
    shown = polygon if len(polygon) <= 50 else polygon[:47] + "..."
    if points is None or len(points) < 4 or any(not (NUMBER.match(a) and NUMBER.match(b)) for a, b in points):
        if points and any(re.match(r"^[+-]?\d+\.\d{7,}$", part) for pair in points for part in pair):
            return [f"polygon-decimals: {where} has coordinates with more than 6 decimals"]
        return [f"polygon-form: {where} {shown!r} is not at least four 'lat,lon' pairs separated by spaces"]
    problems = []
    numbers = [(float(a), float(b)) for a, b in points]
    if any(not (-90 <= lat <= 90 and -180 <= lon <= 180) for lat, lon in numbers):
        problems.append(f"polygon-range: {where} has a latitude beyond ±90 or a longitude beyond ±180")
    if numbers[0] != numbers[-1]:
        problems.append(f"polygon-closed: {where} does not end at its first point")
    elif crossing := _self_intersection(numbers):
        problems.append(f"polygon-self-intersection: {where} has edges that cross: {crossing}")
    if len(points) > max_points:
        problems.append(f"polygon-points: {where} has {len(points)} points, more than {max_points}")
    return problems


def violations(xml: bytes | str, require_shapes: bool = False, max_points: int = POLYGON_MAX_POINTS) -> list[str]:
    """Every way `xml` breaks the profile. `require_shapes`: each area needs a polygon or a
    circle (Google "encourages" them; a site with kecamatan boundaries always has them)."""
    root = etree.fromstring(xml.encode() if isinstance(xml, str) else xml)
    if root.tag != f"{{{NS['cap']}}}alert":
        return [f"not-cap: the root element is {root.tag}, not a CAP 1.2 alert"]
    problems: list[str] = []
    identifier, sender, sent = _text(root, "cap:identifier"), _text(root, "cap:sender"), _text(root, "cap:sent")
    status, msg_type, scope = _text(root, "cap:status"), _text(root, "cap:msgType"), _text(root, "cap:scope")

    # The message
    for name, value in (("identifier", identifier), ("sender", sender)):
        if value is None or not re.fullmatch(TOKEN, value):
            problems.append(f"{name}-form: <{name}> {value!r} must not be empty or hold spaces, commas, < or &")
    problems += _time_problems("sent", sent)
    if _text(root, "cap:restriction") and scope != "Restricted":
        problems.append("restriction-scope: <restriction> is only for scope Restricted")
    note = _text(root, "cap:note")
    if status == "Test" and (DRILL_MARK not in (identifier or "").split("-") or _blank(note)):
        problems.append(f"test-marked: a Test message needs '-{DRILL_MARK}' in its identifier and a <note>")
    if status != "Test" and DRILL_MARK in (identifier or "").split("-"):
        problems.append(f"test-marked: only a Test message has '-{DRILL_MARK}' in its identifier")

    references = _text(root, "cap:references")
    if msg_type in ("Update", "Cancel") and _blank(references):
        problems.append(f"references-required: an {msg_type} must reference the messages it updates or cancels")
    for reference in (references or "").split():
        match = REFERENCE.fullmatch(reference)
        if match is None:
            problems.append(f"references-form: {reference!r} is not a sender,identifier,sent triple")
            continue
        problems += [p.replace("<sent>", "<references> sent") for p in _time_problems("sent", match[3])]
        if match[2] == identifier:
            problems.append(f"references-circular: {reference!r} names the message itself")
        when, now = _time(match[3]), _time(sent)
        if when and now and when > now:
            problems.append(f"references-postdated: {reference!r} was sent after this message")

    # The info blocks
    infos = root.findall("cap:info", NS)
    if not infos:
        problems.append("info-required: at least one <info> must be present")
    categories = event_codes = None
    events: dict[str, str] = {}
    for number, info in enumerate(infos, 1):
        where = f"info[{number}]"
        cats = set(_all(info, "cap:category"))
        codes = {(_text(c, "cap:valueName"), _text(c, "cap:value")) for c in info.findall("cap:eventCode", NS)}
        if categories is not None and cats != categories:
            problems.append(f"categories-match: {where} has other <category> values than info[1]")
        if event_codes is not None and codes != event_codes:
            problems.append(f"event-codes-match: {where} has other <eventCode> values than info[1]")
        categories, event_codes = cats, codes
        language = (_text(info, "cap:language") or "en-US").strip()
        if not LANGUAGE.match(language):
            problems.append(f"language-form: {where} <language> {language!r} is not an RFC 3066 tag")
        event = _text(info, "cap:event") or ""
        if language in events and events[language] != event:
            problems.append(f"events-match: {where} has another <event> than the earlier info in {language}")
        events.setdefault(language, event)

        for field in ("description", "web", "expires", "senderName", "instruction", "contact"):
            if _blank(_text(info, f"cap:{field}")):
                problems.append(f"{field}-required: {where} has no <{field}>")
        for field in ("urgency", "severity", "certainty"):
            value = _text(info, f"cap:{field}")
            if value is None:
                problems.append(f"{field}-required: {where} has no <{field}>")
            elif value == "Unknown":
                problems.append(f"{field}-known: {where} <{field}> is Unknown")
        if not info.findall("cap:responseType", NS):
            problems.append(f"responseType-required: {where} has no <responseType>")
        for field in TIME_FIELDS:
            problems += _time_problems(field, _text(info, f"cap:{field}"))
        start, end = _time(_text(info, "cap:effective") or sent), _time(_text(info, "cap:expires"))
        if start and end and start > end:
            problems.append(f"effective-before-expires: {where} becomes effective after it expires")

        headline, description = _text(info, "cap:headline"), _text(info, "cap:description")
        instruction = _text(info, "cap:instruction")
        if _blank(headline):
            problems.append(f"headline-required: {where} has no <headline>")
        elif len(headline) > HEADLINE_MAX:
            problems.append(f"headline-length: {where} <headline> has {len(headline)} characters, more than {HEADLINE_MAX}")
        if headline and headline == description:
            problems.append(f"headline-description-differ: {where} <description> only repeats the headline")
        if instruction and instruction.strip() and instruction == description:
            problems.append(f"description-instruction-differ: {where} <instruction> only repeats the description")
        web = _text(info, "cap:web")
        if web and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^\s]+$", web):
            problems.append(f"web-absolute: {where} <web> {web!r} is not an absolute URL")

        for r, resource in enumerate(info.findall("cap:resource", NS), 1):
            mime = _text(resource, "cap:mimeType") or ""
            if "/" not in mime or mime.split("/")[0] not in MIME_TOPS:
                problems.append(f"resource-mime: {where}/resource[{r}] <mimeType> {mime!r} is not a media type")
            uri = _text(resource, "cap:uri")
            if uri and "://" not in uri and _blank(_text(resource, "cap:derefUri")):
                problems.append(f"resource-uri: {where}/resource[{r}] has a relative <uri> without <derefUri>")

        areas = info.findall("cap:area", NS)
        if not areas:
            problems.append(f"area-required: {where} has no <area>")
        for a, area in enumerate(areas, 1):
            at = f"{where}/area[{a}]"
            polygons, circles = _all(area, "cap:polygon"), _all(area, "cap:circle")
            geocodes = area.findall("cap:geocode", NS)
            if not (polygons or circles or geocodes):
                problems.append(f"area-shape: {at} has no <polygon>, <circle> or <geocode>")
            if require_shapes and not (polygons or circles):
                problems.append(f"area-polygon: {at} has no <polygon> or <circle>")
            for p, polygon in enumerate(polygons, 1):
                problems += _polygon_problems(f"{at}/polygon[{p}]", polygon, max_points)
            for c, circle in enumerate(circles, 1):
                match = CIRCLE.fullmatch(circle)
                if match is None:
                    problems.append(f"circle-form: {at}/circle[{c}] is not 'lat,lon radius'")
                elif float(match[3] or 0) == 0:
                    problems.append(f"circle-radius: {at}/circle[{c}] has a zero radius")
            for g, geocode in enumerate(geocodes, 1):
                if _blank(_text(geocode, "cap:valueName")) or _blank(_text(geocode, "cap:value")):
                    problems.append(f"geocode-empty: {at}/geocode[{g}] has an empty <valueName> or <value>")
            altitude, ceiling = _text(area, "cap:altitude"), _text(area, "cap:ceiling")
            if ceiling is not None and altitude is None:
                problems.append(f"area-ceiling: {at} has <ceiling> without <altitude>")
            elif ceiling is not None and float(altitude) > float(ceiling):
                problems.append(f"area-ceiling: {at} has <altitude> above <ceiling>")

    # Every text: plain, as CAP 1.2 section 3.3.3 asks
    for field in TEXT_FIELDS:
        for value in _all(root, f".//cap:{field}"):
            if HTML_TAG.search(value):
                problems.append(f"text-html: <{field}> holds HTML tags")
            if HTML_ENTITY.search(value):
                problems.append(f"text-entities: <{field}> holds HTML entities")
    return problems
