"""Bulletin schema: read a bulletin's header with line numbers and check every field.

Pure functions, no Pelican: `check_file()` validates one file and `check_all()` adds the
checks that span files (duplicate codes and URLs, unknown `supersedes`). Problems print as
`path:line: field: what is wrong; how to fix it`, in the staff's language (`Rules.language`,
see `language.py`).

A pushed file is only partly trusted, so the checks also keep one file from reaching
outside `content/`, running script on the site or stalling the build: paths must stay
inside `content/` with safe names, link targets may not be script URLs, raw HTML that
runs or loads anything is refused, and size, topic, nesting and pixel limits hold.
"""

from __future__ import annotations

import difflib
import functools
import html
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from PIL import Image, UnidentifiedImageError

from .areas import Regency
from .language import say
from .model import (
    HOAX_REBUTTAL,
    INFOGRAPHIC,
    STATUSES,
    TYPES,
    URGENCIES,
    Bulletin,
    Change,
    Source,
)
from .scaffold import PLACEHOLDER_BODY, PLACEHOLDER_SUMMARY
from .site import DEFAULT_TIMEZONE

# The same grammar as Python-Markdown's `meta` extension, which Pelican reads with.
KEY_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
MORE_LINE = re.compile(r"^[ ]{4,}(?P<value>.*)")
MONTHS = {
    name: number
    for number, names in enumerate((
        ("januari", "jan"), ("februari", "feb", "pebruari"), ("maret", "mar"), ("april", "apr"),
        ("mei",), ("juni", "jun"), ("juli", "jul"), ("agustus", "agu", "agt", "ags", "aug"),
        ("september", "sep", "sept"), ("oktober", "okt", "oct"), ("november", "nov", "nop"),
        ("desember", "des", "dec"),
    ), start=1)
    for name in names
}  # fmt: skip
ZONES = {"wib": 7, "wita": 8, "wit": 9, "z": 0}
# ISO (2020-06-02 10:00, 2020-06-02T10:00+07:00) and the forms staff type:
# "Selasa, 2 Juni 2020 10.00 WIB", "02/06/2020 10:00", "2020-06-02 pukul 10.00".
DATE_TEXT = re.compile(
    r"""^(?:(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu),?\s+)?
    (?:(?P<iso>\d{4}-\d{2}-\d{2})
      |(?P<day>\d{1,2})(?:/(?P<month>\d{1,2})/|\s+(?P<month_name>[a-z]+)\s+)(?P<year>\d{4}))
    (?:(?:\s+|T)(?:pukul\s+|jam\s+)?(?P<hour>\d{1,2})[.:](?P<minute>\d{2})(?::(?P<second>\d{2}))?)?
    (?:\s*(?P<zone>wib|wita|wit|z|[+-]\d{2}:\d{2}))?$""",
    re.IGNORECASE | re.VERBOSE,
)
CODE_FORM = r"^{prefix}-\d{{6}}-\d{{2,3}}$"
SLUG_FORM = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
IMAGE_WITHOUT_ALT = re.compile(r"!\[\s*\]\(")
# Published file names: what every host, CDN and chat app carries without escaping.
# A web address as written in a header: no spaces, quotes or angle brackets.
WEB_ADDRESS = re.compile(r"^https?://[^\s\"'<>`]+$")
SAFE_PATH = re.compile(r"^[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*$")
TITLE_MAX = 120
HOAX_MARK = "[HOAKS]"
HOAX_SECTIONS = ("Beredar", "Faktanya")

# Limits that keep one file from stalling the build (docs/content.md, "Safe content"). Markdown's
# inline parser is quadratic in unclosed brackets per block and recursive in nesting.
BODY_MAX_BYTES = 200_000
TOPICS_MAX = 10
NESTING_MAX = 12
BRACKETS_PER_BLOCK_MAX = 300
IMAGE_MAX_PIXELS = 40_000_000
SCRIPT_SCHEMES = ("javascript", "vbscript", "data")
LINK_TARGET = re.compile(
    r"""(?:\]\(\s*<?|^\s{0,3}\[[^\]]*\]:\s*<?|<
      |\b(?:href|src|action|formaction|poster|background|cite|data|xlink:href)\s*=\s*["']?)
    \s*(?P<scheme>[a-z][a-z0-9+.\-]*)\s*:""",
    re.IGNORECASE | re.VERBOSE,
)
RAW_HTML_THAT_RUNS = re.compile(
    r"<\s*/?\s*(?P<tag>script|style|iframe|frame|frameset|object|embed|applet|form|input|button|"
    r"textarea|select|link|meta|base|svg|math|template|noscript)\b",
    re.IGNORECASE,
)
EVENT_ATTRIBUTE = re.compile(r"<[a-z][^>]*?\s(?P<attribute>on[a-z]+)\s*=", re.IGNORECASE)
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
# C0 and C1 control characters other than tab and newline: invisible, and invalid in XML.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

REQUIRED = ("title", "date", "type", "kecamatan", "summary", "code")
# Drafts are never published, so a draft may leave these for later (`invoke new` does).
DRAFT_MAY_LACK = ("type", "kecamatan", "summary")
OPTIONAL = (
    "modified", "topics", "urgency", "expires", "image", "image_alt", "transcript",
    "video", "sources", "changes", "status", "withdrawn_reason", "supersedes", "slug",
    "author", "test",
)  # fmt: skip
# `test: ya` marks a drill (docs/content.md); what staff may write for yes and no.
YES, NO = ("ya", "yes", "true"), ("tidak", "no", "false")
KEYS = REQUIRED + OPTIONAL


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int  # 0: the file as a whole
    field: str  # "": the file as a whole
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


