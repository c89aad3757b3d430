"""`invoke broadcast`: send the outbox to the office's own channels through apprise, once per
bulletin version and target. It runs in the deploy job, after the upload, and reads only the
outbox, output/ and the ledger; the targets come from the environment (ENVIRONMENT), never
from a file, and no message or log line shows a secret.

Targets: WARTA_BROADCAST_URLS holds one `scope=URL` per line (or separated by spaces, for CI
variables that must be one line); `#` starts a comment line. The scope is `semua` (`all`),
`penting` (`urgent`: urgency penting or darurat, like the urgent feed) or a kecamatan code
(`32.15.05`: bulletins for that kecamatan or the whole regency); a URL without a scope is
`semua`. The URL is apprise's: `tgram://TOKEN/@channel`, `ntfys://[token@]host/topic`,
`mastodons://TOKEN@host`, or any other service apprise knows (sent the plain text).

What apprise sends, read in its source (apprise 2.2): Telegram `sendPhoto` with the file as
multipart and the text as the caption (parse_mode HTML) when the caption is below 1,024
characters, else `sendMessage`; ntfy a JSON publish with `attach` (the image's URL, fetched
by the apps), `click` and `X-Priority`, all from the URL's own options; Mastodon uploads the
file to /api/v1/media with the attachment's *name* as its `description`, so the attachment is
named with the alt text (and given its type explicitly), then posts the status with
`media_ids`. Apprise has no option for Telegram's API address: a self-hosted Bot API server
(BROADCAST_TELEGRAM_API) is set on the instance's own `notify_url`, the attribute every
request of NotifyTelegram is built from.

Exactly once: a target's ledger channel is `broadcast <scope> <name>`, where the name holds
no secret (a token changed at Telegram keeps the channel); each success is marked at once.
A target that fails is reported and left unmarked, its later messages wait (the order
stays), and the next run tries again; nothing here makes the deploy fail.

A lost ledger never re-sends the archive: a target the ledger does not know (first run, lost
or new ledger, new target, changed scope) first records every version older than
BROADCAST_WINDOW_HOURS as sent without sending it, and the moment it was first seen
(`@since`); from then on it is known, and everything newer is sent and retried until it goes.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import apprise
from apprise.attachment.file import AttachFile
from apprise.plugins import url_to_dict
from apprise.plugins.telegram import NotifyTelegram

from warta.core.language import say
from warta.core.ledger import Ledger
from warta.core.settings import load, outbox_folder, project_root

from . import outbox
from .settings import SETTINGS, Config, config_from

ENVIRONMENT = "WARTA_BROADCAST_URLS"
SINCE = "@since"  # the ledger key recording when a target was first seen; no outbox key starts with @
SCOPES = {"semua": "semua", "all": "semua", "penting": "penting", "urgent": "penting"}
AREA_CODE = re.compile(r"\d{2}\.\d{2}\.\d{2}")
SCOPED = re.compile(r"([^:/=\s]+)=(.+)")  # `scope=URL`: a scope holds no ':' or '/', a URL does before any '='
URGENT = ("penting", "darurat")
KINDS = {"tgram": "telegram", "ntfy": "ntfy", "ntfys": "ntfy", "mastodon": "mastodon", "mastodons": "mastodon",
         "toot": "mastodon", "toots": "mastodon"}  # fmt: skip
# Values of apprise's parsed URL that are credentials, whatever the service.
PRIVATE = ("password", "token", "bot_token", "webhook_token", "apikey", "api_key", "access_token", "secret", "key")
ASSET = apprise.AppriseAsset(app_id="Warta", app_desc="Warta", secure_logging=True)


class SendFailed(Exception):
    """The service did not take the message; the reason holds no secret."""


@dataclass(frozen=True)
class Target:
    scope: str  # "semua", "penting" or a kecamatan code
    kind: str  # "telegram", "ntfy", "mastodon" or "other"
    name: str  # shown, and names the target in the ledger: holds no secret
    results: dict = field(repr=False)  # apprise's parsed URL, credentials included: never shown
    secrets: tuple[str, ...] = field(default=(), repr=False)

    @property
    def channel(self) -> str:
        return f"broadcast {self.scope} {self.name}"

    @property
    def shown(self) -> str:
        return f"{self.name} ({self.scope})"

    def wants(self, entry: dict) -> bool:
        if self.scope == "semua":
            return True
        if self.scope == "penting":
            return entry["urgency"] in URGENT
        return entry["whole_regency"] or self.scope in entry["kecamatan"]


class Masker:
    """Replaces every secret of the targets in a text (apprise's log lines, errors)."""

    def __init__(self, secrets=()) -> None:
        found = {variant for secret in secrets if secret and len(secret) >= 4
                 for variant in (secret, quote(secret, safe=""), quote(secret, safe=":/@"))}  # fmt: skip
        self.secrets = sorted(found, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "****")
        return text


def _secrets(results: dict, kind: str) -> list[str]:
    values = [results.get(key) for key in PRIVATE]
    if not results.get("password"):
        values.append(results.get("user"))  # a token written where a user name goes
    token = results.get("bot_token") or ""
    values.append(token.partition(":")[2])
    if kind == "other":  # credentials sit anywhere in other services' URLs: hide every longer part
        values += [part for part in re.split(r"[/?&=:@]+", results.get("url") or "") if len(part) >= 6]
        values += [str(value) for value in results.get("qsd", {}).values()]
    values.append(results.get("url"))
    return [value for value in values if isinstance(value, str) and value]


def _name(results: dict, kind: str) -> str | None:
    """What a target is called in messages and in the ledger: never a credential."""
    targets = "/".join(str(t) for t in results.get("targets") or ())
    port = f":{results['port']}" if results.get("port") else ""
    if kind == "telegram":
        return f"telegram:{targets}" if targets else None
    if kind == "ntfy":
        return f"ntfy:{results.get('host')}{port}/{targets}" if targets else None
    if kind == "mastodon":
        return f"mastodon:{results.get('host')}{port}" + (f"/{targets}" if targets else "")
    digest = hashlib.sha256((results.get("url") or "").encode("utf-8")).hexdigest()[:10]
    return f"{results.get('schema')}:#{digest}"


def parse_targets(text: str, language: str = "id") -> tuple[list[Target], list[str]]:
    """The targets of WARTA_BROADCAST_URLS and, for each entry that cannot be used, one
    message naming its line and what to fix (never the URL itself)."""
    targets, problems, channels = [], [], set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        for item in line.split():
            where = say(language, f"{ENVIRONMENT} baris {number}", f"{ENVIRONMENT} line {number}")
            matched = SCOPED.fullmatch(item)
            scope, url = (matched[1], matched[2]) if matched else ("semua", item)
            scope = SCOPES.get(scope.lower(), scope)
            if scope not in ("semua", "penting") and not AREA_CODE.fullmatch(scope):
                problems.append(say(language,
                    f"{where}: cakupan '{scope}' tidak dikenal; tulis semua, penting atau kode kecamatan "
                    "(mis. 32.15.05) sebelum '='",
                    f"{where}: unknown scope '{scope}'; write semua, penting or a kecamatan code (e.g. 32.15.05) "
                    "before '='"))  # fmt: skip
                continue
            scheme = url.partition("://")[0] if "://" in url else ""
            shown_scheme = scheme if re.fullmatch(r"[a-z0-9+.-]{1,20}", scheme) else "?"
            with apprise_log():  # apprise's own complaint may quote the URL
                results = url_to_dict(url, secure_logging=True) if scheme else None
                usable = bool(results) and apprise.Apprise.instantiate(copy.deepcopy(results), asset=ASSET) is not None
            if not usable:
                problems.append(say(language,
                    f"{where}: alamat {shown_scheme}://… tidak dikenali apprise; periksa penulisannya "
                    "(docs/panduan-staf.md, Siaran)",
                    f"{where}: apprise does not accept the {shown_scheme}://… address; check how it is "
                    "written (docs/panduan-staf.md, Siaran)"))  # fmt: skip
                continue
            kind = KINDS.get(results["schema"], "other")
            name = _name(results, kind)
            if name is None:
                problems.append(say(language,
                    f"{where}: {shown_scheme}://… tidak menyebut tujuan; tulis kanal atau topik di akhir, "
                    "mis. tgram://TOKEN/@kanal atau ntfys://server/topik",
                    f"{where}: {shown_scheme}://… names no destination; end it with the channel or topic, "
                    "e.g. tgram://TOKEN/@channel or ntfys://server/topic"))  # fmt: skip
                continue
            target = Target(scope, kind, name, results, tuple(_secrets(results, kind)))
            if target.channel in channels:
                problems.append(say(language, f"{where}: {target.shown} sudah disebut; yang kedua dilewati",
                                    f"{where}: {target.shown} is listed already; the second is skipped"))
                continue
            channels.add(target.channel)
            targets.append(target)
    return targets, problems


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record) -> None:
        try:
            self.messages.append(record.getMessage())
        except Exception:  # a malformed record must not stop the send
            pass


