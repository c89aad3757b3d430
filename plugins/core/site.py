"""What the bulletins plugin hands to every other plugin through Pelican's context."""

from __future__ import annotations

INDEX_KEY = "bulletins_by_path"  # absolute source path -> Bulletin, for every checked file
RULES_KEY = "bulletin_rules"  # the frozen schema.Rules of this build


def published_articles(context) -> list:
    """Every bulletin with a public page, newest first: the listed ones and the withdrawn ones.
    Feeds, verification, the manifest and alerts cover both."""
    pages = [*context["articles"], *context.get("hidden_articles", ())]
    return sorted(pages, key=lambda a: (a.date, a.bulletin.code), reverse=True)
