"""WebSub publish pings: which feeds changed since the last announcement, and the HTTP ping.

The record of what was announced is a small JSON file beside the project
(SYNDICATION_WEBSUB_STATE, `{"hub": …, "feeds": {path: sha256}}`), not a file in output/:
it survives the atomic swap of output/, it lets a deploy upload first and ping afterwards
(`invoke publish --no-ping`, upload, `invoke ping`), and a feed whose ping failed keeps its
old hash, so the next publish tries it again. CI starts without the file unless its cache
keeps it; then every feed is announced once, which costs the hub a refetch and no reader a
duplicate, since item ids never change.
"""

from __future__ import annotations

import hashlib
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .scopes import FORMATS
from .settings import Config, config_from

logger = logging.getLogger(__name__)

STATE_VERSION = 1


class HubUnreachable(Exception):
    """The hub could not be reached at all; pinging the remaining feeds would fail too."""


class PingRefused(Exception):
    """The hub answered, but not with a 2xx status."""


@dataclass
class Report:
    hub: str | None
    pinged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (feed URL, why)
    unchanged: int = 0

    def summary(self) -> str:
        if self.hub is None:
            return "WebSub is off (WEBSUB_HUB = None); no hub was pinged."
        text = f"WebSub: pinged {self.hub} for {len(self.pinged)} changed feed(s); {self.unchanged} unchanged"
        if self.failed:
            text += f"; {len(self.failed)} failed and will be retried on the next publish"
        return text + "."


def feed_files(output: Path, directory: str) -> list[str]:
    """Site-relative paths of every feed file in a built site (by the formats' suffixes)."""
    root = Path(output) / directory
    suffixes = tuple(fmt.suffix for fmt in FORMATS)
    return sorted(p.relative_to(output).as_posix() for p in root.rglob("*") if p.is_file() and p.name.endswith(suffixes))


def feed_hashes(output: Path, directory: str) -> dict[str, str]:
    return {path: hashlib.sha256((Path(output) / path).read_bytes()).hexdigest() for path in feed_files(output, directory)}


def changed_feeds(announced: dict[str, str], current: dict[str, str]) -> list[str]:
    """Feeds whose bytes differ from what was last announced (new feeds included)."""
    return sorted(path for path, digest in current.items() if announced.get(path) != digest)


def ping_body(topic_url: str) -> bytes:
    """The publish notification most hubs accept (PubSubHubbub 0.4 / WebSub practice)."""
    return urllib.parse.urlencode({"hub.mode": "publish", "hub.url": topic_url}).encode("ascii")


def send_ping(hub: str, topic_url: str, timeout: float) -> int:
    request = urllib.request.Request(
        hub, data=ping_body(topic_url), method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "User-Agent": "Warta-WebSub/1"},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        raise PingRefused(f"HTTP {error.code} {error.reason}") from None
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        raise HubUnreachable(str(getattr(error, "reason", error))) from None


def load_state(path: Path, hub: str) -> dict[str, str]:
    """The hashes last announced to `hub`; empty when there is no usable record."""
    try:
        state = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        logger.warning("WebSub record %s is unreadable (%s); announcing every feed", path, error)
        return {}
    if not isinstance(state, dict) or state.get("hub") != hub or not isinstance(state.get("feeds"), dict):
        return {}
    return {str(k): str(v) for k, v in state["feeds"].items()}


def save_state(path: Path, hub: str, feeds: dict[str, str]) -> None:
    data = {"version": STATE_VERSION, "hub": hub, "feeds": dict(sorted(feeds.items()))}
    Path(path).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def announce(output: Path, config: Config, state_path: Path) -> Report:
    """Ping the hub for every feed of `output` whose bytes changed since the last announced
    publish. Never raises for a failing hub: failures are logged and reported."""
    report = Report(config.hub)
    if config.hub is None:
        return report
    announced = load_state(state_path, config.hub)
    current = feed_hashes(output, config.directory)
    todo = changed_feeds(announced, current)
    report.unchanged = len(current) - len(todo)
    kept = {path: digest for path, digest in announced.items() if path in current}
    for number, path in enumerate(todo):
        topic = config.absolute(path)
        try:
            send_ping(config.hub, topic, config.timeout)
        except PingRefused as error:
            logger.warning("WebSub hub %s refused the ping for %s: %s", config.hub, topic, error)
            report.failed.append((topic, str(error)))
            continue
        except HubUnreachable as error:
            logger.warning("WebSub hub %s is unreachable (%s); %s feed(s) not announced",
                           config.hub, error, len(todo) - number)  # fmt: skip
            report.failed.extend((config.absolute(rest), str(error)) for rest in todo[number:])
            break
        kept[path] = current[path]
        report.pinged.append(topic)
    save_state(state_path, config.hub, kept)
    return report


def announce_site(output: Path, settings, project_root: Path) -> Report:
    """`announce` with the settings of a Pelican settings dict (what `invoke publish` calls)."""
    config = config_from(settings)
    state = Path(config.state_file)
    return announce(Path(output), config, state if state.is_absolute() else Path(project_root) / state)
