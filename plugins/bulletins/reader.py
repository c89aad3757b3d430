"""Pelican's Markdown reader, plus `#` comment lines in the header (as `invoke new` writes)."""

from __future__ import annotations

import copy
import re

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from pelican.readers import MarkdownReader

from .schema import KEY_LINE, is_header_comment


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


class BulletinMarkdownReader(MarkdownReader):
    def __init__(self, settings):
        settings = copy.copy(settings)  # Pelican's settings stay as they are
        markdown = copy.deepcopy(settings["MARKDOWN"])
        markdown["extensions"] = [*markdown.get("extensions", []), HeaderComments()]
        settings["MARKDOWN"] = markdown
        super().__init__(settings)

    def _parse_metadata(self, meta):
        if "transcript" in meta:
            meta = {**meta, "transcript": transcript_blocks(meta["transcript"])}
        return super()._parse_metadata(meta)


def use_reader(readers) -> None:
    for extension in BulletinMarkdownReader.file_extensions:
        readers.reader_classes[extension] = BulletinMarkdownReader
