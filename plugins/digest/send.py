"""The sending side: post each digest of the outbox that its list has not had yet, over SMTP.

`send_site` is what `invoke digest` runs in the deploy job, which holds the SMTP secret and
reads no content: only the outbox index and files the build wrote, output/ (a digest goes
out only when every bulletin page it links to is there, so nothing that failed to go live
is announced) and the ledger (`warta.core.ledger`, `.sent.json`). Who gets a digest comes
from the settings (DIGEST_SCOPES), never from the outbox.

- **Once per scope and day.** Each digest is one ledger entry, channel `digest/<scope>`, key
  the date, marked straight after the server accepted it. A rebuild, or a second run, sends
  nothing; the next day's digest is a new entry.
- **A lost ledger never re-sends the archive.** A list the ledger has no entry for (the first
  run, a lost ledger, a newly configured scope) gets only the digest of the day before the
  build's day; the older ones in the outbox are recorded as sent ("adopted") without being
  sent. The outbox only ever holds DIGEST_DAYS days, so at worst a list misses a few days'
  digests once; it never gets a week of them at once.
- **A failing server never fails the publish.** Connection, TLS and login failures stop the
  run with a warning; a refused message is reported and the others still go. Nothing failed
  is marked, so the next run tries again; the task exits 0 either way.
- **Secrets only from the environment**, `WARTA_SMTP_URL` = `smtps://user:password@host:465`
  (TLS from the start) or `smtp://user:password@host:587` (STARTTLS, required whenever a
  password is given; a server without credentials, such as a relay on the local network,
  gets STARTTLS when it offers it). User name and password are masked in every message.
"""

from __future__ import annotations

import json
import re
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from warta.core.errors import StaffError
from warta.core.language import say
from warta.core.ledger import Ledger
from warta.core.settings import load, outbox_folder, project_root
from warta.core.site import timezone

from .generator import FOLDER, INDEX, INDEX_VERSION
from .render import message_id_for
from .settings import SCOPE_FORM, SETTINGS, Config, MailingList, config_from

SMTP_ENV = "WARTA_SMTP_URL"
LEDGER_FILE = ".sent.json"  # the core ledger's file, beside the project like .websub-state.json
CHANNEL = "digest/{scope}"
TIMEOUT = 30  # seconds per SMTP command
ADOPTED = "adopted "  # prefix of the ledger's time for a digest recorded without being sent
DATE_FORM = re.compile(r"\d{4}-\d{2}-\d{2}")
URL_CREDENTIALS = re.compile(r"(?<=://)[^/@\s]+@")


class DigestError(StaffError):
    """The outbox or the SMTP setting cannot be used; the message says how to fix it."""


@dataclass(frozen=True)
class Smtp:
    """The SMTP server from WARTA_SMTP_URL."""

    tls: bool  # smtps: TLS from the start; else STARTTLS
    host: str
    port: int
    username: str = field(default="", repr=False)
    password: str = field(default="", repr=False)

    @property
    def shown(self) -> str:
        return f"{'smtps' if self.tls else 'smtp'}://{self.host}:{self.port}"

    def secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self.password, self.username) if s)


