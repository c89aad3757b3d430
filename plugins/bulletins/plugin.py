"""Pelican glue: validate before reading, adapt metadata, attach `article.bulletin`."""

from __future__ import annotations

import logging
import os

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.urlwrappers import Category, Tag

from warta.core.check import CACHE_FOLDER, BulletinError, CheckCache, bulletin_files, check_content
from warta.core.language import say, staff_language
from .reader import trust_checked, use_reader
from warta.core.schedule import is_scheduled
from warta.core.schema import SAFE_PATH, inside
from warta.core.settings import declare, project_root, rules_from, settings_digest
from warta.core.site import AREAS_KEY, INDEX_KEY, REGENCY_AREAS_KEY, RULES_KEY, group_by_area

logger = logging.getLogger(__name__)


def check_settings(pelican) -> None:
    rules_from(pelican.settings)


def validate_bulletins(generator: ArticlesGenerator) -> None:
    """Check every bulletin before Pelican reads any, so no problem goes unreported. A file
    unchanged since an earlier build is not checked again (core.check.CheckCache, keyed by
    the settings too, since the rules' slug and URL functions read them); the reader then
    skips its own scan of every text checked here."""
    settings = generator.settings
    rules = generator.context[RULES_KEY] = rules_from(settings)
    files = bulletin_files(rules.content_root, settings["ARTICLE_PATHS"], settings["ARTICLE_EXCLUDES"])
    root = project_root(settings)
    try:
        index = check_content(files, rules, root, CheckCache(root / CACHE_FOLDER, rules, settings_digest(settings)))
    except BulletinError as error:
        for problem in error.problems:
            logger.error("%s", problem)
        raise
    generator.context[INDEX_KEY] = index
    trust_checked(generator.readers, {bulletin.source_digest for bulletin in index.values()})


def adapt_metadata(generator: ArticlesGenerator, metadata: dict) -> None:
    """Map Warta's keys onto Pelican's: type is the category, topics are the tags."""
    settings = generator.settings
    if "type" in metadata:
        metadata["category"] = Category(metadata["type"], settings)
    if "topics" in metadata:
        topics = metadata["topics"]
        text = topics if isinstance(topics, str) else ",".join(topics)  # continued lines
        names = [name.strip() for name in text.split(",") if name.strip()]
        metadata["tags"] = [Tag(name, settings) for name in names]
    if metadata.get("status") == "withdrawn":
        metadata["status"] = "published"  # it keeps its URL; bulletin.status tells the rest


def hold_scheduled(generator: ArticlesGenerator) -> None:
    """A bulletin dated in the future waits, unwritten like a draft, until a build after its time."""
    now = generator.context[RULES_KEY].now
    waiting = [a for a in generator.articles if is_scheduled(a.bulletin, now)]
    for article in waiting:
        article.status = "draft"
        generator.articles.remove(article)
        generator.drafts.append(article)


def prepare_articles(generator: ArticlesGenerator) -> None:
    attach_bulletins(generator)
    hold_scheduled(generator)
    retire_withdrawn(generator)
    follow_replacements(generator)


def follow_replacements(generator: ArticlesGenerator) -> None:
    """`bulletin.latest` for every bulletin: the newest one down its supersedes chain that
    residents may rely on (listed, so published, not scheduled and not withdrawn, and not
    expired). A withdrawn or expired replacement is never called the latest information."""
    listed = {id(article) for article in generator.articles}
    for article in [*generator.articles, *generator.hidden_articles, *generator.drafts]:
        latest, seen, later = None, {id(article)}, article.bulletin.replaced_by
        while later is not None and id(later) not in seen:  # a chain may loop back
            seen.add(id(later))
            if id(later) in listed and later.bulletin.is_current:
                latest = later
            later = later.bulletin.replaced_by
        article.bulletin.latest = latest


def retire_withdrawn(generator: ArticlesGenerator) -> None:
    """A withdrawn bulletin keeps its page but leaves every list: Pelican writes hidden
    articles and lists none of them. A drill (`test: ya`) is never listed at all: residents
    must not take it for a real emergency."""
    for article in [a for a in generator.articles if a.bulletin.is_withdrawn or a.bulletin.is_drill]:
        article.status = "hidden"
        generator.articles.remove(article)
        generator.hidden_articles.append(article)


class Members(list):
    """A list whose `in` is a set lookup. Pelican writes each type's and topic's page with
    `[a for a in self.dates if a in articles]`, a scan of the list per dated bulletin:
    quadratic, 3.7 s of a build at 10,000 bulletins."""

    def __contains__(self, item) -> bool:
        if getattr(self, "_size", None) != len(self):  # made, or grown, since the last lookup
            self._ids, self._size = {id(member) for member in self}, len(self)
        return id(item) in self._ids


