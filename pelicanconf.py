"""Pelican settings for local builds of the Warta sample newsroom.

Every setting Warta adds is listed in docs/settings.md (`invoke settings` shows the values). `publishconf.py` imports this file and
overrides what differs in production.
"""

AUTHOR = "Diskominfo Kabupaten Karawang"
SITENAME = "Warta Karawang"
SITESUBTITLE = "Informasi resmi Pemerintah Kabupaten Karawang"
# Absolute even locally, so that feeds, cards and previews carry working URLs.
SITEURL = "http://localhost:8000"
RELATIVE_URLS = False

PATH = "content"
ARTICLE_PATHS = ["bulletins"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "media"]
# Bulletins and pages are Markdown; no reStructuredText or HTML sources.
READERS = {"rst": None, "html": None, "htm": None}

TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "id"
DEFAULT_DATE = None
DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"index": None, "category": None, "tag": None, "kecamatan": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/halaman/{number}/", "{base_name}/halaman/{number}/index.html"),
)

THEME = "theme"
THEME_STATIC_DIR = "theme"
DIRECT_TEMPLATES = ["index", "archives", "categories", "tags"]
TEMPLATE_PAGES = {"404.html": "404.html"}

# Permanent, pretty URLs (see docs/features.md, "URLs").
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "jenis/{slug}/"
CATEGORY_SAVE_AS = "jenis/{slug}/index.html"
CATEGORIES_URL = "jenis/"
CATEGORIES_SAVE_AS = "jenis/index.html"
TAG_URL = "topik/{slug}/"
TAG_SAVE_AS = "topik/{slug}/index.html"
TAGS_URL = "topik/"
TAGS_SAVE_AS = "topik/index.html"
ARCHIVES_URL = "arsip/"
ARCHIVES_SAVE_AS = "arsip/index.html"
MONTH_ARCHIVE_URL = "arsip/{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "arsip/{date:%Y}/{date:%m}/index.html"
YEAR_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
# Drafts are never published, not even at a hidden URL.
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
ARTICLE_LANG_SAVE_AS = ""
PAGE_LANG_SAVE_AS = ""

# Feeds arrive with the syndication plugin; Pelican's own stay off.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# The summary is plain text, shown as written everywhere; the transcript is Markdown.
FORMATTED_FIELDS = ["transcript"]
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}
SLUGIFY_SOURCE = "title"
USE_FOLDER_AS_CATEGORY = False
# A bulletin's date is its `date:` header (the check requires it); Pelican's default would
# also parse a date out of every file name, only for the header to replace it.
FILENAME_METADATA = ""
DELETE_OUTPUT_DIRECTORY = False

# Incremental builds (plugins/build.py, docs/performance.md): Pelican keeps each
# source file's Markdown output in cache/pelican/<fingerprint>/ and reuses it while the
# file's MD5 is unchanged (mtimes are the checkout time on CI, so they cannot tell).
# The reader layer caches what the reader returns, never the content objects plugins adorn.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
CACHE_PATH = "cache/pelican"
CHECK_MODIFIED_METHOD = "md5"
GZIP_CACHE = False  # compressing the pickle cost more than reading it back saved
# Pelican's Jinja defaults, without checking every template file's mtime on each page: a
# build never edits templates (each `invoke livereload` rebuild makes a new environment).
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": [], "auto_reload": False}

# The `warta` package (plugins/, installed by the README's commands) registers every capability
# in one documented order (plugins/__init__.py).
PLUGINS = ["warta"]

# Content model (plugins/bulletins). See docs/settings.md.
BULLETINS_AREAS_FILE = "data/kecamatan.json"
BULLETINS_CODE_PREFIX = "KRW"
BULLETINS_SUMMARY_MAX = 300
# The build's one "now" for expiry. None means the moment the build starts; tests pin it.
BULLETINS_NOW = None

# Feeds (plugins/syndication). See docs/settings.md.
SYNDICATION_MAX_ITEMS = 50
# WebSub hub pinged by `invoke publish` for changed feeds; None turns WebSub off.
WEBSUB_HUB = None
# Feeds other plugins write, listed in feeds/index.opml and on /feeds/ with Warta's own.
SYNDICATION_EXTRA_FEEDS = (("Peringatan darurat (CAP 1.2)", "feeds/alerts.atom.xml"),)

# Email digests (plugins/digest). See docs/settings.md and docs/panduan-staf.md, "Ringkasan
# email". Mailing lists per scope (scopes as the feeds name them), each a list address or a
# dict that also gives the List-Id and List-Unsubscribe headers to pass through, e.g.
#   DIGEST_SCOPES = {"semua": "warta-semua@googlegroups.com",
#                    "kecamatan/32.15.05-klari": "warta-klari@googlegroups.com"}
#   DIGEST_FROM = "Warta Karawang <warta@karawangkab.go.id>"
# `invoke digest` sends them after each upload (SMTP server only from WARTA_SMTP_URL).
DIGEST_SCOPES = {}
DIGEST_FROM = None

# Share images (plugins/share_images). See docs/settings.md.
# Rendered once per content version into this folder (ignored by git) and reused.
SHARE_IMAGES_CACHE_DIR = "cache/share-images"
# The QR code points to the bulletin's verification page, VERIFICATION_URL (plugins/verification).
VERIFICATION_URL = "cek/{code}/"

# Link previews, embed cards and the re-post kit (plugins/link_preview, embeds, repost_kit).
# See docs/settings.md. The office's X account for twitter:site, e.g. "@diskominfokrw".
LINK_PREVIEW_TWITTER_SITE = None
# Largest width of the embed card's iframe (CSS pixels), as oEmbed reports it.
EMBEDS_WIDTH = 550

MENUITEMS = ()

# Residents' experience (plugins/responsive_images, search, lite). See docs/features.md,
# "Search, responsive images and the lite edition".
# Clean copies and variants of content images are rendered once into this folder (ignored by git).
RESPONSIVE_IMAGES_CACHE_DIR = "cache/responsive-images"
RESPONSIVE_IMAGES_WIDTHS = (480, 800, 1200)
# Originals larger than this are published with a warning that names the file and the fix.
RESPONSIVE_IMAGES_WARN_BYTES = 1_000_000
# The Pagefind bundle (index and UI files) and the image variants (`<name>-480w-<10 hex>.webp`)
# are generated resources, not published URLs: their names change with the content.
PERMANENCE_IGNORE = ("_headers", "_redirects", "nginx-*.conf", "pagefind/*",
                     "*-[0-9]*w-" + "[0-9a-f]" * 10 + ".*")