def parse_smtp_url(url: str) -> Smtp:
    """`smtp[s]://[user[:password]@]host[:port]`; user and password may be %-encoded."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        parts, port = None, None
    if parts is None or parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise DigestError(f"{SMTP_ENV} is not an SMTP URL; use smtps://USER:PASSWORD@HOST:465 or "
                          "smtp://USER:PASSWORD@HOST:587 (STARTTLS)")  # fmt: skip
    tls = parts.scheme == "smtps"
    return Smtp(tls, parts.hostname, port or (465 if tls else 587),
                unquote(parts.username or ""), unquote(parts.password or ""))  # fmt: skip


def mask(text: str, secrets=()) -> str:
    """`text` without any secret and without the user:password part of any URL in it."""
    text = URL_CREDENTIALS.sub("***@", str(text))
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


class ServerDown(Exception):
    """The server cannot be reached, refused TLS or the login: no digest can go this run."""


def _why(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        detail = error.smtp_error.decode("utf-8", "replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
        return f"{error.smtp_code} {detail}".strip()
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{address}: {_why(smtplib.SMTPResponseException(*answer))}"
                         for address, answer in error.recipients.items())  # fmt: skip
    return str(error) or type(error).__name__


class Connection:
    """One SMTP session for the whole run, opened when the first digest is due."""

    def __init__(self, smtp: Smtp, helo: str, timeout: float = TIMEOUT):
        self.smtp, self.helo, self.timeout = smtp, helo, timeout
        self.client: smtplib.SMTP | None = None

    def open(self) -> smtplib.SMTP:
        smtp, context = self.smtp, ssl.create_default_context()
        try:
            if smtp.tls:
                client = smtplib.SMTP_SSL(smtp.host, smtp.port, local_hostname=self.helo, timeout=self.timeout,
                                          context=context)  # fmt: skip
            else:
                client = smtplib.SMTP(smtp.host, smtp.port, local_hostname=self.helo, timeout=self.timeout)
            self.client = client
            if not smtp.tls:
                client.ehlo()
                if client.has_extn("starttls"):
                    client.starttls(context=context)
                    client.ehlo()
                elif smtp.password:
                    raise ServerDown(f"{smtp.shown} offers no STARTTLS, and the password is never sent unencrypted; "
                                     "use smtps:// or a server with STARTTLS")  # fmt: skip
            if smtp.username:
                client.login(smtp.username, smtp.password)
        except ServerDown:
            self.close()
            raise
        except (OSError, smtplib.SMTPException, ssl.SSLError) as error:
            self.close()
            raise ServerDown(f"{smtp.shown}: {_why(error)}") from None
        return client

    def send(self, message: EmailMessage, sender: str, recipient: str) -> None:
        client = self.client or self.open()
        try:
            client.send_message(message, from_addr=sender, to_addrs=[recipient])
        except (smtplib.SMTPServerDisconnected, OSError) as error:
            self.close()
            raise ServerDown(f"{self.smtp.shown}: {_why(error)}") from None

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.quit()
            except (OSError, smtplib.SMTPException):
                self.client.close()
            self.client = None


@dataclass(frozen=True)
class Entry:
    """One digest of the outbox index."""

    scope: str
    date: str
    subject: str
    pages: tuple[str, ...]

    @property
    def channel(self) -> str:
        return CHANNEL.format(scope=self.scope)


@dataclass
class Report:
    dry_run: bool = False
    server: str | None = None  # the SMTP server, shown without credentials
    sent: list[tuple[Entry, str]] = field(default_factory=list)  # (digest, list address); planned in a dry run
    adopted: list[Entry] = field(default_factory=list)
    already: int = 0
    waiting: list[Entry] = field(default_factory=list)  # a page it links to is not in output/ yet
    failed: list[tuple[Entry, str]] = field(default_factory=list)  # (digest, why), masked
    no_server: bool = False  # WARTA_SMTP_URL unset: nothing was sent or recorded
    no_lists: bool = False

    def lines(self, language: str = "id") -> list[str]:
        """What `invoke digest` prints, in the staff language."""
        if self.no_lists:
            return [say(language, "Ringkasan email mati (DIGEST_SCOPES kosong); tidak ada yang dikirim.",
                        "Email digests are off (DIGEST_SCOPES is empty); nothing was sent.")]
        if self.no_server:
            return [say(language, f"{SMTP_ENV} belum diatur, jadi {len(self.sent)} ringkasan email tidak dikirim; "
                                  "atur variabel itu di CI (docs/panduan-staf.md) bila kantor memakai milis.",
                        f"{SMTP_ENV} is not set, so {len(self.sent)} digest(s) were not sent; set that variable in "
                        "CI (docs/panduan-staf.md) if the office uses mailing lists.")]  # fmt: skip
        lines = []
        for entry, address in self.sent:
            verb = say(language, "Akan dikirim" if self.dry_run else "Terkirim", "Would send" if self.dry_run else "Sent")
            lines.append(f"{verb}: «{entry.subject}» → {address} ({entry.scope}, {entry.date})")
        for entry in self.adopted:
            lines.append(say(language, f"{'Akan dicatat' if self.dry_run else 'Dicatat'} terkirim tanpa dikirim "
                                       f"(milis ini belum ada di catatan pengiriman): {entry.scope}, {entry.date}",
                             f"{'Would record' if self.dry_run else 'Recorded'} as sent without sending (no record "
                             f"of this list yet): {entry.scope}, {entry.date}"))  # fmt: skip
        for entry in self.waiting:
            lines.append(say(language, f"Peringatan: ringkasan {entry.scope} {entry.date} belum dikirim karena "
                                       "halaman buletinnya belum ada di output/; dicoba lagi pada publish berikutnya.",
                             f"Warning: the {entry.scope} digest of {entry.date} was not sent because a bulletin "
                             "page it links to is not in output/ yet; it is tried again on the next publish."))
        for entry, why in self.failed:
            lines.append(say(language, f"Peringatan: ringkasan {entry.scope} {entry.date} gagal dikirim ({why}); "
                                       "dicoba lagi pada publish berikutnya.",
                             f"Warning: the {entry.scope} digest of {entry.date} could not be sent ({why}); "
                             "it is tried again on the next publish."))  # fmt: skip
        lines.append(self.summary(language))
        return lines

    def summary(self, language: str = "id") -> str:
        where = f" ({self.server})" if self.server else ""
        if self.dry_run:
            return say(language, f"Uji coba: {len(self.sent)} ringkasan akan dikirim, {len(self.adopted)} akan dicatat "
                                 f"tanpa dikirim, {self.already} sudah terkirim sebelumnya; tidak ada yang dikirim.",
                       f"Dry run: {len(self.sent)} digest(s) would be sent, {len(self.adopted)} recorded without "
                       f"sending, {self.already} were sent before; nothing was sent.")  # fmt: skip
        failed = len(self.failed) + len(self.waiting)
        return say(language, f"Ringkasan email{where}: {len(self.sent)} terkirim, {self.already} sudah terkirim "
                             f"sebelumnya, {len(self.adopted)} dicatat tanpa dikirim, {failed} tertunda.",
                   f"Email digests{where}: {len(self.sent)} sent, {self.already} sent before, "
                   f"{len(self.adopted)} recorded without sending, {failed} pending.")  # fmt: skip


def read_index(folder: Path) -> tuple[date | None, list[Entry]]:
    """The build's day and the digests of the outbox index; (None, []) when there is none."""
    path = folder / INDEX
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, []
    except (OSError, ValueError) as error:
        raise DigestError(f"the outbox index {path.name} is unreadable ({error}); run the build again") from None
    try:
        if data["version"] != INDEX_VERSION or not DATE_FORM.fullmatch(data["today"]):
            raise ValueError
        today = date.fromisoformat(data["today"])
        entries = []
        for item in data["digests"]:
            entry = Entry(item["scope"], item["date"], item["subject"], tuple(item["pages"]))
            date.fromisoformat(entry.date)
            if not (SCOPE_FORM.fullmatch(entry.scope) and DATE_FORM.fullmatch(entry.date)
                    and isinstance(entry.subject, str) and 0 < len(entry.subject) <= 300
                    and not re.search(r"[\r\n]", entry.subject) and all(_safe_page(p) for p in entry.pages)):
                raise ValueError
            entries.append(entry)
    except (KeyError, TypeError, ValueError):
        raise DigestError(f"the outbox index {path} is not one this Warta writes; run the build again") from None
    return today, sorted(entries, key=lambda e: (e.date, e.scope))


