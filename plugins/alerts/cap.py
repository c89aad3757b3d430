"""Pure CAP 1.2 builders: the message history of a bulletin and its XML."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bs4 import BeautifulSoup
from lxml import etree

from warta.core.site import absolute

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
CATEGORIES = ("Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env",
              "Transport", "Infra", "CBRNE", "Other")  # fmt: skip
RESPONSE_TYPES = ("Shelter", "Evacuate", "Prepare", "Execute", "Avoid", "Monitor", "Assess", "AllClear", "None")
URGENCIES = ("Immediate", "Expected", "Future", "Past", "Unknown")
SEVERITIES = ("Extreme", "Severe", "Moderate", "Minor", "Unknown")
CERTAINTIES = ("Observed", "Likely", "Possible", "Unlikely", "Unknown")


DRILL_MARK = "UJI"  # in a drill's identifiers, and its headline's prefix
DRILL_NOTE = "LATIHAN / UJI: pesan latihan, bukan keadaan darurat sungguhan; abaikan."


@dataclass(frozen=True)
class Area:
    """One CAP `area`: its description, official code and polygons (none without boundaries)."""

    desc: str
    code: str
    polygons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Message:
    identifier: str
    sent: datetime
    msg_type: str  # Alert, Update or Cancel

    def reference(self, sender: str) -> str:
        return f"{sender},{self.identifier},{cap_time(self.sent)}"


def cap_time(moment: datetime) -> str:
    """CAP wants seconds and a numeric offset: 2021-02-20T06:15:00+07:00."""
    return moment.replace(microsecond=0).isoformat()


def history(bulletin) -> list[Message]:
    """Every message the bulletin has produced, oldest first. The first is the Alert; each
    change note is an Update; a withdrawn bulletin's last message is a Cancel (sent at its
    newest change note, which records the withdrawal, or at `modified`)."""
    moments = [bulletin.date, *sorted(change.date for change in bulletin.changes)]
    # A drill's identifiers carry the mark, so no message of it is ever taken for a real one.
    base = f"{bulletin.code}-{DRILL_MARK}" if bulletin.is_drill else bulletin.code
    messages = [Message(base, bulletin.date, "Alert")]
    messages += [Message(f"{base}-update-{n}", moment, "Update") for n, moment in enumerate(moments[1:], 1)]
    if bulletin.is_withdrawn:
        cancel_time = (bulletin.modified or moments[-1]) if len(moments) > 1 else bulletin.date
        if messages[-1].msg_type == "Update" and messages[-1].sent == cancel_time:
            messages.pop()  # the note that records the withdrawal is the cancellation itself
        messages.append(Message(f"{base}-cancel", cancel_time, "Cancel"))
    return messages


def _lines(element) -> list[str]:
    """One line per list item, or the block's text, with whitespace tidied."""
    items = element.find_all("li") if element.name in ("ol", "ul") else [element]
    return [" ".join(item.get_text(" ").split()) for item in items]


def section_text(content_html: str, headings) -> str | None:
    """The text under the first heading that starts with one of `headings`, else the first
    list: CAP readers show `instruction` as plain lines."""
    soup = BeautifulSoup(content_html, "html.parser")
    for heading in soup.find_all(["h2", "h3"]):
        if heading.get_text().strip().startswith(tuple(headings)):
            lines = []
            for sibling in heading.find_next_siblings():
                if sibling.name in ("h2", "h3"):
                    break
                lines += _lines(sibling)
            return "\n".join(line for line in lines if line) or None
    first_list = soup.find(["ol", "ul"])
    return "\n".join(_lines(first_list)) if first_list else None


def category_of(topics, config) -> str:
    for topic in topics:
        if topic in config["ALERTS_CATEGORIES"]:
            return config["ALERTS_CATEGORIES"][topic]
    return config["ALERTS_DEFAULT_CATEGORY"]


def response_type_of(topics, config) -> str:
    for topic in topics:
        if topic in config["ALERTS_RESPONSE_TYPES"]:
            return config["ALERTS_RESPONSE_TYPES"][topic]
    return config["ALERTS_DEFAULT_RESPONSE_TYPE"]


def areas_of(bulletin, regency, boundaries=None) -> tuple[Area, ...]:
    return areas_for(bulletin.areas, bulletin.whole_regency, regency, boundaries)


def areas_for(areas, whole: bool, regency, boundaries=None) -> tuple[Area, ...]:
    """One `area` per kecamatan, or one for the whole regency (its code; the union of every
    kecamatan's outline as its shape). Polygons only when `boundaries` has the outlines."""
    if whole:
        codes = [area.code for area in regency.areas]
        shapes = boundaries.polygons(codes) if boundaries else ()
        return (Area(f"Seluruh {regency.name}", regency.code, shapes),)
    return tuple(Area(f"Kecamatan {area.name}", area.code, boundaries.polygons([area.code]) if boundaries else ())
                 for area in areas)  # fmt: skip


