"""What the build leaves for `invoke broadcast`: one entry per bulletin, for its newest
version that residents should hear about, with every channel's message already composed.

A bulletin's versions (first publication, each major change note, the withdrawal) are the
core's (`core.versions`): a minor edit makes no new version and the key stays the same.
Only the newest version is in the outbox: a target that missed an earlier one (it was down)
gets the newest, never a stale message. A version older than BROADCAST_MAX_AGE_DAYS is left
out, and so is an expired notice that was not withdrawn: neither has news left to announce.
Scheduled bulletins are drafts until a build publishes them, so they reach the outbox with
that build.

The file is deterministic (sorted keys, no clock): a rebuild with no change writes the same
bytes and leaves the file alone.
"""

from __future__ import annotations

import json
from pathlib import Path

from warta.core.dates import iso
from warta.core.facts import Facts
from warta.core.output import atomic_write
from warta.core.versions import Version, newest_version

from .messages import mastodon_status, ntfy_message, plain_message, telegram_caption

FILE_NAME = "broadcast.json"
FORMAT_VERSION = 1


def relative_to_site(url: str, siteurl: str) -> str | None:
    prefix = siteurl.rstrip("/") + "/"
    return url[len(prefix) :] if url.startswith(prefix) else None


def entry(version: Version, facts: Facts, page: str, mastodon_max: int) -> dict:
    """One outbox entry: what the sender needs to decide (key, scope, page, time) and send."""
    image = facts.image
    picture = None
    if image is not None:
        picture = {"url": image.url, "path": relative_to_site(image.url, facts.siteurl), "alt": image.alt,
                   "type": image.type, "width": image.width, "height": image.height}  # fmt: skip
    ntfy = ntfy_message(facts, version.note)
    if image is not None:
        ntfy["attach"] = image.url
    return {
        "key": version.key,
        "code": facts.code,
        "kind": version.kind,
        "version": version.number,
        "time": iso(version.time, facts.timezone),
        "title": facts.title,
        "urgency": facts.urgency,
        "kecamatan": sorted(place.code for place in facts.places),
        "whole_regency": facts.whole_regency,
        "url": facts.url,
        "page": page,
        "image": picture,
        "note": version.note,
        "reason": facts.withdrawn_reason if facts.withdrawn else "",
        "messages": {
            "telegram": {"caption": telegram_caption(facts, version.note)},
            "mastodon": {"status": mastodon_status(facts, version.note, mastodon_max),
                         "alt": image.alt if image is not None else ""},
            "ntfy": ntfy,
            "other": plain_message(facts, version.note),
        },
    }  # fmt: skip


def document(entries: list[dict], siteurl: str, areas) -> dict:
    return {
        "version": FORMAT_VERSION,
        "siteurl": siteurl,
        "kecamatan": [{"code": area.code, "name": area.name} for area in areas],
        "entries": sorted(entries, key=lambda e: (e["time"], e["key"])),
    }


def encode(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def write(path: Path, data: bytes) -> bool:
    """Write the outbox file when its bytes change; whether it did."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    atomic_write(path, data)
    return True


def read(path: Path) -> dict:
    """The outbox as the build wrote it (raises OSError or ValueError)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION or not isinstance(data.get("entries"), list):
        raise ValueError("not an outbox of this Warta version")
    return data
