"""The preview report of a pull or merge request (`invoke pr-report`): for each bulletin the
request adds, changes, withdraws or removes, what residents and partners will get once it is
merged, in Bahasa Indonesia for the staff who review it.

Both sides are built with this checkout's code and settings, so the comparison shows what the
content changes (bulletins, `data/`), not what a code change does: the request's side from the
working tree into a scratch folder, the base from `git archive` of its `content/` and `data/`.
Bulletins are matched by their verification code (a renamed file stays the same bulletin),
files that fail validation by path. Then the two built trees are compared: feeds and their
items, `urls.txt` (a URL that disappears is what the permanence guard refuses), CAP messages,
page weight against the gates' budgets. The share cards are copied (the Open Graph PNG) or
drawn by the share-image renderer from the same card (the ratios the browser draws from that
renderer's recorded layout), so a reviewer can open all four.

The report is deterministic: no clock, no scratch path; the builds take `now` from the caller.
"""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from warta.core.check import bulletin_files, check_source, content_problems
from warta.core.dates import tanggal_jam
from warta.core.redirects import PermanenceError
from warta.core.schema import check_all, parse_header
from warta.core.settings import rules_from
from warta.core.versions import is_major_edit
from warta.permanence.guard import covered
from warta.share_images.content import card_for
from warta.share_images.render import DRAWN_RATIOS, RATIOS, render_png
from warta.share_images.settings import config_from as share_config

from .weight import KB, PAGE_BUDGET, SMALL_BUDGET, page_weight

FOLDER = "pr-report"
REPORT = "laporan.md"  # the whole report, its images beside it
SUMMARY = "ringkasan.md"  # the same without image links, cut to fit a job summary or a comment
DECISION = "keputusan.json"  # what the review rules need: read by CI to label the request
IMAGES = "gambar"
SUMMARY_MAX = 1_000_000  # GitHub's job summary takes at most 1 MiB per step
COMMENT_MAX = 60_000  # a GitHub comment at most 65,536 characters
CARD_FILES = {"og": "og", "square": "persegi", "portrait": "potret", "story": "story"}
FEED_SUFFIXES = (".atom.xml", ".rss.xml", ".json")
FEED_FORMATS = {".atom.xml": "Atom", ".rss.xml": "RSS", ".json": "JSON"}
ADDED, CHANGED, WITHDRAWN, REMOVED = "baru", "diubah", "dicabut", "dihapus"
HEADINGS = {ADDED: "Buletin baru", CHANGED: "Buletin diubah", WITHDRAWN: "Buletin dicabut",
            REMOVED: "Buletin dihapus"}  # fmt: skip
MINOR = "perubahan kecil: tidak diumumkan"


class ReportError(Exception):
    """A report that cannot be made (no git, an unknown base): one sentence for staff."""


# Git ------------------------------------------------------------------------------------------

def git(project: Path, *args: str) -> bytes:
    done = subprocess.run(["git", *args], cwd=project, capture_output=True, timeout=300)
    if done.returncode != 0:
        raise ReportError(done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:][0]
                          if done.stderr.strip() else f"git {args[0]} gagal")  # fmt: skip
    return done.stdout


def default_base(project: Path) -> str:
    """The merge base with origin/main, else with main."""
    for branch in ("origin/main", "main"):
        try:
            return git(project, "merge-base", "HEAD", branch).decode().strip()
        except ReportError:
            continue
    raise ReportError("tidak menemukan cabang main maupun origin/main; sebutkan pembandingnya dengan --base")


def export_base(project: Path, base: str, target: Path) -> None:
    """content/ and data/ of `base` into `target` (a project folder of its own)."""
    try:
        commit = git(project, "rev-parse", "--verify", f"{base}^{{commit}}").decode().strip()
    except ReportError:
        raise ReportError(f"'{base}' bukan commit yang dikenal git di sini; ambil dulu (git fetch) "
                          "atau sebutkan yang lain dengan --base") from None  # fmt: skip
    present = [p for p in ("content", "data") if git(project, "ls-tree", "--name-only", commit, p).strip()]
    target.mkdir(parents=True, exist_ok=True)
    if present:
        with tarfile.open(fileobj=BytesIO(git(project, "archive", commit, *present))) as archive:
            archive.extractall(target, filter="data")
    (target / "content").mkdir(exist_ok=True)


