"""Pure CAP 1.2 builders: the message history of a bulletin and its XML."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bs4 import BeautifulSoup
from lxml import etree

from warta.core.site import absolute

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
CATEGORIES = ("Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env",
              "Transport", "Infra", "CBRNE", "Other")  # fmt: skip
URGENCIES = ("Immediate", "Expected", "Future", "Past", "Unknown")
SEVERITIES = ("Extreme", "Severe", "Moderate", "Minor", "Unknown")
CERTAINTIES = ("Observed", "Likely", "Possible", "Unlikely", "Unknown")


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
    messages = [Message(bulletin.code, bulletin.date, "Alert")]
    messages += [Message(f"{bulletin.code}-update-{n}", moment, "Update") for n, moment in enumerate(moments[1:], 1)]
    if bulletin.is_withdrawn:
        cancel_time = (bulletin.modified or moments[-1]) if len(moments) > 1 else bulletin.date
        if messages[-1].msg_type == "Update" and messages[-1].sent == cancel_time:
            messages.pop()  # the note that records the withdrawal is the cancellation itself
        messages.append(Message(f"{bulletin.code}-cancel", cancel_time, "Cancel"))
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


def alert_xml(article, config, regency, siteurl: str) -> bytes:
    """The bulletin's newest CAP message, as canonical UTF-8 XML bytes."""
    b = article.bulletin
    sender = config["ALERTS_SENDER"]
    messages = history(b)
    latest = messages[-1]
    el = etree.Element(f"{{{CAP_NS}}}alert", nsmap={None: CAP_NS})

    def add(parent, tag, text):
        child = etree.SubElement(parent, f"{{{CAP_NS}}}{tag}")
        child.text = text
        return child

    for tag, text in (("identifier", latest.identifier), ("sender", sender), ("sent", cap_time(latest.sent)),
                      ("status", "Actual"), ("msgType", latest.msg_type), ("scope", "Public")):  # fmt: skip
        add(el, tag, text)
    if len(messages) > 1:
        add(el, "references", " ".join(m.reference(sender) for m in messages[:-1]))
    info = etree.SubElement(el, f"{{{CAP_NS}}}info")
    topics = [tag.name for tag in getattr(article, "tags", [])]
    add(info, "language", "id-ID")
    add(info, "category", category_of(topics, config))
    add(info, "event", topics[0] if topics else b.type)
    add(info, "urgency", "Past" if b.is_expired else config["ALERTS_URGENCY"])
    add(info, "severity", config["ALERTS_SEVERITY"])
    add(info, "certainty", config["ALERTS_CERTAINTY"])
    add(info, "onset", cap_time(b.date))
    if b.expires:
        add(info, "expires", cap_time(b.expires))
    add(info, "senderName", config["ALERTS_SENDER_NAME"])
    add(info, "headline", article.title)
    add(info, "description", b.summary_text)
    instruction = section_text(article.content, config["ALERTS_INSTRUCTION_HEADINGS"])
    if instruction:
        add(info, "instruction", instruction)
    add(info, "web", absolute(siteurl, article.url))
    add(info, "contact", config["ALERTS_CONTACT"])
    area = etree.SubElement(info, f"{{{CAP_NS}}}area")
    names = [a.name for a in b.areas] if not b.whole_regency else [f"Seluruh {regency.name}"]
    add(area, "areaDesc", ", ".join(f"Kecamatan {n}" if not b.whole_regency else n for n in names))
    for code in [a.code for a in b.areas] if not b.whole_regency else [regency.code]:
        geocode = etree.SubElement(area, f"{{{CAP_NS}}}geocode")
        add(geocode, "valueName", config["ALERTS_GEOCODE_NAME"])
        add(geocode, "value", code)
    return etree.tostring(el, xml_declaration=True, encoding="UTF-8", pretty_print=True)
