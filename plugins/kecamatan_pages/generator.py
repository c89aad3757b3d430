"""Group bulletins by kecamatan in generate_context; write the list pages in generate_output."""

from __future__ import annotations

from dataclasses import dataclass, field

from pelican import signals
from pelican.generators import Generator

from warta.core.model import Area
from warta.core.site import RULES_KEY
from warta.core.settings import setting


@dataclass
class KecamatanPage:
    code: str
    name: str
    slug: str
    url: str
    save_as: str
    area: Area  # without the bulletins, for the list's pages: each reads only its own
    articles: list = field(default_factory=list)


def group_by_area(areas, articles, save_as_pattern: str) -> list[KecamatanPage]:
    pages = {area.code: KecamatanPage(area.code, area.name, area.slug, area.url,
                                      save_as_pattern.format(code=area.code, slug=area.slug), area)
             for area in areas}  # fmt: skip
    for article in articles:
        bulletin = article.bulletin
        codes = pages if bulletin.whole_regency else [area.code for area in bulletin.areas]
        for code in codes:
            pages[code].articles.append(article)
    return list(pages.values())


class KecamatanGenerator(Generator):
    def generate_context(self) -> None:
        areas = self.context[RULES_KEY].regency.areas
        self.pages = group_by_area(areas, self.context["articles"],
                                   setting(self.settings, "KECAMATAN_SAVE_AS"))  # fmt: skip
        self.context["kecamatan_areas"] = self.pages
        # Names and links only, for pages that list the kecamatan but none of their bulletins.
        self.context["regency_areas"] = areas

    def generate_output(self, writer) -> None:
        for page in self.pages:
            writer.write_file(
                page.save_as,
                self.get_template("kecamatan"),
                self.context,
                paginated={"articles": page.articles, "dates": page.articles},
                template_name="kecamatan",
                url=page.url,
                area=page.area,
                relative_urls=self.settings["RELATIVE_URLS"],
            )
        writer.write_file(
            setting(self.settings, "KECAMATAN_INDEX_SAVE_AS"),
            self.get_template("kecamatan_index"),
            self.context,
            url=setting(self.settings, "KECAMATAN_INDEX_URL"),
            relative_urls=self.settings["RELATIVE_URLS"],
        )


def get_generators(pelican):
    return KecamatanGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