# One side: its bulletins, their problems, its build -----------------------------------------

@dataclass
class Side:
    root: Path
    bulletins: dict[str, object] = field(default_factory=dict)  # by path relative to the project
    problems: dict[str, list[str]] = field(default_factory=dict)  # by path relative to the project
    sources: dict[str, bytes] = field(default_factory=dict)
    site: Path | None = None
    siteurl: str = ""
    build_error: str = ""
    gone: dict[str, int] = field(default_factory=dict)  # what the permanence guard found missing
    settings: dict = field(default_factory=dict)  # as read for this side

    def by_code(self) -> dict[str, str]:
        return {b.code: path for path, b in self.bulletins.items()}


def read_side(root: Path, settings) -> Side:
    """Every bulletin file of the project at `root`, checked as the build checks it."""
    rules = rules_from(settings)
    side = Side(root=root)
    for path in bulletin_files(rules.content_root, settings["ARTICLE_PATHS"], settings["ARTICLE_EXCLUDES"]):
        shown = path.relative_to(root).as_posix()
        data = side.sources[shown] = path.read_bytes()
        bulletin, problems, _ = check_source(shown, data, rules)
        if bulletin is not None:
            side.bulletins[shown] = bulletin
        for problem in problems:
            side.problems.setdefault(shown, []).append(str(problem))
    for problem in [*check_all(side.bulletins.values(), rules.language), *content_problems(rules, root)]:
        side.problems.setdefault(str(problem.path), []).append(str(problem))
    return side


def build_side(side: Side, settings_file: Path, overrides: dict, output: Path, previous: Path | None = None) -> None:
    """Build the side into `output`, leaving out the bulletins that fail validation (their
    problems are in the report); a build that fails all the same is reported, not raised.
    With `previous` (the base's urls.txt) the permanence guard runs as it does on publish;
    what it finds (`PermanenceError.vanished`) is kept in `side.gone`, and the side is built
    again without those URLs."""
    from warta.build import build_site, read_settings

    failing = sorted({Path(path).name for path in side.problems if path.endswith(".md")})
    settings = {**overrides, "PATH": str(side.root / "content"), "PERMANENCE_PREVIOUS": None}
    if failing:
        base = read_settings(settings_file, settings)
        settings["ARTICLE_EXCLUDES"] = [*base["ARTICLE_EXCLUDES"], *failing]
        settings["IGNORE_FILES"] = [*base["IGNORE_FILES"], *failing]
    if previous is not None and previous.is_file():
        settings["PERMANENCE_PREVIOUS"] = str(previous)
    try:
        side.site = build_site(settings_file, output, settings)
        return
    except PermanenceError as error:  # the guard's findings, reported like the others
        if not error.vanished:
            side.build_error = str(error).replace(str(output.parent), "…")
            return
        side.gone = dict(sorted(error.vanished.items()))
    except Exception as error:  # the report says what failed and is written all the same
        side.build_error = str(error).replace(str(output.parent), "…")
        return
    # Built again against the rest of the list, the side keeps the earlier share-image
    # versions the host serves, as on publish.
    kept = [url for url in previous.read_text(encoding="utf-8").split() if not covered(url, side.gone)]
    rest = output.parent / f"{output.name}-urls.txt"
    rest.write_text("\n".join(kept) + "\n", encoding="utf-8")
    try:
        side.site = build_site(settings_file, output, {**settings, "PERMANENCE_PREVIOUS": str(rest)})
    except Exception as again:
        side.build_error = str(again).replace(str(output.parent), "…")


# Comparing the two built trees --------------------------------------------------------------

def feed_files(site: Path | None) -> dict[str, Path]:
    if site is None or not (site / "feeds").is_dir():
        return {}
    return {p.relative_to(site).as_posix(): p for p in sorted((site / "feeds").rglob("*"))
            if p.is_file() and p.name.endswith(FEED_SUFFIXES)}  # fmt: skip


def feed_items(path: Path | None) -> dict[str, tuple[str, str, str]]:
    """The items of a feed by link: (title, updated, summary)."""
    if path is None:
        return {}
    import feedparser

    parsed = feedparser.parse(path.read_bytes())
    return {entry.get("link") or entry.get("id", ""): (entry.get("title", ""), entry.get("updated", ""),
                                                       entry.get("summary", ""))
            for entry in parsed.entries}  # fmt: skip