class _Builder:
    """Appends CAP elements in the schema's order."""

    def __init__(self, geocode_name: str):
        self.root = etree.Element(f"{{{CAP_NS}}}alert", nsmap={None: CAP_NS})
        self.geocode_name = geocode_name

    def add(self, parent, tag, text=None):
        child = etree.SubElement(parent, f"{{{CAP_NS}}}{tag}")
        child.text = text
        return child

    def areas(self, info, areas) -> None:
        for area in areas:
            block = self.add(info, "area")
            self.add(block, "areaDesc", area.desc)
            for polygon in area.polygons:
                self.add(block, "polygon", polygon)
            geocode = self.add(block, "geocode")
            self.add(geocode, "valueName", self.geocode_name)
            self.add(geocode, "value", area.code)

    def bytes(self) -> bytes:
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def alert_xml(article, config, areas, siteurl: str) -> bytes:
    """The bulletin's newest CAP message, as canonical UTF-8 XML bytes. A drill's message has
    status Test, a note saying so and a headline marked [UJI]."""
    b = article.bulletin
    sender = config["ALERTS_SENDER"]
    messages = history(b)
    latest = messages[-1]
    cap = _Builder(config["ALERTS_GEOCODE_NAME"])
    el = cap.root
    for tag, text in (("identifier", latest.identifier), ("sender", sender), ("sent", cap_time(latest.sent)),
                      ("status", "Test" if b.is_drill else "Actual"), ("msgType", latest.msg_type),
                      ("scope", "Public")):  # fmt: skip
        cap.add(el, tag, text)
    if b.is_drill:
        cap.add(el, "note", DRILL_NOTE)
    if len(messages) > 1:
        cap.add(el, "references", " ".join(m.reference(sender) for m in messages[:-1]))
    info = cap.add(el, "info")
    topics = [tag.name for tag in getattr(article, "tags", [])]
    cap.add(info, "language", "id-ID")
    cap.add(info, "category", category_of(topics, config))
    cap.add(info, "event", topics[0] if topics else b.type)
    # A cancelled alert asks for nothing; an expired one keeps what it asked, marked Past.
    cap.add(info, "responseType", "None" if latest.msg_type == "Cancel" else response_type_of(topics, config))
    cap.add(info, "urgency", "Past" if b.is_expired else config["ALERTS_URGENCY"])
    cap.add(info, "severity", config["ALERTS_SEVERITY"])
    cap.add(info, "certainty", config["ALERTS_CERTAINTY"])
    cap.add(info, "onset", cap_time(b.date))
    if b.expires:  # the schema requires it of every darurat bulletin
        cap.add(info, "expires", cap_time(b.expires))
    cap.add(info, "senderName", config["ALERTS_SENDER_NAME"])
    cap.add(info, "headline", f"[{DRILL_MARK}] {article.title}" if b.is_drill else article.title)
    cap.add(info, "description", b.summary_text)
    instruction = section_text(article.content, config["ALERTS_INSTRUCTION_HEADINGS"])
    cap.add(info, "instruction", instruction or config["ALERTS_DEFAULT_INSTRUCTION"])
    cap.add(info, "web", absolute(siteurl, article.url))
    cap.add(info, "contact", config["ALERTS_CONTACT"])
    cap.areas(info, areas)
    return cap.bytes()


def channel_test_xml(config, prefix: str, areas, siteurl: str, sent: datetime) -> bytes:
    """A technical test message that belongs to no bulletin (`invoke alert-test`): status
    Test, its own identifier (`KRW-UJI-210220061500`), valid for one hour, asking nothing."""
    sent = sent.replace(microsecond=0)
    cap = _Builder(config["ALERTS_GEOCODE_NAME"])
    el = cap.root
    for tag, text in (("identifier", f"{prefix}-{DRILL_MARK}-{sent:%y%m%d%H%M%S}"),
                      ("sender", config["ALERTS_SENDER"]), ("sent", cap_time(sent)), ("status", "Test"),
                      ("msgType", "Alert"), ("scope", "Public"), ("note", DRILL_NOTE)):  # fmt: skip
        cap.add(el, tag, text)
    info = cap.add(el, "info")
    name = config["ALERTS_SENDER_NAME"]
    # Future, Minor, Unlikely: a reader that ignores the status still sees nothing to fear.
    for tag, text in (("language", "id-ID"), ("category", config["ALERTS_DEFAULT_CATEGORY"]),
                      ("event", "Uji coba sistem peringatan"), ("responseType", "None"), ("urgency", "Future"),
                      ("severity", "Minor"), ("certainty", "Unlikely"), ("onset", cap_time(sent)),
                      ("expires", cap_time(sent + timedelta(hours=1))), ("senderName", name),
                      ("headline", f"[{DRILL_MARK}] Uji coba peringatan {name}"),
                      ("description", f"Pesan uji teknis dari {name} untuk memeriksa saluran peringatan. "
                                      "Tidak ada keadaan darurat."),
                      ("instruction", "Tidak perlu melakukan apa pun."), ("web", absolute(siteurl, "")),
                      ("contact", config["ALERTS_CONTACT"])):  # fmt: skip
        cap.add(info, tag, text)
    cap.areas(info, areas)
    return cap.bytes()