@contextmanager
def apprise_log():
    """Apprise's warnings during a send, kept from the console (they are shown masked, as
    the reason of a failure)."""
    logger = logging.getLogger("apprise")
    handler, propagate = _Collect(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _attachment(entry: dict, output: Path, named_by_alt: bool = False):
    """The share image from output/ (the deploy job has it; no download from the site)."""
    image = entry.get("image") or {}
    path = output / image["path"] if image.get("path") else None
    if path is None or not path.is_file():
        return None
    attachments = apprise.AppriseAttachment(asset=ASSET)
    # NotifyMastodon sends the attachment's name as the media description (its alt text).
    name = image.get("alt") if named_by_alt and image.get("alt") else path.name
    attachments.add(AttachFile(str(path), name=name, mimetype=image.get("type") or None, asset=ASSET))
    return attachments


def _instance(results: dict, config: Config):
    plugin = apprise.Apprise.instantiate(results, asset=ASSET)
    if plugin is None:
        raise SendFailed("apprise tidak menerima alamat ini")
    if config.telegram_api and isinstance(plugin, NotifyTelegram):
        # No apprise URL option names the API server; every request is built from this attribute.
        plugin.notify_url = config.telegram_api.rstrip("/") + "/bot"
    return plugin


def deliver(target: Target, entry: dict, output: Path, config: Config) -> None:
    """Send one entry to one target; raises SendFailed with a reason free of secrets."""
    messages = entry["messages"]
    results = copy.deepcopy(target.results)
    given = results.get("qsd", {})  # options the URL sets itself win over Warta's defaults
    mask = Masker(target.secrets)
    with apprise_log() as logged:
        try:
            if target.kind == "telegram":
                if "content" not in given:
                    results["content"] = "after"  # the caption below the photo, as Telegram shows it
                if "preview" not in given:
                    results["preview"] = True  # a message without a photo shows the page's card
                sent = _instance(results, config).notify(body=messages["telegram"]["caption"],
                                                         body_format=apprise.NotifyFormat.HTML,
                                                         attach=_attachment(entry, output))  # fmt: skip
            elif target.kind == "ntfy":
                ntfy = messages["ntfy"]
                results.update(priority=str(ntfy["priority"]), click=ntfy["click"])
                if ntfy.get("attach"):
                    results["attach"] = ntfy["attach"]  # by URL: the apps fetch the live image
                if "image" not in given:
                    results["include_image"] = False  # no apprise icon beside the office's own image
                sent = _instance(results, config).notify(title=ntfy["title"], body=ntfy["message"],
                                                         body_format=apprise.NotifyFormat.TEXT)  # fmt: skip
            elif target.kind == "mastodon":
                if "language" not in given:
                    results["language"] = "id"
                attach = _attachment(entry, output, named_by_alt=True)
                sent = _instance(results, config).notify(body=messages["mastodon"]["status"],
                                                         body_format=apprise.NotifyFormat.TEXT, attach=attach)
            else:
                other = messages["other"]
                sent = _instance(results, config).notify(title=other["title"], body=other["body"],
                                                         body_format=apprise.NotifyFormat.TEXT)  # fmt: skip
        except SendFailed:
            raise
        except Exception as error:  # apprise reports failures by returning False; anything else is one too
            raise SendFailed(mask(f"{type(error).__name__}: {error}")) from None
    if not sent:
        raise SendFailed(mask(logged[-1]) if logged else "layanan menolak pesan")


@dataclass
class Report:
    dry_run: bool
    targets: list[Target] = field(default_factory=list)
    planned: list[tuple[str, dict]] = field(default_factory=list)  # dry run: (target shown, entry)
    sent: list[tuple[str, str]] = field(default_factory=list)  # (target shown, key)
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (target shown, key, reason)
    adopted: dict[str, int] = field(default_factory=dict)  # target shown -> versions recorded unsent
    waiting: list[str] = field(default_factory=list)  # keys whose page is not in output/
    problems: list[str] = field(default_factory=list)

    def lines(self, language: str = "id") -> list[str]:
        """What `invoke broadcast` prints, in the staff language; never a secret."""
        out = [f"{say(language, 'Peringatan', 'Warning')}: {problem}." for problem in self.problems]
        if not self.targets and not self.problems:
            return [say(language, f"Siaran mati: {ENVIRONMENT} kosong; tidak ada yang dikirim.",
                        f"Broadcast is off: {ENVIRONMENT} is empty; nothing was sent.")]
        if not self.targets:
            return [*out, say(language, "Siaran: tidak ada yang dikirim.", "Broadcast: nothing was sent.")]
        if self.dry_run:
            out.append(say(language, "Uji siaran (--dry-run): tidak ada yang dikirim atau dicatat.",
                           "Broadcast dry run: nothing is sent or recorded."))
            for target in self.targets:
                planned = [entry for shown, entry in self.planned if shown == target.shown]
                out.append(say(language, f"{target.shown}: {len(planned)} pesan akan dikirim",
                               f"{target.shown}: {len(planned)} message(s) would be sent"))
                out += [f"  {e['key']} ({e['kind']}): {e['messages']['ntfy']['title']}" for e in planned]
                if self.adopted.get(target.shown):
                    out.append(say(language,
                        f"  {self.adopted[target.shown]} versi lama akan dicatat terkirim tanpa dikirim "
                        "(tujuan ini belum ada di catatan pengiriman)",
                        f"  {self.adopted[target.shown]} older version(s) would be recorded as sent without "
                        "sending (the ledger does not know this target yet)"))  # fmt: skip
        else:
            for shown, key, reason in self.failed:
                out.append(say(language,
                    f"Peringatan: {shown} gagal menerima {key} ({reason}); dicoba lagi pada publish berikutnya.",
                    f"Warning: {shown} did not take {key} ({reason}); it is retried on the next publish."))  # fmt: skip
            for shown, count in self.adopted.items():
                out.append(say(language,
                    f"{shown}: tujuan baru di catatan pengiriman; {count} versi lama dicatat terkirim tanpa dikirim.",
                    f"{shown}: new in the ledger; {count} older version(s) recorded as sent without sending."))  # fmt: skip
            failed = say(language, f"; {len(self.failed)} gagal dan dicoba lagi pada publish berikutnya",
                         f"; {len(self.failed)} failed and are retried on the next publish") if self.failed else ""
            out.append(say(language, f"Siaran: {len(self.sent)} pesan terkirim ke {len(self.targets)} tujuan{failed}.",
                           f"Broadcast: {len(self.sent)} message(s) sent to {len(self.targets)} target(s){failed}."))
        if self.waiting:
            out.append(say(language,
                f"Menunggu halamannya ada di output/: {', '.join(self.waiting)}; dikirim setelah publish berikutnya.",
                f"Waiting for their pages in output/: {', '.join(self.waiting)}; sent after the next publish."))  # fmt: skip
        return out


def _time(entry: dict) -> datetime:
    return datetime.fromisoformat(entry["time"])


def broadcast(outbox_file: Path, output: Path, ledger_path: Path, urls: str, config: Config, now: datetime,
              language: str = "id", dry_run: bool = False) -> Report:  # fmt: skip
    """Send every outbox entry whose page is in `output` to each target in its scope that has
    not had it (see the module docstring). Raises LedgerError for a damaged ledger, before
    sending anything; every other problem is in the report."""
    report = Report(dry_run)
    report.targets, report.problems = parse_targets(urls, language)
    if not report.targets:
        return report
    try:
        data = outbox.read(outbox_file)
    except (OSError, ValueError) as error:
        report.problems.append(say(language,
            f"{outbox_file.name} tidak bisa dibaca ({error}); jalankan `invoke publish` dulu",
            f"{outbox_file.name} cannot be read ({error}); run `invoke publish` first"))  # fmt: skip
        report.targets = []
        return report
    codes = {area["code"] for area in data.get("kecamatan", ())}
    for target in [t for t in report.targets if t.scope not in ("semua", "penting") and t.scope not in codes]:
        report.problems.append(say(language, f"{target.shown}: tidak ada kecamatan berkode {target.scope}; dilewati",
                                   f"{target.shown}: no kecamatan has the code {target.scope}; skipped"))
        report.targets.remove(target)
    ledger = Ledger.load(ledger_path)
    entries = sorted(data["entries"], key=lambda e: (e["time"], e["key"]))
    live = [entry for entry in entries if (Path(output) / entry["page"]).is_file()]
    report.waiting = [entry["key"] for entry in entries if entry not in live]
    stamp = now.isoformat(timespec="seconds")
    start = now - timedelta(hours=config.window_hours)
    known = set(ledger.channels())
    for target in report.targets:
        due = [entry for entry in live if target.wants(entry) and not ledger.sent(target.channel, entry["key"])]
        if target.channel not in known:
            old = [entry for entry in due if _time(entry) < start]
            due = [entry for entry in due if _time(entry) >= start]
            if old:
                report.adopted[target.shown] = len(old)
            if not dry_run:
                ledger.mark(target.channel, SINCE, stamp)
                for entry in old:
                    ledger.mark(target.channel, entry["key"], f"{stamp} adopted")
        for entry in due:
            if dry_run:
                report.planned.append((target.shown, entry))
                continue
            try:
                deliver(target, entry, Path(output), config)
            except SendFailed as error:
                report.failed.append((target.shown, entry["key"], str(error)))
                break  # its later messages wait, so the channel keeps their order
            ledger.mark(target.channel, entry["key"], stamp)
            report.sent.append((target.shown, entry["key"]))
    return report


def broadcast_site(output: Path, settings, urls: str, now: datetime, language: str = "id",
                   dry_run: bool = False) -> Report:  # fmt: skip
    """`broadcast` with the paths and settings of a Pelican settings dict (`invoke broadcast`)."""
    settings = dict(settings)
    load(settings, SETTINGS)  # the defaults a build fills in (OUTBOX_PATH, …)
    config = config_from(settings)
    ledger = Path(config.ledger)
    if not ledger.is_absolute():
        ledger = project_root(settings) / ledger
    return broadcast(outbox_folder(settings) / outbox.FILE_NAME, Path(output), ledger, urls, config, now, language,
                     dry_run)  # fmt: skip