def _safe_page(page) -> bool:
    path = PurePosixPath(page) if isinstance(page, str) else None
    return path is not None and bool(page) and not path.is_absolute() and ".." not in path.parts


def compose(entry: Entry, target: MailingList, config: Config, text: str, html: str, now: datetime) -> EmailMessage:
    """multipart/alternative: the plain text first, then the HTML (mail programs show the last
    part they can), with the list's headers passed through."""
    message = EmailMessage()
    message["Subject"] = entry.subject
    message["From"] = config.sender
    message["To"] = target.address
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id_for(entry.scope, entry.date, config.host)
    for header, value in (("List-Id", target.list_id), ("List-Unsubscribe", target.unsubscribe),
                          ("List-Unsubscribe-Post", target.unsubscribe_post)):  # fmt: skip
        if value:
            message[header] = value
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    return message


def send(outbox: Path, output: Path, ledger_path: Path, config: Config, tz: str, smtp_url: str | None,
         dry_run: bool = False, now: datetime | None = None, timeout: float = TIMEOUT) -> Report:
    """Send every digest of `outbox` not yet sent (see the module's docstring). Raises
    DigestError or LedgerError for what staff must fix; a failing server is only reported."""
    report = Report(dry_run=dry_run)
    if not config.lists:
        report.no_lists = True
        return report
    smtp = None
    if smtp_url and not dry_run:
        smtp = parse_smtp_url(smtp_url)
        report.server = smtp.shown
    folder = Path(outbox) / FOLDER
    today, entries = read_index(folder)
    ledger = Ledger.load(ledger_path)
    known = set(ledger.channels())  # as the run starts: a list new this run stays new for all its days
    now = now or datetime.now(ZoneInfo(tz)).replace(microsecond=0)
    stamp = now.isoformat()
    newest = (today - timedelta(days=1)).isoformat() if today else ""
    connection = Connection(smtp, config.host, timeout) if smtp else None
    secrets = smtp.secrets() if smtp else ()
    down = None  # why the server cannot be used this run
    try:
        for entry in entries:
            target = config.lists.get(entry.scope)
            if target is None:
                continue  # no longer configured
            if ledger.sent(entry.channel, entry.date):
                report.already += 1
                continue
            if entry.channel not in known and entry.date < newest:
                report.adopted.append(entry)
                if smtp:
                    ledger.mark(entry.channel, entry.date, ADOPTED + stamp)
                continue
            if not all((Path(output) / page).is_file() for page in entry.pages):
                report.waiting.append(entry)
                continue
            if smtp is None:  # a dry run, or no server set: only counted
                report.sent.append((entry, target.address))
                continue
            if down:
                report.failed.append((entry, down))
                continue
            base = folder / entry.scope / entry.date
            try:
                text = base.with_suffix(".txt").read_text(encoding="utf-8")
                html = base.with_suffix(".html").read_text(encoding="utf-8")
            except OSError:
                report.failed.append((entry, "the digest's files are missing from the outbox; run the build again"))
                continue
            try:
                connection.send(compose(entry, target, config, text, html, now), parseaddr(config.sender)[1],
                                target.address)  # fmt: skip
            except ServerDown as error:
                down = mask(str(error), secrets)
                report.failed.append((entry, down))
                continue
            except smtplib.SMTPException as error:  # this message refused; the others may still go
                report.failed.append((entry, mask(_why(error), secrets)))
                continue
            ledger.mark(entry.channel, entry.date, stamp)
            report.sent.append((entry, target.address))
    finally:
        if connection:
            connection.close()
    if smtp is None and not dry_run:
        report.no_server = True
    return report


def send_site(output: Path, settings, smtp_url: str | None, dry_run: bool = False, now: datetime | None = None) -> Report:
    """`send` with a Pelican settings dict: the outbox, ledger and lists it names."""
    settings = dict(settings)
    load(settings, SETTINGS)  # the defaults a build fills in (OUTBOX_PATH, …)
    config = config_from(settings)
    root = project_root(settings)
    return send(outbox_folder(settings), Path(output), root / LEDGER_FILE, config, timezone(settings), smtp_url,
                dry_run=dry_run, now=now)  # fmt: skip
