"""Bulletin schema: read a bulletin's header with line numbers and check every field.

Pure functions, no Pelican: `check_file()` validates one file and `check_all()` adds the
checks that span files (duplicate codes and URLs, unknown `supersedes`). Problems print as
`path:line: field: what is wrong; how to fix it`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .areas import Regency
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

# The same grammar as Python-Markdown's `meta` extension, which Pelican reads with.
KEY_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
MORE_LINE = re.compile(r"^[ ]{4,}(?P<value>.*)")
DATE_FORMS = (
    re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$"),
    re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)$"),
)
DATE_HINT = "write it as YYYY-MM-DD HH:MM in WIB, e.g. 2020-06-02 10:00"
CODE_FORM = r"^{prefix}-\d{{6}}-\d{{2,3}}$"
SLUG_FORM = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
IMAGE_WITHOUT_ALT = re.compile(r"!\[\s*\]\(")
TITLE_MAX = 120
HOAX_MARK = "[HOAKS]"
HOAX_SECTIONS = ("Beredar", "Faktanya")

REQUIRED = ("title", "date", "type", "kecamatan", "summary", "code")
OPTIONAL = (
    "modified", "topics", "urgency", "expires", "image", "image_alt", "transcript",
    "video", "sources", "changes", "status", "withdrawn_reason", "supersedes", "slug",
    "author",
)  # fmt: skip
KEYS = REQUIRED + OPTIONAL


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


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
    timezone: str = "Asia/Jakarta"
    now: datetime | None = None
    slugify: Callable[[str], str] = lambda text: re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    url_for: Callable[[str, datetime], str] = lambda slug, date: f"{date:%Y/%m}/{slug}/"


def is_header_comment(line: str) -> bool:
    """Unindented `# …` lines after the first key are comments (`invoke new` documents
    fields so); indented ones continue a value, e.g. a heading in a transcript."""
    return line.startswith("#")


def parse_header(text: str) -> tuple[dict[str, list[Field]], int, list[tuple[int, str]]]:
    """Header fields by key (a list, to catch repeats), the body's first line, and lines
    that break the header grammar."""
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
        if current and is_header_comment(line):
            pass
        elif match := KEY_LINE.match(line):
            current = Field(match["key"].lower(), number + 1, (match["value"].strip(),))
            fields.setdefault(current.key, []).append(current)
        elif current and (match := MORE_LINE.match(line)):
            extended = Field(current.key, current.line, (*current.values, match["value"].strip()))
            fields[current.key][-1] = current = extended
        else:
            broken.append((number + 1, line))
            break
        number += 1
    return fields, number + 1, broken


def parse_date(text: str, timezone: str) -> datetime | None:
    """A timezone-aware datetime for the accepted forms, naive ones read in `timezone`."""
    text = text.strip()
    if not any(form.match(text) for form in DATE_FORMS):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(timezone))


def _show(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


class _FileCheck:
    """Checks one file; collects every problem instead of stopping at the first."""

    def __init__(self, path: str, text: str, rules: Rules):
        self.path, self.text, self.rules = path, text, rules
        self.problems: list[Problem] = []
        self.fields, self.body_line, broken = parse_header(text)
        for line, content in broken:
            self.report(line, "header", f"'{content.strip()}' is not a 'key: value' line; "
                        "put a blank line between the header and the text")  # fmt: skip

    def report(self, line: int, key: str, message: str) -> None:
        self.problems.append(Problem(self.path, line, key, message))

    def get(self, key: str) -> Field | None:
        found = self.fields.get(key)
        return found[0] if found else None

    def line(self, key: str) -> int:
        found = self.get(key)
        return found.line if found else 1

    def required(self, key: str, example: str) -> Field | None:
        found = self.get(key)
        if found is None or not found.text:
            self.report(self.line(key), key, f"missing; add a line like '{key}: {example}'")
            return None
        return found

    def date(self, key: str) -> datetime | None:
        found = self.get(key)
        if found is None or not found.text:
            return None
        moment = parse_date(found.text, self.rules.timezone)
        if moment is None:
            self.report(found.line, key, f"'{found.text}' is not a date; {DATE_HINT}")
        return moment

    def choice(self, key: str, allowed: Iterable[str], default: str) -> str:
        found = self.get(key)
        if found is None or not found.text:
            return default
        allowed = list(allowed)
        if found.text in allowed:
            return found.text
        exact = [a for a in allowed if a.casefold() == found.text.casefold()]
        hint = f"write it as '{exact[0]}'" if exact else f"use one of: {', '.join(allowed)}"
        self.report(found.line, key, f"'{found.text}' is not a known {key}; {hint}")
        return default

    def content_file(self, key: str, what: str) -> str | None:
        found = self.get(key)
        if found is None or not found.text:
            return None
        relative = found.text.lstrip("/")
        if not (self.rules.content_root / relative).is_file():
            self.report(found.line, key, f"{what} '{relative}' not found under "
                        f"{self.rules.content_root.name}/; add the file or fix the path")  # fmt: skip
        return relative

    def run(self) -> Bulletin | None:
        self.check_keys()
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
        if title and len(title.text) > TITLE_MAX:
            self.report(title.line, "title", f"is {len(title.text)} characters, more than "
                        f"{TITLE_MAX}; shorten it and keep the details for the text")  # fmt: skip
        if summary and len(summary.text) > self.rules.summary_max:
            self.report(summary.line, "summary", f"is {len(summary.text)} characters, more than "
                        f"{self.rules.summary_max}; shorten it to one or two sentences")  # fmt: skip
        image, image_alt = self.check_image(kind)
        video = self.check_video()
        sources = self.check_sources()
        self.check_status(status)
        self.check_body(kind, title)
        slug = self.check_slug(title)
        if None in (title, date, summary, code) or not kind or not (areas or whole):
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
            now=self.rules.now,
            line_of={key: fields[0].line for key, fields in self.fields.items()},
        )

    def check_keys(self) -> None:
        for key, fields in self.fields.items():
            if key not in KEYS:
                hint = _did_you_mean(key, KEYS) or f"allowed keys are: {', '.join(KEYS)}"
                self.report(fields[0].line, key, f"unknown key; {hint}")
            for repeat in fields[1:]:
                self.report(repeat.line, key, f"given twice (first on line {fields[0].line}); "
                            "keep one line, continue long values on lines indented by four spaces")  # fmt: skip

    def check_code(self) -> str | None:
        found = self.required("code", f"{self.rules.code_prefix}-200602-01")
        if found is None:
            return None
        code = found.text.upper()
        if not re.match(CODE_FORM.format(prefix=re.escape(self.rules.code_prefix)), code):
            self.report(found.line, "code", f"'{found.text}' is not a verification code; it looks "
                        f"like {self.rules.code_prefix}-YYMMDD-NN, and `invoke new` assigns one")  # fmt: skip
            return None
        return code

    def check_areas(self):
        found = self.required("kecamatan", "32.15.05, Cikampek (or 'semua' for the whole regency)")
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
                self.report(found.line, "kecamatan", f"'{name}' is not a kecamatan of "
                            f"{regency.name}; {hint}use an official code or name, or 'semua' "
                            "for the whole regency")  # fmt: skip
        if whole and areas:
            self.report(found.line, "kecamatan", "'semua' already covers every kecamatan; "
                        "remove the other names or remove 'semua'")  # fmt: skip
        return ([], False) if whole and areas else (areas, whole)

    def area_hint(self, name: str) -> str:
        regency = self.rules.regency
        if re.fullmatch(r"[\d.]+", name):  # a mistyped code resembles every other code
            return f"codes run from {regency.areas[0].code} to {regency.areas[-1].code}; "
        close = regency.suggest(name)
        return f"did you mean '{close.name}' ({close.code})? " if close else ""

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
                self.report(line, "changes", f"'{entry}' is not a change note; write "
                            "'YYYY-MM-DD HH:MM | what changed', one per line")  # fmt: skip
                continue
            if date and moment < date:
                self.report(line, "changes", f"{_show(moment)} is before the bulletin's date "
                            f"{_show(date)}; a change note comes after publication")  # fmt: skip
            changes.append(Change(moment, note.strip()))
        return sorted(changes, key=lambda change: change.date, reverse=True)

    def check_dates(self, date, modified, expires, changes) -> None:
        if date and modified and modified < date:
            self.report(self.line("modified"), "modified", f"{_show(modified)} is before date "
                        f"{_show(date)}; a bulletin cannot change before it is published")  # fmt: skip
        if date and expires and expires <= date:
            self.report(self.line("expires"), "expires", f"{_show(expires)} is not after date "
                        f"{_show(date)}; set a later expiry or remove the line")  # fmt: skip
        newest = changes[0].date if changes else None
        modified_unreadable = modified is None and self.get("modified") is not None
        if newest and modified != newest and not modified_unreadable:
            self.report(self.line("modified") if modified else self.line("changes"), "modified",
                        f"must be the time of the newest change note; set 'modified: {_show(newest)}'")
        if modified and not changes and not self.get("changes"):
            self.report(self.line("modified"), "modified", "is set but no change note says what "
                        "changed; add 'changes: YYYY-MM-DD HH:MM | what changed' or remove modified")  # fmt: skip

    def check_image(self, kind: str):
        image = self.content_file("image", "image")
        alt = self.get("image_alt")
        if image and (alt is None or not alt.text):
            self.report(self.line("image"), "image_alt", "missing; every image needs a text "
                        "that describes it, add 'image_alt: …' under the image line")  # fmt: skip
        if kind == INFOGRAPHIC:
            if not self.get("image"):
                self.report(self.line("type"), "image", "an Infografis needs its image; "
                            "add 'image: images/…' with the file under content/images/")  # fmt: skip
            transcript = self.get("transcript")
            if transcript is None or not transcript.text:
                self.report(self.line("type"), "transcript", "an Infografis needs the full text "
                            "of its image; add 'transcript:' and continue it on lines indented "
                            "by four spaces")  # fmt: skip
        return image, alt.text if alt and alt.text else None

    def check_video(self) -> str | None:
        found = self.get("video")
        if found is None or not found.text:
            return None
        if found.text.startswith("http://"):
            self.report(found.line, "video", "links must use https://; change the address")
            return None
        if found.text.startswith("https://"):
            return found.text
        return self.content_file("video", "video file")

    def check_sources(self) -> list[Source]:
        found = self.get("sources")
        sources = []
        for offset, entry in enumerate(v for v in (found.values if found else ()) if v):
            name, _, url = (part.strip() for part in entry.partition("|"))
            if url and not url.startswith(("https://", "http://")):
                self.report(found.line + offset, "sources", f"'{url}' is not a web address; "
                            "write 'Name | https://…' or just the name")  # fmt: skip
                url = ""
            sources.append(Source(name, url or None))
        return sources

    def check_status(self, status: str) -> None:
        reason = self.get("withdrawn_reason")
        if status == "withdrawn" and (reason is None or not reason.text):
            self.report(self.line("status"), "withdrawn_reason", "missing; a withdrawn "
                        "bulletin tells readers why, add 'withdrawn_reason: …'")  # fmt: skip
        if reason and status != "withdrawn":
            self.report(reason.line, "withdrawn_reason", "set but status is not 'withdrawn'; "
                        "add 'status: withdrawn' or remove the reason")  # fmt: skip

    def check_body(self, kind: str, title: Field | None) -> None:
        body = self.text.splitlines()[self.body_line - 1 :]
        if not any(line.strip() for line in body):
            self.report(self.body_line, "text", "the bulletin has no text; write it after "
                        "the header's blank line")  # fmt: skip
        for offset, line in enumerate(body):
            if IMAGE_WITHOUT_ALT.search(line):
                self.report(self.body_line + offset, "text", "an image has no alternative "
                            "text; write ![what the image shows](file)")  # fmt: skip
        if kind != HOAX_REBUTTAL:
            return
        if title and not title.text.startswith(HOAX_MARK):
            self.report(title.line, "title", f"a hoax rebuttal's title starts with "
                        f"'{HOAX_MARK}' so a forwarded copy cannot pass for the hoax")  # fmt: skip
        headings = {line.lstrip("#").strip() for line in body if line.startswith("## ")}
        for section in HOAX_SECTIONS:
            if section not in headings:
                self.report(self.body_line, "text", f"a hoax rebuttal needs a '## {section}' "
                            "section; 'Beredar' says what circulates, 'Faktanya' the facts")  # fmt: skip

    def check_slug(self, title: Field | None) -> str:
        found = self.get("slug")
        if found and found.text:
            if not SLUG_FORM.match(found.text):
                self.report(found.line, "slug", f"'{found.text}' is not a slug; use lowercase "
                            "letters, digits and single dashes, e.g. vaksinasi-klari")  # fmt: skip
            return found.text
        return self.rules.slugify(title.text) if title else ""


def check_file(path: str, text: str, rules: Rules) -> tuple[Bulletin | None, list[Problem]]:
    """Validate one bulletin. The Bulletin is None when a required field is unusable; it is
    returned with other problems too so that cross-file checks still see it."""
    check = _FileCheck(path, text, rules)
    return check.run(), check.problems


def check_all(bulletins: Iterable[Bulletin]) -> list[Problem]:
    """Checks across files: codes and URLs are unique, `supersedes` names a real code."""
    problems, codes, urls = [], {}, {}
    bulletins = list(bulletins)
    for bulletin in bulletins:
        line = bulletin.line_of
        if first := codes.get(bulletin.code):
            problems.append(Problem(bulletin.source_path, line["code"], "code",
                            f"{bulletin.code} is already used by {first.source_path}; codes "
                            "are never reused, run `invoke new` or take the next free number"))  # fmt: skip
        else:
            codes[bulletin.code] = bulletin
        url = bulletin.url
        if first := urls.get(url):
            problems.append(Problem(bulletin.source_path, line.get("slug", line["title"]), "slug",
                            f"'{bulletin.slug}' gives the URL {url}, already used by "
                            f"{first.source_path}; add 'slug: …' with a different slug"))  # fmt: skip
        else:
            urls[url] = bulletin
    for bulletin in bulletins:
        if not bulletin.supersedes:
            continue
        if bulletin.supersedes == bulletin.code:
            message = "names the bulletin itself; give the code of the earlier bulletin"
        elif bulletin.supersedes not in codes:
            message = (f"no bulletin has the code {bulletin.supersedes}; give the verification "
                       "code of the bulletin this one replaces")  # fmt: skip
        else:
            continue
        problems.append(Problem(bulletin.source_path, bulletin.line_of["supersedes"], "supersedes", message))
    return problems
