"""Feed helpers every feed writer shares: feedgen extensions that fix what feedgen 1.0 drops."""

from __future__ import annotations

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from lxml import etree

ATOM_NS = "http://www.w3.org/2005/Atom"


class WartaFeedExtension(BaseExtension):
    """Adds `<atom:link rel="hub">` to the RSS channel: feedgen's RSS writer copies only the
    self link (python-feedgen issue 122). Atom gets its hub through feedgen's own links."""

    def __init__(self):
        self.hub = None

    def extend_rss(self, rss):
        channel = rss.find("channel")
        if self.hub and channel is not None:
            link = etree.Element(f"{{{ATOM_NS}}}link", href=self.hub, rel="hub")
            self_link = channel.find(f"{{{ATOM_NS}}}link[@rel='self']")
            if self_link is not None:
                self_link.addnext(link)
            else:
                channel.append(link)
        return rss


class WartaEntryExtension(BaseEntryExtension):
    """Per-entry fixes: Atom entry links written with their rel/type/length (feedgen 1.0's
    Atom entry writer drops those attributes, so an enclosure would pass for an alternate
    link), and `atom:updated` in RSS items, where RSS has no modification date of its own."""

    def __init__(self):
        self.links: list[dict] = []
        self.updated: str | None = None

    def extend_atom(self, entry):
        written = [child for child in entry if child.tag == "link"]
        position = entry.index(written[0]) if written else len(entry)
        for child in written:
            entry.remove(child)
        for offset, attributes in enumerate(self.links):
            link = etree.Element("link", attrib={k: str(v) for k, v in attributes.items()})
            entry.insert(position + offset, link)
        return entry

    def extend_rss(self, item):
        if self.updated:
            updated = etree.SubElement(item, f"{{{ATOM_NS}}}updated")
            updated.text = self.updated
        return item
