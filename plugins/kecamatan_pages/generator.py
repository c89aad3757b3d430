"""Write the list page of each kecamatan (grouped in the core) and the index of all."""

from __future__ import annotations

from pelican import signals
from pelican.generators import Generator

from warta.core.settings import setting
from warta.core.site import AREAS_KEY


class KecamatanGenerator(Generator):
    def generate_context(self) -> None:
        self.pages = self.context[AREAS_KEY]  # grouped by the bulletins plugin, for every plugin

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