def feed_scope(path: str) -> tuple[str, str]:
    """`feeds/semua.atom.xml` -> ("feeds/semua", "Atom")."""
    for suffix in FEED_SUFFIXES:
        if path.endswith(suffix):
            return path[: -len(suffix)], FEED_FORMATS[suffix]
    return path, ""


@dataclass
class FeedChange:
    scope: str
    formats: list[str]
    added: list[str]  # links
    changed: list[str]
    removed: list[str]
    titles: dict[str, str]


def feed_changes(base: Path | None, head: Path | None) -> list[FeedChange]:
    """Each feed (all its formats together) whose items differ between the two sites."""
    before, after = feed_files(base), feed_files(head)
    scopes: dict[str, FeedChange] = {}
    for path in sorted(set(before) | set(after)):
        old, new = before.get(path), after.get(path)
        if old is not None and new is not None and old.read_bytes() == new.read_bytes():
            continue
        items_before, items_after = feed_items(old), feed_items(new)
        scope, kind = feed_scope(path)
        change = scopes.setdefault(scope, FeedChange(scope, [], [], [], [], {}))
        change.formats.append(kind)
        for link in items_after:
            change.titles[link] = items_after[link][0]
        for link in items_before:
            change.titles.setdefault(link, items_before[link][0])
        for found, links in ((change.added, set(items_after) - set(items_before)),
                             (change.removed, set(items_before) - set(items_after)),
                             (change.changed, {k for k in set(items_before) & set(items_after)
                                               if items_before[k] != items_after[k]})):  # fmt: skip
            found.extend(sorted(links - set(found)))
    return [change for change in scopes.values() if change.added or change.changed or change.removed]


def url_list(site: Path | None) -> set[str]:
    if site is None or not (site / "urls.txt").is_file():
        return set()
    return {line.strip() for line in (site / "urls.txt").read_text(encoding="utf-8").splitlines() if line.strip()}


def page_folder(site: Path | None, url: str) -> Path | None:
    if site is None:
        return None
    folder = site / url.strip("/")
    return folder if (folder / "index.html").is_file() else None


