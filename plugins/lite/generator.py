"""Collect the lite pages once every list is final; write them with the `lite/` templates."""

from __future__ import annotations

from functools import partial

from pelican import signals
from pelican.generators import Generator

from warta.core.site import AREAS_KEY, published_articles
from warta.core.settings import setting
from warta.core.redirects import read_redirects, redirects_file

from .pages import LiteKind, LiteList, lite_url, text_only
from .settings import config_from

LITE_INDEXES_KEY = "lite_indexes"  # "jenis", "kecamatan", "topik" -> the lite index of that kind


def _kind(key: str, title: str, index_url: str, folder: str, entries) -> LiteKind:
    lists = [LiteList(name, url, lite_url(folder, url), list(articles)) for name, url, articles in entries]
    return LiteKind(key, title, LiteList(title, index_url, lite_url(folder, index_url)), lists)


class LiteGenerator(Generator):
    def generate_context(self) -> None:
        self.config = config_from(self.settings)
        folder = self.config.folder
        context = self.context
        self.bulletins = published_articles(context)  # withdrawn ones too: their URLs stay
        self.kinds = [
            _kind("jenis", "Jenis", self.settings["CATEGORIES_URL"], folder,
                  ((category.name, category.url, articles) for category, articles in context["categories"])),
            _kind("kecamatan", "Kecamatan", setting(self.settings, "KECAMATAN_INDEX_URL"), folder,
                  ((f"Kecamatan {area.name}", area.url, area.articles) for area in context[AREAS_KEY])),
            _kind("topik", "Topik", self.settings["TAGS_URL"], folder,
                  ((tag.name, tag.url, articles) for tag, articles in context["tags"])),
        ]  # fmt: skip
        pages = {lite_url(folder, ""), *(lite_url(folder, article.url) for article in self.bulletins)}
        pages.update(item.url for kind in self.kinds for item in (kind.index, *kind.lists))
        context[LITE_INDEXES_KEY] = {kind.key: kind.index.url for kind in self.kinds}
        # Only titles and links: a page that reads a whole kind changes with every list in it.
        self.nav = [(kind.title, kind.index.url) for kind in self.kinds]
        self.moved = self._moved_twins(pages)

    def _moved_twins(self, written: set[str]) -> list[tuple[str, str]]:
        """(lite URL, absolute target) for each page redirect in the permanence plugin's file,
        so the one line staff add for a moved bulletin also moves its lite twin."""
        folder = self.config.folder
        moved = []
        for old, new in sorted(read_redirects(*redirects_file(self.settings)).items()):
            twin = lite_url(folder, old.lstrip("/"))
            if not (old.endswith("/") and new.endswith("/")) or old.startswith(f"/{folder}/") or twin in written:
                continue
            target = lite_url(folder, new.lstrip("/"))
            target = target if target in written else new.lstrip("/")
            moved.append((twin, f"{self.settings['SITEURL']}/{target}"))
        return moved

    def _write(self, writer, save_as: str, template: str, url: str, full_url: str, **kwargs) -> None:
        writer.write_file(save_as, self.get_template(f"lite/{template}"), self.context, url=url,
                          relative_urls=False, lite_nav=self.nav, lite_home=lite_url(self.config.folder, ""),
                          full_url=full_url, **kwargs)  # fmt: skip

    def generate_output(self, writer) -> None:
        home = lite_url(self.config.folder, "")
        latest = self.context["articles"][: self.config.home_latest]
        self._write(writer, home + "index.html", "index", home, "", latest=latest)
        for article in self.bulletins:
            url = lite_url(self.config.folder, article.url)
            self._write(writer, url + "index.html", "article", url, article.url, article=article)
        for twin, target in self.moved:
            writer.write_file(twin + "index.html", self.get_template("redirect"), self.context, relative_urls=False,
                              target=target)  # fmt: skip
        for kind in self.kinds:
            self._write(writer, kind.index.url + "index.html", "lists", kind.index.url, kind.index.full_url, kind=kind)
            for item in kind.lists:
                for page in item.pages(self.config.per_page):
                    # The list's title, not the list: a page reads only its own bulletins.
                    self._write(writer, page.save_as, "list", page.url, item.full_url, parent=kind.index,
                                title=item.title, page=page)  # fmt: skip


def get_generators(pelican):
    return LiteGenerator


def check_settings(pelican) -> None:
    config_from(pelican.settings)


def add_filters(generator) -> None:
    """`url|lite`: the lite twin of a full page's URL; `html|text_only`: the lite body. Pages
    compute both while rendering, so a page the page cache keeps costs neither."""
    folder = config_from(generator.settings).folder
    generator.env.filters.update(lite=partial(lite_url, folder), text_only=text_only)


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(add_filters)