@dataclass(frozen=True)
class Field:
    key: str
    line: int
    values: tuple[str, ...]  # the first line's value, then each continuation line

    @property
    def text(self) -> str:
        return " ".join(v for v in self.values if v).strip()


@dataclass(frozen=True)
class Rules:
    """What a bulletin is checked against; built once per build from the settings."""

    regency: Regency
    content_root: Path
    code_prefix: str = "KRW"
    summary_max: int = 300
    timezone: str = DEFAULT_TIMEZONE
    now: datetime | None = None
    slugify: Callable[[str], str] = lambda text: re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    url_for: Callable[[str, datetime], str] = lambda slug, date: f"{date:%Y/%m}/{slug}/"
    language: str = "id"
    published_paths: tuple[str, ...] = ("images", "media")  # Pelican's STATIC_PATHS


def is_header_comment(line: str) -> bool:
    """Unindented `# …` lines after the first key are comments (`invoke new` documents
    fields so); indented ones continue a value, e.g. a heading in a transcript."""
    return line.startswith("#")


def parse_header(text: str) -> tuple[dict[str, list[Field]], int, list[tuple[int, str]]]:
    """Header fields by key (a list, to catch repeats), the body's first line, and lines
    that break the header grammar. A continuation line indented by a tab or fewer than four
    spaces is one of those, but its value is kept, so that no later key goes missing."""
    lines = text.splitlines()
    fields: dict[str, list[Field]] = {}
    broken: list[tuple[int, str]] = []
    number = 0
    if lines and re.match(r"^-{3}(\s.*)?$", lines[0]):
        number = 1  # optional YAML-style opening fence
    current = None
    while number < len(lines):
        line = lines[number]
        if not line.strip() or re.match(r"^(-{3}|\.{3})(\s.*)?$", line):
            number += 1
            break
        key_line = KEY_LINE.match(line)
        if current and is_header_comment(line):
            pass
        elif key_line and (not line[0].isspace() or key_line["key"].lower() in KEYS):
            current = Field(key_line["key"].lower(), number + 1, (key_line["value"].strip(),))
            fields.setdefault(current.key, []).append(current)
        elif current and (MORE_LINE.match(line) or line[0] in " \t"):
            if not MORE_LINE.match(line):
                broken.append((number + 1, line))
            extended = Field(current.key, current.line, (*current.values, line.strip()))
            fields[current.key][-1] = current = extended
        else:
            broken.append((number + 1, line))
            break
        number += 1
    return fields, number + 1, broken


def parse_date(text: str, timezone_name: str) -> datetime | None:
    """A timezone-aware datetime for the accepted forms, naive ones read in `timezone_name`."""
    match = DATE_TEXT.match(" ".join(text.split()))
    if match is None:
        return None
    if match["iso"]:
        year, month, day = (int(part) for part in match["iso"].split("-"))
    else:
        year, day = int(match["year"]), int(match["day"])
        month = int(match["month"]) if match["month"] else MONTHS.get(match["month_name"].lower())
    zone = (match["zone"] or "").lower()
    if zone in ZONES:
        tz = timezone(timedelta(hours=ZONES[zone])) if zone != "wib" else ZoneInfo("Asia/Jakarta")
    elif zone:
        sign = -1 if zone[0] == "-" else 1
        tz = timezone(sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])))
    else:
        tz = ZoneInfo(timezone_name)
    try:
        return datetime(year, month or 0, day, int(match["hour"] or 0), int(match["minute"] or 0),
                        int(match["second"] or 0), tzinfo=tz)  # fmt: skip
    except ValueError:
        return None