def repost_texts(page: Path) -> dict[str, str]:
    """The re-post kit's copy-ready texts on the page (composed by core.texts)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_bytes(), "html.parser")
    return {name: area.get_text() for name in ("whatsapp", "telegram", "sms")
            if (area := soup.find("textarea", id=f"teks-{name}")) is not None}  # fmt: skip


# Share cards --------------------------------------------------------------------------------

@dataclass
class Card:
    ratio: str
    file: str  # relative to the report folder
    size: int


def share_cards(folder: Path, bulletin, settings, out: Path) -> list[Card]:
    """The bulletin's four share cards, as PNG files in the report's image folder: the Open
    Graph file the build published, and the ratios the browser draws, drawn by the share-image
    renderer itself from the same card."""
    cards = []
    (out / IMAGES).mkdir(parents=True, exist_ok=True)
    for png in sorted(folder.glob("bagikan-og-*.png"))[:1]:
        name = f"{IMAGES}/{bulletin.code}-{CARD_FILES['og']}.png"
        shutil.copyfile(png, out / name)
        cards.append(Card("og", name, png.stat().st_size))
    config = share_config(settings)
    card = card_for(bulletin, config, rules_from(settings).regency.name)
    mark = config.mark.read_bytes() if config.mark else None
    for ratio in DRAWN_RATIOS:
        name = f"{IMAGES}/{bulletin.code}-{CARD_FILES[ratio]}.png"
        (out / name).write_bytes(render_png(card, ratio, mark))
        cards.append(Card(ratio, name, (out / name).stat().st_size))
    return cards


# The report's content -----------------------------------------------------------------------

@dataclass
class Entry:
    """One bulletin the request touches."""

    kind: str  # ADDED, CHANGED, WITHDRAWN or REMOVED
    path: str  # its file at the request's side (the base's when removed)
    code: str
    title: str
    url: str
    urgency: str
    problems: list[str]
    note: str
    before: object | None
    after: object | None
    needs_approver: list[str] = field(default_factory=list)


def change_note(kind: str, before, after) -> str:
    """What readers are told about the change (core.versions decides minor or major)."""
    if after is None:
        return "tidak dapat dibaca: perbaiki masalah di atas" if kind != REMOVED else "halaman tidak lagi dibangun"
    if after.is_withdrawn:
        reason = after.withdrawn_reason or ""
        return f"[DICABUT] {reason}".strip() if before is None or is_major_edit(before, after) else MINOR
    if before is None:
        return "terbitan pertama: diumumkan sebagai buletin baru"
    if not is_major_edit(before, after):
        return MINOR
    newest = after.changes[0]
    return f"[DIPERBARUI] {tanggal_jam(newest.date, str(newest.date.tzinfo))}: {newest.note}"


def header_facts(data: bytes, path: str) -> tuple[str, str]:
    """The code and title written in a file that fails validation, as far as they can be read."""
    try:
        fields = parse_header(data.decode("utf-8-sig"))[0]
    except (UnicodeDecodeError, ValueError):
        return "", path
    first = {key: values[0].text for key, values in fields.items() if values}
    return first.get("code", ""), first.get("title") or path


def entries(base: Side, head: Side) -> list[Entry]:
    """Every bulletin added, changed, withdrawn or removed, in a stable order."""
    found = []
    base_codes, head_codes = base.by_code(), head.by_code()
    seen_base = set()
    for path in sorted(set(head.sources)):
        after = head.bulletins.get(path)
        if after is not None and after.code in base_codes:
            before_path = base_codes[after.code]
        else:
            before_path = path if path in base.sources else None
        if before_path is not None:
            seen_base.add(before_path)
            if base.sources[before_path] == head.sources[path] and not head.problems.get(path):
                continue
        before = base.bulletins.get(before_path) if before_path else None
        if before_path is None:
            kind = ADDED
        elif after is not None and after.is_withdrawn and not (before is not None and before.is_withdrawn):
            kind = WITHDRAWN
        else:
            kind = CHANGED
        shown = after or before
        code, title = (shown.code, shown.title) if shown else header_facts(head.sources[path], path)
        found.append(Entry(kind, path, code, title, shown.url if shown else "", shown.urgency if shown else "",
                           head.problems.get(path, []), change_note(kind, before, after), before, after))  # fmt: skip
    for path in sorted(set(base.sources) - seen_base):
        before = base.bulletins.get(path)
        if before is not None and before.code in head_codes:
            continue
        found.append(Entry(REMOVED, path, before.code if before else "", before.title if before else path,
                           before.url if before else "", before.urgency if before else "", [],
                           change_note(REMOVED, before, None), before, None))  # fmt: skip
    for entry in found:
        if any(b is not None and b.urgency == "darurat" for b in (entry.before, entry.after)):
            entry.needs_approver.append("buletin darurat")
        if entry.kind == WITHDRAWN:
            entry.needs_approver.append("pencabutan")
        if entry.kind == REMOVED:
            entry.needs_approver.append("berkas buletin dihapus")
    order = {ADDED: 0, CHANGED: 1, WITHDRAWN: 2, REMOVED: 3}
    return sorted(found, key=lambda e: (order[e.kind], e.code, e.path))


def fence(text: str, language: str = "text") -> str:
    """`text` in a code block whose fence is longer than any run of backticks in it."""
    longest = max((len(run) for run in text.split("\n") for run in _backtick_runs(run)), default=0)
    marks = "`" * max(3, longest + 1)
    return f"{marks}{language}\n{text.rstrip()}\n{marks}"


def _backtick_runs(line: str) -> list[str]:
    runs, current = [], ""
    for char in line:
        if char == "`":
            current += char
        elif current:
            runs.append(current)
            current = ""
    return [*runs, current] if current else runs


def size(value: int) -> str:
    return f"{value / KB:.1f} KB".replace(".", ",")


def within(value: int, budget: int) -> str:
    return "dalam anggaran" if value <= budget else "**MELEBIHI anggaran**"


@dataclass
class Report:
    markdown: str
    summary: str
    decision: dict


def _bulletin_section(entry: Entry, base: Side, head: Side, feeds: list[FeedChange], cards: list[Card],
                      images: bool) -> list[str]:  # fmt: skip
    lines = [f"### {entry.title}", ""]
    lines.append(f"- Kode: `{entry.code}`" if entry.code else "- Kode: (tidak terbaca)")
    lines.append(f"- Berkas: `{entry.path}`")
    if entry.url:
        lines.append(f"- Halaman: <{(head.siteurl or base.siteurl).rstrip('/')}/{entry.url}>")
    if entry.urgency:
        lines.append(f"- Urgensi: {entry.urgency}")
    if entry.needs_approver:
        lines.append(f"- **Perlu persetujuan penyetuju**: {', '.join(entry.needs_approver)}")
    lines += ["", "**Pemeriksaan**", ""]
    if entry.kind == REMOVED:
        lines.append("Berkas dihapus dari `content/`: halamannya tidak dibangun lagi. Untuk menarik buletin, "
                     "jangan hapus berkasnya; ubah `status: withdrawn` dan isi `withdrawn_reason`.")  # fmt: skip
    elif entry.problems:
        lines.append(f"Tidak lolos: {len(entry.problems)} masalah. Buletin ini tidak ikut dibangun dalam pratinjau.")
        lines += ["", fence("\n".join(entry.problems))]
    else:
        lines.append("Lolos `invoke check`.")
    lines += ["", "**Catatan perubahan yang dilihat pembaca**", "", f"> {entry.note}", ""]
    folder = shown_page(entry, head)
    if folder is None:
        return lines
    if cards:
        lines += ["**Kartu bagikan**", "", "| rasio | berkas | ukuran |", "|---|---|---|"]
        for card in cards:
            ratio = RATIOS[card.ratio]
            budget = f" ({within(card.size, ratio.budget)} {size(ratio.budget)})" if card.ratio == "og" else ""
            lines.append(f"| {ratio.label} | `{card.file}` | {size(card.size)}{budget} |")
        lines.append("")
        if images:
            lines += [" ".join(f"[![{RATIOS[c.ratio].label}]({c.file})]({c.file})" for c in cards), ""]
        else:
            lines += ["Gambarnya ada di artefak laporan (folder `gambar/`).", ""]
    texts = repost_texts(folder / "index.html")
    for key, label in (("whatsapp", "Teks WhatsApp"), ("telegram", "Teks Telegram")):
        if key in texts:
            lines += [f"**{label}** ({len(texts[key])} karakter)", "", fence(texts[key]), ""]
    oembed = folder / "oembed.json"
    if oembed.is_file():
        snippet = json.loads(oembed.read_text(encoding="utf-8")).get("html", "")
        lines += ["**Kartu sematan (embed)**", "", f"Tautan: <{head.siteurl.rstrip('/')}/{entry.url}embed/>", "",
                  fence(snippet, "html"), ""]  # fmt: skip
    weights = [("halaman buletin", folder / "index.html")]
    if (folder / "embed" / "index.html").is_file():
        weights.append(("kartu sematan", folder / "embed" / "index.html"))
    lite = head.site / "lite" / entry.url.strip("/") / "index.html"
    if lite.is_file():
        weights.append(("edisi ringan", lite))
    lines += ["**Bobot halaman**", "", "| halaman | bobot | anggaran |", "|---|---|---|"]
    for label, page in weights:
        weight = page_weight(head.site, head.siteurl.rstrip("/"), page)
        budget = SMALL_BUDGET if label != "halaman buletin" else PAGE_BUDGET
        lines.append(f"| {label} | {size(weight)} | {size(budget)}, {within(weight, budget)} |")
    lines.append("")
    mine = [(c, kind) for c in feeds for kind, links in (("muncul", c.added), ("berubah", c.changed),
                                                         ("hilang", c.removed))
            if f"{head.siteurl.rstrip('/')}/{entry.url}" in links]  # fmt: skip
    lines += ["**Umpan (feed)**", ""]
    if mine:
        lines += [f"- {kind} di `{c.scope}` ({', '.join(c.formats)})" for c, kind in mine]
    else:
        lines.append("Tidak ada item umpan yang berubah untuk buletin ini.")
    lines.append("")
    if entry.after.urgency == "darurat" or (entry.before is not None and entry.before.urgency == "darurat"):
        lines += _cap_section(entry, base, head, folder)
    return lines


def shown_page(entry: Entry, head: Side) -> Path | None:
    """The built page folder of a bulletin the report shows in full."""
    return page_folder(head.site, entry.url) if entry.after is not None and not entry.problems else None


def _cap_section(entry: Entry, base: Side, head: Side, folder: Path) -> list[str]:
    new = folder / "alert.cap.xml"
    old_folder = page_folder(base.site, entry.before.url) if entry.before is not None else None
    old = old_folder / "alert.cap.xml" if old_folder is not None else None
    lines = ["**Pesan peringatan CAP**", ""]
    if not new.is_file():
        lines += ["Tidak ada pesan CAP untuk versi ini.", ""]
        return lines
    text = new.read_text(encoding="utf-8")
    lines += [f"`{entry.url}alert.cap.xml`:", "", "<details><summary>Isi pesan CAP</summary>", "",
              fence(text, "xml"), "", "</details>", ""]  # fmt: skip
    if old is not None and old.is_file():
        diff = list(difflib.unified_diff(old.read_text(encoding="utf-8").splitlines(), text.splitlines(),
                                         "dasar/alert.cap.xml", "usulan/alert.cap.xml", lineterm=""))  # fmt: skip
        lines += ["Perbedaan dengan pesan di cabang dasar:", "", fence("\n".join(diff), "diff") if diff
                  else "Tidak ada perbedaan.", ""]  # fmt: skip
    else:
        lines += ["Pesan CAP baru (belum ada di cabang dasar).", ""]
    return lines


def render(base: Side, head: Side, base_name: str, found: list[Entry], feeds: list[FeedChange],
           cards: dict[str, list[Card]], images: bool, artifact: str = "") -> tuple[str, dict]:  # fmt: skip
    """The report's Markdown and the review decision."""
    before, after = url_list(base.site), url_list(head.site)
    gone, new = head.gone, sorted(after - before)
    reasons = sorted({f"{e.code or e.path}: {r}" for e in found for r in e.needs_approver})
    if gone and head.site is not None:
        reasons.append(f"{len(gone)} URL terbit hilang")
    invalid = [e for e in found if e.problems]
    lines = [f"# Laporan pratinjau: {len(found)} buletin berubah", ""]
    lines.append(f"Dibandingkan dengan `{base_name}`. Kedua sisi dibangun dengan kode dan pengaturan yang sama; "
                 "yang dibandingkan hanya isinya (`content/`, `data/`).")  # fmt: skip
    if artifact:
        lines += ["", f"Gambar kartu bagikan dan laporan lengkap: [artefak `{FOLDER}`]({artifact})."]
    lines += ["", "| | buletin | pemeriksaan | catatan perubahan |", "|---|---|---|---|"]
    for e in found:
        status = "lolos" if not e.problems else f"**{len(e.problems)} masalah**"
        lines.append(f"| {e.kind} | {e.title} (`{e.code}`) | {status} | {e.note} |")
    if not found:
        lines.append("| | tidak ada buletin yang berubah | | |")
    lines += ["", "## Aturan tinjauan", ""]
    if reasons:
        lines.append("**Perlu persetujuan penyetuju** sebelum digabung (lihat panduan staf, bagian Meninjau):")
        lines += [f"- {reason}" for reason in reasons]
    else:
        lines.append("Cukup ditinjau satu anggota redaksi.")
    if invalid:
        lines += ["", f"**{len(invalid)} buletin tidak lolos pemeriksaan**: perbaiki dulu sebelum digabung."]
    for label, side in (("usulan", head), ("dasar", base)):
        if side.build_error:
            lines += ["", f"**Build sisi {label} gagal**: {side.build_error}"]
    lines += ["", "## Alamat (URL) tetap", ""]
    if gone:
        lines.append(f"**GAGAL: {len(gone)} URL yang sudah terbit akan hilang.** Penjaga URL akan menolak "
                     "publish ini. Kembalikan halamannya, atau cabut buletin dengan `status: withdrawn` "
                     "alih-alih menghapus berkasnya, atau tambahkan pengalihan di `data/redirects.txt`.")  # fmt: skip
        lines += ["", *[f"- `{url}`" + (f" (dan {under} berkas di bawahnya)" if under else "") for url, under in gone.items()]]
    else:
        lines.append("Tidak ada URL terbit yang hilang.")
    pages = [url for url in new if url.endswith("/")]
    if pages:
        lines += ["", f"{len(pages)} halaman baru:", "", *[f"- `{url}`" for url in pages]]
    if len(new) > len(pages):
        lines += ["", f"Ditambah {len(new) - len(pages)} berkas baru lain (versi kartu bagikan, poster, umpan, data)."]
    lines += ["", "## Umpan (feed) yang berubah", ""]
    if feeds:
        lines += ["| umpan | format | item baru | item berubah | item hilang |", "|---|---|---|---|---|"]
        lines += [f"| `{c.scope}` | {', '.join(c.formats)} | {len(c.added)} | {len(c.changed)} | {len(c.removed)} |"
                  for c in feeds]  # fmt: skip
    else:
        lines.append("Tidak ada item umpan yang berubah.")
    for kind in (ADDED, CHANGED, WITHDRAWN, REMOVED):
        mine = [e for e in found if e.kind == kind]
        if mine:
            lines += ["", f"## {HEADINGS[kind]}", ""]
            for e in mine:
                lines += _bulletin_section(e, base, head, feeds, cards.get(e.path, []), images)
    decision = {"perlu_penyetuju": bool(reasons), "alasan": reasons, "tidak_lolos": len(invalid),
                "url_hilang": sorted(gone), "buletin": [{"jenis": e.kind, "kode": e.code, "berkas": e.path} for e in found]}  # fmt: skip
    return "\n".join(lines).rstrip() + "\n", decision


