"""Build the verdict for each code in generate_context; write the pages in generate_output."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import partial

from pelican import signals
from pelican.generators import Generator

from warta.core.output import output_of
from warta.core.registry import Setting, accept, is_relative_path, is_relative_url
from warta.core.settings import declare
from warta.core.site import RULES_KEY, absolute, published_articles, timezone

from .texts import official_text

SETTINGS = (
    # VERIFICATION_URL is the core's: share images print it in their QR codes.
    Setting("VERIFICATION_SAVE_AS", "cek/{code}/index.html", accept(is_relative_path, "use a site-relative path with {code}"),
            "Where a code's verification page is written."),
    Setting("VERIFICATION_INDEX_URL", "cek/", accept(is_relative_url, "use a site-relative URL that ends in /"),
            "The URL of the lookup page with the code form and the list of every code."),
    Setting("VERIFICATION_INDEX_SAVE_AS", "cek/index.html", accept(is_relative_path, "use a site-relative path"),
            "Where the lookup page is written."),
    Setting("VERIFICATION_JSON", "cek/index.json", accept(is_relative_path, "use a site-relative path"),
            "The JSON the lookup page's script reads: normalised code -> page."),
    Setting("VERIFICATION_TEXT_JSON", "cek/{code}/teks.json",
            accept(lambda v: is_relative_path(v) and "{code}" in v, "use a site-relative path with {code}"),
            "Where a bulletin's official text and state are written for the forwarded-message checker on the lookup page."),
)  # fmt: skip

# state -> the Indonesian verdict a resident reads first
VERDICTS = {
    "berlaku": "Asli dan masih berlaku",
    "diperbarui": "Asli, dan sudah diperbarui",
    "kedaluwarsa": "Asli, tetapi tidak berlaku lagi",
    "dicabut": "Asli, tetapi sudah DICABUT",
}


@dataclass(frozen=True)
class Verdict:
    code: str
    state: str
    url: str  # of the verification page
    article: object

    @property
    def label(self) -> str:
        return VERDICTS[self.state]


def state_of(bulletin) -> str:
    return bulletin.state  # the core's words, which the email digests use too


def lookup_key(code: str) -> str:
    """What the lookup compares: case, spaces and dashes do not matter ("krw 200602 01")."""
    return re.sub(r"[^0-9A-Z]", "", code.upper())


def lookup_index(verdicts, siteurl: str) -> dict:
    """The JSON the /cek/ script reads: normalised code -> where it resolves (`url`) and the
    bulletin's own page (`page`, which the message checker finds through the search index)."""
    return {
        lookup_key(v.code): {"code": v.code, "url": absolute(siteurl, v.url), "state": v.state,
                             "title": v.article.title, "page": absolute(siteurl, v.article.url)}  # fmt: skip
        for v in sorted(verdicts, key=lambda v: v.code)
    }


def text_json(verdict, siteurl: str, tz: str) -> bytes:
    text = official_text(verdict.article, verdict, siteurl, tz)
    return (json.dumps(text, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def place_names(regency) -> list[str]:
    """Each kecamatan's name and aliases ("Kota Baru,Kotabaru"), which the message checker
    looks for in a message: any of them in the official text counts as the same place."""
    if regency is None:
        return []
    clean = lambda name: re.sub(r"[,|]", " ", name)  # noqa: E731 - the separators of the list
    return [",".join(clean(name) for name in (area.name, *area.aliases)) for area in regency.areas]


class VerificationGenerator(Generator):
    def generate_context(self) -> None:
        pattern = self.settings["VERIFICATION_URL"]
        self.verdicts = [
            Verdict(a.bulletin.code, state_of(a.bulletin), pattern.format(code=a.bulletin.code), a)
            for a in sorted(published_articles(self.context), key=lambda a: a.bulletin.code)
        ]
        for verdict in self.verdicts:
            verdict.article.verification = verdict
        self.context["verdicts"] = self.verdicts
        rules = self.context.get(RULES_KEY)
        self.places = place_names(getattr(rules, "regency", None))
        self.prefix = getattr(rules, "code_prefix", "KRW")

    def generate_output(self, writer) -> None:
        relative = self.settings["RELATIVE_URLS"]
        for verdict in self.verdicts:
            writer.write_file(
                self.settings["VERIFICATION_SAVE_AS"].format(code=verdict.code),
                self.get_template("cek_kode"), self.context, relative_urls=relative,
                url=verdict.url, verdict=verdict,
            )  # fmt: skip
        writer.write_file(
            self.settings["VERIFICATION_INDEX_SAVE_AS"], self.get_template("cek"),
            self.context, relative_urls=relative, url=self.settings["VERIFICATION_INDEX_URL"],
            checker_places=self.places, checker_prefix=self.prefix, checker_text=self.settings["VERIFICATION_TEXT_JSON"],
        )  # fmt: skip
        output = output_of(self.settings)
        data = lookup_index(self.verdicts, self.settings["SITEURL"])
        output.write(self.settings["VERIFICATION_JSON"], json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        tz, siteurl = timezone(self.settings), self.settings["SITEURL"]
        for verdict in self.verdicts:
            b = verdict.article.bulletin
            # Kept by the page cache under what its bytes depend on: a large site's unchanged
            # bulletins are not parsed again.
            inputs = (verdict.article, verdict.state, verdict.url, tz, siteurl, b.latest, b.replaced_by)
            output.write_generated(writer, self.settings["VERIFICATION_TEXT_JSON"].format(code=verdict.code), inputs,
                                   partial(text_json, verdict, siteurl, tz))  # fmt: skip


def get_generators(pelican):
    return VerificationGenerator


def register() -> None:
    declare(SETTINGS)
    signals.get_generators.connect(get_generators)