def _show(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def _closest(word: str, choices: Iterable[str]) -> str | None:
    choices = list(choices)
    by_fold = {choice.casefold(): choice for choice in choices}
    close = difflib.get_close_matches(word.casefold(), list(by_fold), n=1, cutoff=0.6)
    return by_fold[close[0]] if close else None


def inside(root: Path, relative: str) -> Path | None:
    """`root/relative` when it stays inside `root` once `..` and symbolic links are resolved."""
    real_root = os.path.realpath(root)
    target = os.path.realpath(os.path.join(real_root, relative))
    return Path(target) if target == real_root or target.startswith(real_root + os.sep) else None


def image_pixels(path: Path) -> int | None:
    """Width x height from the file's header (nothing is decoded); None if not an image.
    The content walk and a bulletin's `image` both ask for the same files: read each once."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return _header_pixels(os.fspath(path), found.st_size, found.st_mtime_ns)


@functools.lru_cache(maxsize=None)
def _header_pixels(path: str, size: int, mtime_ns: int) -> int | None:
    try:
        with Image.open(path) as image:
            return image.width * image.height
    except Image.DecompressionBombError:
        return IMAGE_MAX_PIXELS + 1
    except (UnidentifiedImageError, OSError):
        return None


def markdown_problems(lines: list[str], first_line: int) -> list[tuple[int, str, str]]:
    """(line, Indonesian, English) for Markdown that could run script or stall the parser."""
    found, fenced, brackets, block_start, crowded = [], False, 0, first_line, False
    for offset, raw in enumerate(lines):
        number = first_line + offset
        if FENCE.match(raw):
            fenced = not fenced
            continue
        if not raw.strip():
            brackets, block_start, crowded = 0, number + 1, False
            continue
        if fenced:
            continue
        line = CONTROL.sub("", html.unescape(raw).replace("\t", ""))
        for match in LINK_TARGET.finditer(line):
            scheme = match["scheme"].lower()
            if scheme in SCRIPT_SCHEMES:
                found.append((number, f"tautan '{scheme}:' tidak diizinkan karena bisa menjalankan "
                              "skrip; tautkan alamat https:// atau berkas di bawah content/",
                              f"a '{scheme}:' link is not allowed because it can run script; link "
                              "an https:// address or a file under content/"))  # fmt: skip
        # Tags are matched as written: an entity-escaped "&lt;script&gt;" is harmless text.
        if match := RAW_HTML_THAT_RUNS.search(raw):
            tag = match["tag"].lower()
            found.append((number, f"HTML mentah <{tag}> tidak diizinkan; tulis dengan Markdown, "
                          "atau jadikan tautan biasa",
                          f"raw HTML <{tag}> is not allowed; write it in Markdown or as a "
                          "plain link"))  # fmt: skip
        if match := EVENT_ATTRIBUTE.search(raw):
            attribute = match["attribute"].lower()
            found.append((number, f"atribut HTML {attribute}= menjalankan skrip dan tidak "
                          "diizinkan; hapus atribut itu",
                          f"the HTML attribute {attribute}= runs script and is not allowed; "
                          "remove it"))  # fmt: skip
        depth = len(re.match(r"^[\s>]*", raw)[0].replace("    ", ">").replace("\t", ">").replace(" ", ""))
        if depth > NESTING_MAX:
            found.append((number, f"bersarang {depth} tingkat (kutipan atau daftar di dalam daftar), "
                          f"lebih dari {NESTING_MAX}; ratakan strukturnya",
                          f"is nested {depth} levels deep (quotes or lists within lists), more "
                          f"than {NESTING_MAX}; flatten it"))  # fmt: skip
        brackets += line.count("[")
        if brackets > BRACKETS_PER_BLOCK_MAX and not crowded:
            crowded = True  # once per block
            found.append((block_start, f"satu paragraf memuat lebih dari {BRACKETS_PER_BLOCK_MAX} "
                          "tanda '['; pecah paragrafnya dengan baris kosong",
                          f"one paragraph holds more than {BRACKETS_PER_BLOCK_MAX} '[' signs; split "
                          "it with blank lines"))  # fmt: skip
    return found


# What a file's check may ask the content folder, each a function of (content root, argument):
# the result of `check_file` stands as long as every answer it got stands (`lookups_hold`).
LOOKUPS: dict[str, Callable[[Path, str], object]] = {
    "inside": lambda root, relative: None if (target := inside(root, relative)) is None else str(target),
    "is_file": lambda root, path: Path(path).is_file(),
    "pixels": lambda root, path: image_pixels(Path(path)),
}
Lookup = tuple[str, str, object]  # (kind, argument, answer)


def lookups_hold(lookups: Iterable[Lookup], rules: Rules) -> bool:
    """Whether the content folder still answers every lookup of a check as it did then."""
    return all(LOOKUPS[kind](rules.content_root, argument) == answer for kind, argument, answer in lookups)


class _FileCheck:
    """Checks one file; collects every problem instead of stopping at the first."""

    def __init__(self, path: str, text: str, rules: Rules):
        self.path, self.text, self.rules = path, text, rules
        self.problems: list[Problem] = []
        self.lookups: list[Lookup] = []
        self.fields, self.body_line, broken = parse_header(text)
        self.status = self._status_text()
        for line, content in broken:
            if content[:1] in (" ", "\t"):
                tab = "\t" in content[: len(content) - len(content.lstrip())]
                self.report(line, "header", self.say(
                    f"baris lanjutan menjorok dengan {'tab' if tab else 'kurang dari empat spasi'}; "
                    "awali baris lanjutan dengan tepat empat spasi",
                    f"continuation line indented with {'a tab' if tab else 'fewer than four spaces'}; "
                    "indent continuation lines with four spaces"))  # fmt: skip
            else:
                self.report(line, "header", self.say(
                    f"'{content.strip()}' bukan baris 'kunci: nilai'; beri satu baris kosong di antara "
                    "kepala dan isi buletin",
                    f"'{content.strip()}' is not a 'key: value' line; put a blank line between the "
                    "header and the text"))  # fmt: skip

    def say(self, indonesian: str, english: str) -> str:
        return say(self.rules.language, indonesian, english)

    def look(self, kind: str, argument: str):
        """Ask the content folder (see LOOKUPS), noting the answer; the rest of the check
        depends only on the text and the rules."""
        answer = LOOKUPS[kind](self.rules.content_root, argument)
        self.lookups.append((kind, argument, answer))
        return answer

    def report(self, line: int, key: str, message: str) -> None:
        self.problems.append(Problem(self.path, line, key, message))

    def _status_text(self) -> str:
        found = self.fields.get("status")
        return found[0].text if found else "published"

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    def get(self, key: str) -> Field | None:
        found = self.fields.get(key)
        return found[0] if found else None

    def line(self, key: str) -> int:
        found = self.get(key)
        return found.line if found else 1

    def required(self, key: str, example: str) -> Field | None:
        found = self.get(key)
        if found is None or not found.text:
            if not (self.is_draft and key in DRAFT_MAY_LACK):
                self.report(self.line(key), key, self.say(
                    f"belum diisi; tambahkan baris seperti '{key}: {example}'",
                    f"missing; add a line like '{key}: {example}'"))  # fmt: skip
            return None
        return found

    def date(self, key: str) -> datetime | None:
        found = self.get(key)
        if found is None or not found.text:
            return None
        moment = parse_date(found.text, self.rules.timezone)
        if moment is None:
            self.report(found.line, key, self.say(
                f"'{found.text}' bukan tanggal; tulis sebagai YYYY-MM-DD HH:MM (WIB), mis. "
                "2020-06-02 10:00, atau 2 Juni 2020 10.00",
                f"'{found.text}' is not a date; write it as YYYY-MM-DD HH:MM in WIB, e.g. "
                "2020-06-02 10:00"))  # fmt: skip
        return moment

    def choice(self, key: str, allowed: Iterable[str], default: str) -> str:
        found = self.get(key)
        if found is None or not found.text:
            return default
        allowed = list(allowed)
        if found.text in allowed:
            return found.text
        exact = [a for a in allowed if a.casefold() == found.text.casefold()]
        close = _closest(found.text, allowed)
        listing = ", ".join(allowed)
        if exact:
            hint = self.say(f"tulis sebagai '{exact[0]}'", f"write it as '{exact[0]}'")
        elif close:
            hint = self.say(f"maksud Anda '{close}'? Pilihannya: {listing}",
                            f"did you mean '{close}'? Use one of: {listing}")
        else:
            hint = self.say(f"pilih salah satu: {listing}", f"use one of: {listing}")
        self.report(found.line, key, self.say(f"'{found.text}' bukan {key} yang dikenal; {hint}",
                                              f"'{found.text}' is not a known {key}; {hint}"))
        return default

    def content_file(self, key: str, what: tuple[str, str]) -> str | None:
        """A path under content/ named in the header: inside it, safe to publish, present."""
        found = self.get(key)
        if found is None or not found.text:
            return None
        relative = found.text.lstrip("/")
        root = self.rules.content_root
        target = self.look("inside", relative)
        if target is None or ".." in relative.split("/"):
            self.report(found.line, key, self.say(
                f"'{found.text}' menunjuk ke luar folder {root.name}/; simpan berkasnya di bawah "
                f"{root.name}/ dan tulis jalurnya dari sana, mis. images/2021/poster.png",
                f"'{found.text}' points outside {root.name}/; keep the file under {root.name}/ and "
                "write its path from there, e.g. images/2021/poster.png"))  # fmt: skip
            return None
        if not SAFE_PATH.match(relative):
            self.report(found.line, key, self.say(
                f"nama '{relative}' memuat karakter yang tidak aman untuk alamat web; ganti nama "
                "berkasnya hanya dengan huruf, angka, '.', '_' dan '-' (tanpa spasi)",
                f"the name '{relative}' has characters that are not safe in a web address; rename "
                "the file using letters, digits, '.', '_' and '-' only (no spaces)"))  # fmt: skip
            return None
        if not self.look("is_file", target):
            self.report(found.line, key, self.say(
                f"{what[0]} '{relative}' tidak ada di bawah {root.name}/; tambahkan berkasnya atau "
                "perbaiki jalurnya",
                f"{what[1]} '{relative}' not found under {root.name}/; add the file or fix the "
                "path"))  # fmt: skip
        return relative

    def run(self) -> Bulletin | None:
        self.check_keys()
        self.check_characters()
        title = self.required("title", "Jadwal Vaksinasi COVID-19 di Klari")
        self.required("date", "2020-06-02 10:00")
        date = self.date("date")
        type_field = self.required("type", "Pengumuman")
        kind = self.choice("type", TYPES, "") if type_field else ""
        summary = self.required("summary", "Satu atau dua kalimat ringkasan.")
        code = self.check_code()
        areas, whole = self.check_areas()
        modified = self.date("modified")
        expires = self.date("expires")
        urgency = self.choice("urgency", URGENCIES, "biasa")
        status = self.choice("status", STATUSES, "published")
        changes = self.check_changes(date)
        self.check_dates(date, modified, expires, changes)
        self.check_urgency(urgency, expires)
        drill = self.check_drill(urgency)
        self.check_topics()
        if title and len(title.text) > TITLE_MAX:
            self.report(title.line, "title", self.say(
                f"panjangnya {len(title.text)} karakter, lebih dari {TITLE_MAX}; persingkat dan "
                "pindahkan rinciannya ke isi",
                f"is {len(title.text)} characters, more than {TITLE_MAX}; shorten it and keep the "
                "details for the text"))  # fmt: skip
        if summary and len(summary.text) > self.rules.summary_max:
            self.report(summary.line, "summary", self.say(
                f"panjangnya {len(summary.text)} karakter, lebih dari {self.rules.summary_max}; "
                "persingkat menjadi satu atau dua kalimat",
                f"is {len(summary.text)} characters, more than {self.rules.summary_max}; shorten it "
                "to one or two sentences"))  # fmt: skip
        image, image_alt = self.check_image(kind)
        video = self.check_video()
        sources = self.check_sources()
        self.check_status(status)
        self.check_template_text(status, summary)
        self.check_body(kind, title)
        slug = self.check_slug(title)
        drafted = status == "draft"
        if None in (title, date, code) or not drafted and (summary is None or not kind or not (areas or whole)):
            return None
        supersedes = self.get("supersedes")
        return Bulletin(
            source_path=self.path,
            title=title.text,
            slug=slug,
            url=self.rules.url_for(slug, date),
            code=code,
            type=kind,
            date=date,
            modified=modified,
            areas=tuple(areas),
            whole_regency=whole,
            urgency=urgency,
            expires=expires,
            image=image,
            image_alt=image_alt,
            video=video,
            sources=tuple(sources),
            changes=tuple(changes),
            status=status,
            withdrawn_reason=self.get("withdrawn_reason").text if self.get("withdrawn_reason") else None,
            supersedes=supersedes.text.upper() if supersedes and supersedes.text else None,
            drill=drill,
            summary_text=summary.text if summary else "",
            now=self.rules.now,
            line_of={key: fields[0].line for key, fields in self.fields.items()},
        )

    def check_keys(self) -> None:
        for key, fields in self.fields.items():
            if key not in KEYS:
                close = _closest(key, KEYS)
                hint = (self.say(f"maksud Anda '{close}'?", f"did you mean '{close}'?") if close else
                        self.say(f"kunci yang dikenal: {', '.join(KEYS)}", f"allowed keys are: {', '.join(KEYS)}"))
                self.report(fields[0].line, key, self.say(f"kunci tidak dikenal; {hint}", f"unknown key; {hint}"))
            for repeat in fields[1:]:
                self.report(repeat.line, key, self.say(
                    f"ditulis dua kali (pertama di baris {fields[0].line}); sisakan satu baris, dan "
                    "lanjutkan nilai panjang di baris yang menjorok empat spasi",
                    f"given twice (first on line {fields[0].line}); keep one line, continue long "
                    "values on lines indented by four spaces"))  # fmt: skip

    def check_characters(self) -> None:
        """Invisible control characters (pasted from other programs) never reach any page,
        feed or JSON, and a file too large to be a bulletin never reaches Markdown."""
        for number, line in enumerate(self.text.splitlines(), start=1):
            if match := CONTROL.search(line):
                self.report(number, "text", self.say(
                    f"memuat karakter kendali tak terlihat U+{ord(match[0]):04X}; hapus karakter itu "
                    "(biasanya terbawa saat menyalin dari program lain)",
                    f"holds an invisible control character U+{ord(match[0]):04X}; delete it (it "
                    "usually comes with text copied from another program)"))  # fmt: skip
        size = len(self.text.encode("utf-8"))
        if size > BODY_MAX_BYTES:
            self.report(self.body_line, "text", self.say(
                f"buletin ini {size // 1000} KB, lebih dari {BODY_MAX_BYTES // 1000} KB; pecah "
                "menjadi beberapa buletin atau jadikan lampiran",
                f"the bulletin is {size // 1000} KB, more than {BODY_MAX_BYTES // 1000} KB; split it "
                "into several bulletins or attach a document"))  # fmt: skip

    def check_code(self) -> str | None:
        found = self.required("code", f"{self.rules.code_prefix}-200602-01")
        if found is None:
            return None
        code = found.text.upper()
        if not re.match(CODE_FORM.format(prefix=re.escape(self.rules.code_prefix)), code):
            prefix = self.rules.code_prefix
            self.report(found.line, "code", self.say(
                f"'{found.text}' bukan kode verifikasi; bentuknya {prefix}-YYMMDD-NN, dan "
                "`invoke new` memberikannya",
                f"'{found.text}' is not a verification code; it looks like {prefix}-YYMMDD-NN, and "
                "`invoke new` assigns one"))  # fmt: skip
            return None
        return code

    def check_areas(self):
        found = self.required("kecamatan", "32.15.05, Cikampek (atau 'semua' untuk seluruh kabupaten)")
        if found is None:
            return [], False
        regency, areas, whole = self.rules.regency, [], False
        for name in (part.strip() for part in found.text.split(",")):
            if not name:
                continue
            if regency.is_whole(name):
                whole = True
            elif area := regency.find(name):
                if area not in areas:
                    areas.append(area)
            else:
                hint = self.area_hint(name)
                self.report(found.line, "kecamatan", self.say(
                    f"'{name}' bukan kecamatan di {regency.name}; {hint}pakai kode atau nama resmi, "
                    "atau 'semua' untuk seluruh kabupaten",
                    f"'{name}' is not a kecamatan of {regency.name}; {hint}use an official code or "
                    "name, or 'semua' for the whole regency"))  # fmt: skip
        if whole and areas:
            self.report(found.line, "kecamatan", self.say(
                "'semua' sudah mencakup setiap kecamatan; hapus nama lainnya atau hapus 'semua'",
                "'semua' already covers every kecamatan; remove the other names or remove 'semua'"))
        return ([], False) if whole and areas else (areas, whole)

    def area_hint(self, name: str) -> str:
        regency = self.rules.regency
        if re.fullmatch(r"[\d.]+", name):  # a mistyped code resembles every other code
            first, last = regency.areas[0].code, regency.areas[-1].code
            return self.say(f"kodenya dari {first} sampai {last}; ", f"codes run from {first} to {last}; ")
        close = regency.suggest(name)
        if not close:
            return ""
        return self.say(f"maksud Anda '{close.name}' ({close.code})? ", f"did you mean '{close.name}' ({close.code})? ")

    def check_topics(self) -> None:
        found = self.get("topics")
        if found is None:
            return
        names = [name.strip() for name in found.text.split(",") if name.strip()]
        if len(names) > TOPICS_MAX:
            self.report(found.line, "topics", self.say(
                f"{len(names)} topik, lebih dari {TOPICS_MAX}; pilih paling banyak {TOPICS_MAX} "
                "topik yang paling penting",
                f"{len(names)} topics, more than {TOPICS_MAX}; keep at most {TOPICS_MAX}, the most "
                "important ones"))  # fmt: skip
        for name in names:
            if not self.rules.slugify(name):
                self.report(found.line, "topics", self.say(
                    f"topik '{name}' tidak menghasilkan alamat halaman; pakai huruf atau angka "
                    "Latin dalam namanya",
                    f"the topic '{name}' gives no page address; use Latin letters or digits in "
                    "its name"))  # fmt: skip

    def check_changes(self, date: datetime | None) -> list[Change]:
        found = self.get("changes")
        if found is None:
            return []
        changes = []
        for offset, entry in enumerate(v for v in found.values if v):
            line = found.line + offset
            when, bar, note = entry.partition("|")
            moment = parse_date(when, self.rules.timezone)
            if not bar or not note.strip() or moment is None:
                self.report(line, "changes", self.say(
                    f"'{entry}' bukan catatan perubahan; tulis 'YYYY-MM-DD HH:MM | apa yang diubah', "
                    "satu per baris",
                    f"'{entry}' is not a change note; write 'YYYY-MM-DD HH:MM | what changed', one "
                    "per line"))  # fmt: skip
                continue
            if date and moment < date:
                self.report(line, "changes", self.say(
                    f"{_show(moment)} lebih awal dari tanggal buletin {_show(date)}; catatan "
                    "perubahan ditulis setelah terbit",
                    f"{_show(moment)} is before the bulletin's date {_show(date)}; a change note "
                    "comes after publication"))  # fmt: skip
            changes.append(Change(moment, note.strip()))
        return sorted(changes, key=lambda change: change.date, reverse=True)

    def check_dates(self, date, modified, expires, changes) -> None:
        if date and modified and modified < date:
            self.report(self.line("modified"), "modified", self.say(
                f"{_show(modified)} lebih awal dari date {_show(date)}; buletin tidak bisa berubah "
                "sebelum terbit, jadi isi modified dengan waktu setelah date",
                f"{_show(modified)} is before date {_show(date)}; a bulletin cannot change before "
                "it is published, so set modified to a time after date"))  # fmt: skip
        if date and expires and expires <= date:
            self.report(self.line("expires"), "expires", self.say(
                f"{_show(expires)} tidak setelah date {_show(date)}; isi waktu berakhir yang lebih "
                "lambat atau hapus barisnya",
                f"{_show(expires)} is not after date {_show(date)}; set a later expiry or remove "
                "the line"))  # fmt: skip
        newest = changes[0].date if changes else None
        modified_unreadable = modified is None and self.get("modified") is not None
        if newest and modified != newest and not modified_unreadable:
            self.report(self.line("modified") if modified else self.line("changes"), "modified", self.say(
                f"harus sama dengan waktu catatan perubahan terbaru; tulis 'modified: {_show(newest)}'",
                f"must be the time of the newest change note; set 'modified: {_show(newest)}'"))
        if modified and not changes and not self.get("changes"):
            self.report(self.line("modified"), "modified", self.say(
                "diisi tetapi tidak ada catatan perubahan yang menjelaskan apa yang berubah; "
                "tambahkan 'changes: YYYY-MM-DD HH:MM | apa yang diubah' atau hapus modified",
                "is set but no change note says what changed; add 'changes: YYYY-MM-DD HH:MM | "
                "what changed' or remove modified"))  # fmt: skip

    def check_urgency(self, urgency: str, expires: datetime | None) -> None:
        """An emergency without an end would stay pinned on every page forever, and CAP
        aggregators drop alerts that do not say when they expire."""
        if urgency == "darurat" and expires is None and self.get("expires") is None:
            self.report(self.line("urgency"), "expires", self.say(
                "buletin darurat wajib punya waktu berakhir; tambahkan 'expires: YYYY-MM-DD HH:MM' "
                "(perpanjang nanti bila keadaan darurat berlanjut)",
                "a darurat bulletin needs an end; add 'expires: YYYY-MM-DD HH:MM' (extend it later "
                "if the emergency goes on)"))  # fmt: skip

    def check_drill(self, urgency: str) -> bool:
        """`test: ya` makes a darurat bulletin a drill; on any other urgency it would mark
        nothing that CAP carries, so it is refused rather than ignored."""
        found = self.get("test")
        if found is None or not found.text:
            return False
        answer = found.text.casefold()
        if answer not in YES + NO:
            self.report(found.line, "test", self.say(
                f"'{found.text}' bukan nilai yang dikenal; tulis 'test: ya' untuk buletin latihan, atau "
                "hapus barisnya",
                f"'{found.text}' is not a known value; write 'test: ya' for a drill bulletin, or remove "
                "the line"))  # fmt: skip
            return False
        if answer in NO:
            return False
        if urgency != "darurat":
            self.report(found.line, "test", self.say(
                "latihan hanya untuk peringatan darurat; tambahkan 'urgency: darurat' (dengan "
                "'expires') atau hapus baris test",
                "a drill exercises an emergency alert; add 'urgency: darurat' (with 'expires') or "
                "remove the test line"))  # fmt: skip
            return False
        return True

    def check_image(self, kind: str):
        image = self.content_file("image", ("gambar", "image"))
        alt = self.get("image_alt")
        present = image and self.look("is_file", os.path.join(self.rules.content_root, image))
        if present and (pixels := self.look("pixels", os.path.join(self.rules.content_root, image))) is None:
            self.report(self.line("image"), "image", self.say(
                f"'{image}' bukan gambar yang bisa dibaca; simpan ulang sebagai PNG, JPEG atau WebP",
                f"'{image}' is not an image that can be read; save it again as PNG, JPEG or WebP"))
        elif present and pixels > IMAGE_MAX_PIXELS:
            self.report(self.line("image"), "image", self.say(
                f"gambar '{image}' berukuran {pixels / 1e6:.0f} megapiksel, lebih dari "
                f"{IMAGE_MAX_PIXELS // 1_000_000}; ekspor ulang dengan sisi terpanjang paling banyak "
                "4000 piksel",
                f"the image '{image}' has {pixels / 1e6:.0f} megapixels, more than "
                f"{IMAGE_MAX_PIXELS // 1_000_000}; export it again with its longest side at most "
                "4000 pixels"))  # fmt: skip
        if image and (alt is None or not alt.text):
            self.report(self.line("image"), "image_alt", self.say(
                "belum diisi; setiap gambar perlu teks yang menjelaskan isinya, tambahkan "
                "'image_alt: …' di bawah baris image",
                "missing; every image needs a text that describes it, add 'image_alt: …' under "
                "the image line"))  # fmt: skip
        if kind == INFOGRAPHIC:
            if not self.get("image"):
                self.report(self.line("type"), "image", self.say(
                    "Infografis wajib punya gambar; tambahkan 'image: images/…' dengan berkasnya "
                    "di content/images/",
                    "an Infografis needs its image; add 'image: images/…' with the file under "
                    "content/images/"))  # fmt: skip
            transcript = self.get("transcript")
            if transcript is None or not transcript.text:
                self.report(self.line("type"), "transcript", self.say(
                    "Infografis wajib memuat seluruh teks pada gambarnya; tambahkan 'transcript:' "
                    "dan lanjutkan di baris yang menjorok empat spasi",
                    "an Infografis needs the full text of its image; add 'transcript:' and continue "
                    "it on lines indented by four spaces"))  # fmt: skip
        transcript = self.get("transcript")
        if transcript:
            for line, indonesian, english in markdown_problems(list(transcript.values), transcript.line):
                self.report(line, "transcript", self.say(indonesian, english))
        return image, alt.text if alt and alt.text else None

    def check_video(self) -> str | None:
        found = self.get("video")
        if found is None or not found.text:
            return None
        if found.text.startswith("http://"):
            self.report(found.line, "video", self.say("tautan wajib memakai https://; ubah alamatnya",
                                                      "links must use https://; change the address"))
            return None
        if found.text.startswith("https://") and WEB_ADDRESS.match(found.text):
            return found.text
        if re.match(r"^[a-z][a-z0-9+.\-]*:", found.text, re.IGNORECASE):
            self.report(found.line, "video", self.say(
                f"'{found.text}' bukan alamat https:// atau berkas di bawah content/; ubah alamatnya",
                f"'{found.text}' is neither an https:// address nor a file under content/; change "
                "the address"))  # fmt: skip
            return None
        return self.content_file("video", ("berkas video", "video file"))

    def check_sources(self) -> list[Source]:
        found = self.get("sources")
        sources = []
        for offset, entry in enumerate(v for v in (found.values if found else ()) if v):
            name, _, url = (part.strip() for part in entry.partition("|"))
            if url and not WEB_ADDRESS.match(url):
                self.report(found.line + offset, "sources", self.say(
                    f"'{url}' bukan alamat web; tulis 'Nama | https://…' atau namanya saja",
                    f"'{url}' is not a web address; write 'Name | https://…' or just the name"))
                url = ""
            sources.append(Source(name, url or None))
        return sources

    def check_status(self, status: str) -> None:
        reason = self.get("withdrawn_reason")
        if status == "withdrawn" and (reason is None or not reason.text):
            self.report(self.line("status"), "withdrawn_reason", self.say(
                "belum diisi; buletin yang dicabut memberi tahu pembaca alasannya, tambahkan "
                "'withdrawn_reason: …'",
                "missing; a withdrawn bulletin tells readers why, add 'withdrawn_reason: …'"))
        if reason and status != "withdrawn":
            self.report(reason.line, "withdrawn_reason", self.say(
                "diisi tetapi status bukan 'withdrawn'; tambahkan 'status: withdrawn' atau hapus "
                "alasannya",
                "set but status is not 'withdrawn'; add 'status: withdrawn' or remove the reason"))

    def check_template_text(self, status: str, summary: Field | None) -> None:
        """The scaffold's placeholder texts never reach residents."""
        if status == "draft":
            return
        if summary and summary.text == PLACEHOLDER_SUMMARY:
            self.report(summary.line, "summary", self.say(
                "masih teks templat; tulis ringkasan buletin ini dalam satu atau dua kalimat",
                "still the template text; write this bulletin's summary in one or two sentences"))
        body = self.text.splitlines()[self.body_line - 1 :]
        for offset, line in enumerate(body):
            if line.strip() == PLACEHOLDER_BODY:
                self.report(self.body_line + offset, "text", self.say(
                    "masih teks templat; ganti dengan isi buletin",
                    "still the template text; replace it with the bulletin's text"))

    def check_body(self, kind: str, title: Field | None) -> None:
        body = self.text.splitlines()[self.body_line - 1 :]
        if not any(line.strip() for line in body):
            self.report(self.body_line, "text", self.say(
                "buletin belum ada isinya; tulis isinya setelah baris kosong di bawah kepala",
                "the bulletin has no text; write it after the header's blank line"))
        self.check_leaked_header(body)
        for offset, line in enumerate(body):
            if IMAGE_WITHOUT_ALT.search(line):
                self.report(self.body_line + offset, "text", self.say(
                    "sebuah gambar tidak punya teks alternatif; tulis ![apa isi gambarnya](berkas)",
                    "an image has no alternative text; write ![what the image shows](file)"))
        for line, indonesian, english in markdown_problems(body, self.body_line):
            self.report(line, "text", self.say(indonesian, english))
        if kind != HOAX_REBUTTAL:
            return
        if title and not title.text.startswith(HOAX_MARK):
            self.report(title.line, "title", self.say(
                f"judul klarifikasi hoaks diawali '{HOAX_MARK}' agar salinan yang diteruskan tidak "
                "dikira hoaksnya",
                f"a hoax rebuttal's title starts with '{HOAX_MARK}' so a forwarded copy cannot pass "
                "for the hoax"))  # fmt: skip
        headings = {line.lstrip("#").strip() for line in body if line.startswith("## ")}
        for section in HOAX_SECTIONS:
            if section not in headings:
                self.report(self.body_line, "text", self.say(
                    f"klarifikasi hoaks perlu bagian '## {section}'; 'Beredar' berisi apa yang "
                    "beredar, 'Faktanya' berisi fakta",
                    f"a hoax rebuttal needs a '## {section}' section; 'Beredar' says what circulates, "
                    "'Faktanya' the facts"))  # fmt: skip

    def check_leaked_header(self, body: list[str]) -> None:
        """Header lines or template comments after a blank line would be published as text
        and headings: the header ended too early. One plain "Status: Siaga 1" opening the
        text is prose, so a lone key line without a comment beside it passes."""
        leaked, blank = [], self.body_line - 1
        for offset, line in enumerate(body):
            number = self.body_line + offset
            key_line = KEY_LINE.match(line.lstrip("#").strip() if line.startswith("#") else line)
            if key_line and key_line["key"].lower() in KEYS:
                leaked.append((number, line, key_line["key"], blank))
            elif line.strip():
                break
            else:
                blank = number
        if len(leaked) < 2 and not any(line.startswith("#") for _, line, _, _ in leaked):
            return
        for number, line, key, blank in leaked:
            if line.startswith("#"):
                self.report(number, "header", self.say(
                    f"baris komentar templat '{line.strip()}' ada di isi buletin dan akan terbit "
                    f"sebagai judul; hapus barisnya, atau hapus baris kosong di baris {blank} agar "
                    "tetap di kepala",
                    f"the template comment '{line.strip()}' is in the text and would be published as "
                    f"a heading; delete it, or remove the blank line {blank} to keep it in the header"))  # fmt: skip
            else:
                self.report(number, "header", self.say(
                    f"'{key}' ada setelah baris kosong di baris {blank}, jadi akan terbit sebagai "
                    "teks; hapus baris kosong di dalam kepala",
                    f"'{key}' comes after the blank line {blank}, so it would be published as text; "
                    "remove the blank line inside the header"))  # fmt: skip

    def check_slug(self, title: Field | None) -> str:
        found = self.get("slug")
        if found and found.text:
            if not SLUG_FORM.match(found.text):
                self.report(found.line, "slug", self.say(
                    f"'{found.text}' bukan slug; pakai huruf kecil, angka dan tanda hubung tunggal, "
                    "mis. vaksinasi-klari",
                    f"'{found.text}' is not a slug; use lowercase letters, digits and single dashes, "
                    "e.g. vaksinasi-klari"))  # fmt: skip
            return found.text
        slug = self.rules.slugify(title.text) if title else ""
        if title and not slug:
            self.report(title.line, "slug", self.say(
                "judul ini tidak menghasilkan alamat halaman; tambahkan 'slug: …' dengan huruf "
                "kecil, angka dan tanda hubung",
                "this title gives no page address; add 'slug: …' with lowercase letters, digits "
                "and dashes"))  # fmt: skip
        return slug


def check_file(path: str, text: str, rules: Rules) -> tuple[Bulletin | None, list[Problem]]:
    """Validate one bulletin. The Bulletin is None when a required field is unusable; it is
    returned with other problems too so that cross-file checks still see it."""
    bulletin, problems, _ = check_file_traced(path, text, rules)
    return bulletin, problems


def check_file_traced(path: str, text: str, rules: Rules) -> tuple[Bulletin | None, list[Problem], tuple[Lookup, ...]]:
    """`check_file`, and what it asked the content folder (whether a named file is there and
    inside it, an image's pixels). The same path, text and rules give the same result while
    `lookups_hold`, except `Bulletin.now`, which is the rules' `now`."""
    check = _FileCheck(path, text, rules)
    bulletin = check.run()
    return bulletin, check.problems, tuple(check.lookups)


def check_all(bulletins: Iterable[Bulletin], language: str = "id") -> list[Problem]:
    """Checks across files: codes and URLs are unique, `supersedes` names a real code."""
    problems, codes, urls = [], {}, {}
    bulletins = list(bulletins)
    for bulletin in bulletins:
        line = bulletin.line_of
        if first := codes.get(bulletin.code):
            problems.append(Problem(bulletin.source_path, line["code"], "code", say(language,
                f"{bulletin.code} sudah dipakai oleh {first.source_path}; kode tidak pernah dipakai "
                "ulang, jalankan `invoke new` atau ambil nomor berikutnya yang belum terpakai",
                f"{bulletin.code} is already used by {first.source_path}; codes are never reused, "
                "run `invoke new` or take the next free number")))  # fmt: skip
        else:
            codes[bulletin.code] = bulletin
        url = bulletin.url
        if first := urls.get(url):
            problems.append(Problem(bulletin.source_path, line.get("slug", line["title"]), "slug", say(language,
                f"'{bulletin.slug}' menghasilkan alamat {url}, yang sudah dipakai oleh "
                f"{first.source_path}; tambahkan 'slug: …' dengan slug lain",
                f"'{bulletin.slug}' gives the URL {url}, already used by {first.source_path}; add "
                "'slug: …' with a different slug")))  # fmt: skip
        else:
            urls[url] = bulletin
    for bulletin in bulletins:
        if not bulletin.supersedes:
            continue
        if bulletin.supersedes == bulletin.code:
            message = say(language, "menunjuk buletin ini sendiri; tulis kode buletin lama yang digantikan",
                          "names the bulletin itself; give the code of the earlier bulletin")
        elif bulletin.supersedes not in codes:
            message = say(language,
                f"tidak ada buletin berkode {bulletin.supersedes}; tulis kode verifikasi buletin "
                "yang digantikan oleh buletin ini",
                f"no bulletin has the code {bulletin.supersedes}; give the verification code of the "
                "bulletin this one replaces")  # fmt: skip
        elif codes[bulletin.supersedes].is_drill != bulletin.is_drill:
            message = say(language,
                f"{bulletin.supersedes} adalah buletin {'sungguhan' if bulletin.is_drill else 'latihan'}, "
                "sedangkan buletin ini bukan; latihan dan buletin sungguhan tidak saling menggantikan, "
                "hapus baris supersedes",
                f"{bulletin.supersedes} is {'a real bulletin' if bulletin.is_drill else 'a drill'} and this "
                "one is not; drills and real bulletins never replace each other, remove the supersedes "
                "line")  # fmt: skip
        else:
            continue
        problems.append(Problem(bulletin.source_path, bulletin.line_of["supersedes"], "supersedes", message))
    return problems