def keep_pages_of_withdrawn(generator: ArticlesGenerator) -> None:
    """Withdrawing a topic's or a type's last bulletin must not delete that list page (a
    published URL never disappears), and the monthly archive, the record of what was
    published, keeps withdrawn bulletins marked DICABUT."""
    withdrawn = [a for a in generator.hidden_articles if not a.bulletin.is_drill]
    if not withdrawn:
        return
    categories = dict(generator.categories)
    for article in withdrawn:
        if article.category not in categories:
            categories[article.category] = []
        for tag in getattr(article, "tags", ()):
            generator.tags.setdefault(tag, [])
    generator.categories[:] = sorted(categories.items(), reverse=generator.settings["REVERSE_CATEGORY_ORDER"])
    record = sorted([*generator.dates, *withdrawn], key=lambda a: a.date,
                    reverse=generator.context["NEWEST_FIRST_ARCHIVES"])  # fmt: skip
    # Pelican's private method, on purpose: it alone maps the *_ARCHIVE_SAVE_AS/_URL settings
    # to the period dicts the archive templates read, and it runs inside generate_context
    # from `self.dates`, with no signal before it where withdrawn bulletins could join the
    # dates without also joining the lists and feeds. Rebuilding the archives here would copy
    # its 60 lines (and drift from Pelican's); Pelican 4.12 has no public equivalent. Its
    # `articles` of a period are those of the second argument found in the period's dates, a
    # scan per bulletin; with the record as both arguments they are the period's dates, in
    # their order, so they are filled in here instead (linear, not quadratic).
    archives = generator._build_period_archives(record, [], generator.settings)
    for periods in archives.values():
        for period in periods:
            period["articles"] = list(period["dates"])
    generator.period_archives = generator.context["period_archives"] = archives


def index_lists(generator: ArticlesGenerator) -> None:
    """Each type's and topic's bulletins as `Members` (see there), in Pelican's context too."""
    generator.categories[:] = [(category, Members(articles)) for category, articles in generator.categories]
    for tag, articles in generator.tags.items():
        generator.tags[tag] = Members(articles)
    generator.context["tags"] = list(generator.tags.items())  # Pelican's context holds a copy


def attach_bulletins(generator: ArticlesGenerator) -> None:
    index = generator.context[INDEX_KEY]
    everything = [*generator.articles, *generator.drafts, *generator.hidden_articles]
    by_code = {}
    for article in everything:
        bulletin = index[os.path.abspath(article.source_path)]
        bulletin.transcript_html = getattr(article, "transcript", None)
        article.bulletin = bulletin
        by_code[bulletin.code] = article
    for article in everything:
        if earlier := by_code.get(article.bulletin.supersedes or ""):
            article.bulletin.replaces = earlier
            earlier.bulletin.replaced_by = article


def publish_lists(generator: ArticlesGenerator) -> None:
    """Site-wide lists every template may show: the pinned urgent banner and current notices."""
    keep_pages_of_withdrawn(generator)
    index_lists(generator)
    current = [a for a in generator.articles if a.bulletin.is_current]
    urgent = [a for a in current if a.bulletin.urgency == "darurat"]
    # A banner that lists a dozen emergencies helps nobody; the urgent feed has them all.
    generator.context["urgent_bulletins"] = urgent[: generator.settings["BULLETINS_URGENT_MAX"]]
    notices = [a for a in current if a.bulletin.urgency != "biasa" or a.bulletin.expires]
    generator.context["current_notices"] = notices[: generator.settings["BULLETINS_CURRENT_MAX"]]
    areas = generator.context[RULES_KEY].regency.areas
    generator.context[AREAS_KEY] = group_by_area(areas, generator.articles, generator.settings["KECAMATAN_SAVE_AS"])
    generator.context[REGENCY_AREAS_KEY] = areas
    freeze_urls([*generator.articles, *generator.hidden_articles, *generator.drafts])


def freeze_urls(articles) -> None:
    """Statuses are final now, so each URL is too. Pelican formats `url` and `save_as` from
    the settings on every read, and templates, feeds and plugins read them dozens of times
    per article (a quarter of a build); its own `override_` attributes pin the values."""
    for article in articles:
        article.override_url, article.override_save_as = article.url, article.save_as


def guard_static_files(generator) -> None:
    """Pelican follows symbolic links and copies any file a text links with `{static}`, even
    outside `content/`. The content check refuses those before reading; this second wall
    keeps anything that still slips through from being published."""
    root, language = generator.settings["PATH"], staff_language(generator.settings)
    kept = []
    for static in generator.staticfiles:
        relative = os.path.relpath(static.source_path, root).replace(os.sep, "/")
        if inside(root, relative) is None:
            logger.error("%s", say(language, f"{relative}: berada di luar content/ dan tidak diterbitkan; "
                                             "simpan berkasnya di bawah content/ dan tautkan dari sana",
                                   f"{relative}: lies outside content/ and is not published; keep the file "
                                   "under content/ and link it from there"))  # fmt: skip
        elif not SAFE_PATH.match(static.save_as.replace(os.sep, "/")):
            logger.error("%s", say(language, f"{relative}: nama berkas tidak aman untuk alamat web; ganti "
                                             "namanya hanya dengan huruf, angka, '.', '_' dan '-'",
                                   f"{relative}: the file name is not safe in a web address; rename it "
                                   "using letters, digits, '.', '_' and '-' only"))  # fmt: skip
        else:
            kept.append(static)
    generator.staticfiles[:] = kept


def register() -> None:
    declare()  # the bulletins' settings are the core's (core.settings.SETTINGS)
    signals.initialized.connect(check_settings)
    signals.readers_init.connect(use_reader)
    signals.article_generator_init.connect(validate_bulletins)
    signals.article_generator_context.connect(adapt_metadata)
    signals.article_generator_pretaxonomy.connect(prepare_articles)
    signals.article_generator_finalized.connect(publish_lists)
    signals.static_generator_finalized.connect(guard_static_files)
