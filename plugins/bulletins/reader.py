"""Pelican's Markdown reader, plus `#` comment lines in the header (as `invoke new` writes),
with every piece of HTML it returns passed through an allowlist sanitizer.

The schema already refuses script URLs and raw HTML that runs (with path:line messages);
the sanitizer is the second wall: whatever Markdown lets through (raw HTML is part of
Markdown) is cleaned by nh3 (the Rust `ammonia` allowlist, maintained and fast) to the tags
and attributes Markdown itself writes, with no event handlers, no styles beyond text
alignment and no `javascript:`, `vbscript:` or `data:` URLs. Body and transcript
are cleaned here once, so pages, the lite edition, feeds and embeds carry the same HTML
(the summary is plain text, escaped wherever it is shown).
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import re

import nh3
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from pelican.readers import MarkdownReader

from warta.core.language import say, staff_language
from warta.core.schema import BODY_MAX_BYTES, KEY_LINE, is_header_comment, markdown_problems, parse_header


# nh3's default allowlist plus the attributes Python-Markdown's extensions write (footnote
# ids and classes, abbreviation titles, table alignment).
SAFE_ATTRIBUTES = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"id", "class", "title", "lang", "dir", "style"},
    "a": {"href", "hreflang", "title"},
    "img": {"src", "alt", "title", "width", "height"},
}
SAFE_STYLES = {"text-align"}


def sanitize(html: str) -> str:
    return nh3.clean(html, attributes=SAFE_ATTRIBUTES, link_rel=None, filter_style_properties=SAFE_STYLES)


logger = logging.getLogger(__name__)
LIST_ITEM = re.compile(r"^(\d+\.|[-*+])\s")


def transcript_blocks(lines: list[str]) -> list[str]:
    """A header value cannot hold blank lines, so each transcript line is one block of the
    image's text: a paragraph or heading, or a list item that joins the items around it."""
    blocks: list[str] = []
    for line in lines:
        if blocks and not (LIST_ITEM.match(line) and LIST_ITEM.match(blocks[-1])):
            blocks.append("")
        blocks.append(line)
    return blocks


class _DropHeaderComments(Preprocessor):
    def run(self, lines):
        kept, in_header, seen_key = [], True, False
        for line in lines:
            if in_header and not line.strip():
                in_header = False
            elif in_header and seen_key and is_header_comment(line):
                continue
            seen_key = seen_key or bool(KEY_LINE.match(line))
            kept.append(line)
        return kept


class HeaderComments(Extension):
    def extendMarkdown(self, md):
        # Above the meta extension (27), so metadata never sees the comments.
        md.preprocessors.register(_DropHeaderComments(md), "warta_header_comments", 28)


def refuse(message: str):
    """Pelican logs a reader's exception only as "Could not process <file>" (the reason only
    with DEBUG), so the reason is logged here, where it is known; the build then fails."""
    logger.error("%s", message)
    raise ValueError(message)


class BulletinMarkdownReader(MarkdownReader):
    # SHA-256 digests of the texts the bulletin check passed in this build (`trust_checked`):
    # it scanned their bodies with the same `markdown_problems` and found nothing.
    checked: frozenset[str] = frozenset()

    def __init__(self, settings):
        settings = copy.copy(settings)  # Pelican's settings stay as they are
        markdown = copy.deepcopy(settings["MARKDOWN"])
        markdown["extensions"] = [*markdown.get("extensions", []), HeaderComments()]
        settings["MARKDOWN"] = markdown
        super().__init__(settings)

    def read(self, source_path):
        self.refuse_unsafe(source_path)
        try:
            content, metadata = super().read(source_path)
        except RecursionError:  # the limits above should have caught it first
            refuse(f"{source_path}: the text is nested too deeply to read")
        for key in self.settings["FORMATTED_FIELDS"]:
            if isinstance(metadata.get(key), str):
                metadata[key] = type(metadata[key])(sanitize(metadata[key]))
        return sanitize(content), metadata

    def refuse_unsafe(self, source_path) -> None:
        """Pages are Markdown that no schema checks: hold them to the bulletins' limits here
        before Markdown runs. Bulletins already passed them: a text the check passed in this
        build is not scanned again (a file edited since is)."""
        shown = os.path.relpath(source_path, os.path.dirname(os.path.abspath(self.settings["PATH"])))
        with open(source_path, "rb") as handle:
            data = handle.read(BODY_MAX_BYTES + 1)
        language = staff_language(self.settings)
        if len(data) > BODY_MAX_BYTES:
            refuse(say(language, f"{shown}: lebih dari {BODY_MAX_BYTES // 1000} KB; pecah teksnya",
                       f"{shown}: more than {BODY_MAX_BYTES // 1000} KB; split the text"))
        text = data.decode("utf-8-sig", errors="replace")
        if self.checked and hashlib.sha256(text.encode("utf-8")).hexdigest() in self.checked:
            return  # the scan below depends on the text only, and found nothing in it
        body_line = parse_header(text)[1]  # header values are text, escaped where shown
        for line, indonesian, english in markdown_problems(text.splitlines()[body_line - 1 :], body_line)[:1]:
            refuse(f"{shown}:{line}: {say(language, indonesian, english)}")

    def _parse_metadata(self, meta):
        if "transcript" in meta:
            meta = {**meta, "transcript": transcript_blocks(meta["transcript"])}
        return super()._parse_metadata(meta)


def trust_checked(readers, digests) -> None:
    """Tell the bulletin readers of one generator (Pelican's `Readers`) which texts passed
    the check in this build."""
    for reader in readers.readers.values():
        if isinstance(reader, BulletinMarkdownReader):
            reader.checked = frozenset(digests)


def use_reader(readers) -> None:
    for extension in BulletinMarkdownReader.file_extensions:
        readers.reader_classes[extension] = BulletinMarkdownReader