def cut(text: str, limit: int, note: str) -> str:
    """`text` within `limit` bytes, cut at a line, with `note` saying so."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    room = limit - len(note.encode("utf-8")) - 8  # the note, blank lines and a closing fence
    kept = data[:room].decode("utf-8", "ignore").rsplit("\n", 1)[0]
    if kept.count("```") % 2:  # never leave a code block open
        kept += "\n```"
    return f"{kept}\n\n{note}\n"


def make_report(project: Path, out: Path, settings_file: Path, overrides: dict, base: str | None = None,
                artifact: str = "", scratch: Path | None = None) -> Report:  # fmt: skip
    """Build both sides, compare them and write the report folder `out` (replaced whole)."""
    from warta.build import read_settings

    project = Path(project).resolve()
    base = base or default_base(project)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="warta-pr-report-", dir=scratch) as temp:
        temp = Path(temp)
        export_base(project, base, temp / "dasar")
        sides = {}
        for name, root in (("dasar", temp / "dasar"), ("usulan", project)):
            # The base keeps its reader cache apart; the request's side shares the project's.
            extra = {"CACHE_PATH": str(temp / "dasar" / "cache" / "pelican")} if name == "dasar" else {}
            settings = read_settings(settings_file, {**overrides, **extra, "PATH": str(root / "content")})
            side = sides[name] = read_side(root, settings)
            side.siteurl, side.settings = settings["SITEURL"], settings
            previous = sides["dasar"].site / "urls.txt" if name == "usulan" and sides["dasar"].site else None
            build_side(side, settings_file, {**overrides, **extra}, temp / "situs" / name, previous)
        base_side, head_side = sides["dasar"], sides["usulan"]
        found = entries(base_side, head_side)
        feeds = feed_changes(base_side.site, head_side.site)
        cards = {e.path: share_cards(folder, e.after, head_side.settings, out)
                 for e in found if (folder := shown_page(e, head_side)) is not None}  # fmt: skip
        markdown, decision = render(base_side, head_side, base, found, feeds, cards, images=True)
        summary, _ = render(base_side, head_side, base, found, feeds, cards, images=False, artifact=artifact)
    (out / REPORT).write_text(markdown, encoding="utf-8")
    note = f"_Laporan dipotong agar muat; versi lengkapnya `{REPORT}` ada di artefak `{FOLDER}`._"
    (out / SUMMARY).write_text(cut(summary, SUMMARY_MAX, note), encoding="utf-8")
    (out / "komentar.md").write_text(cut(summary, COMMENT_MAX, note), encoding="utf-8")
    (out / DECISION).write_text(json.dumps(decision, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                encoding="utf-8")  # fmt: skip
    return Report(markdown, summary, decision)


def relative_files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())

