"""What was sent where, so that each message goes out once.

Sending tasks (broadcast on publish, email digests) run after a deploy, with the secrets of
their channels and without reading content: they read what the build put in the outbox
(`outbox_folder`) and this ledger, a small JSON file beside the project like the WebSub
record. A sender asks `ledger.sent(channel, key)` before each message and calls
`ledger.mark(channel, key, when)` straight after each success; every mark rewrites the file
whole through a rename, so a run stopped half way sends nothing twice. A channel that fails
is simply not marked, and the next run tries it again.

A missing ledger is an ordinary first run; a damaged one is an error, never read as empty,
because an empty ledger would send the whole archive again.
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import StaffError
from .output import atomic_write

VERSION = 1


class LedgerError(StaffError):
    """The ledger file exists but cannot be used."""


class Ledger:
    def __init__(self, path: Path, sent: dict[str, dict[str, str]] | None = None, existed: bool = False):
        self.path = Path(path)
        self.existed = existed  # False on a first run or a lost ledger: senders then hold back the archive
        self._sent = sent or {}

    @classmethod
    def load(cls, path) -> Ledger:
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path)
        except (OSError, ValueError) as error:
            raise LedgerError(f"catatan pengiriman {path.name} rusak ({error}); pulihkan dari cadangan atau, "
                              f"bila memang hilang, hapus berkasnya agar arsip lama tidak dikirim ulang") from None
        sent = data.get("sent") if isinstance(data, dict) and data.get("version") == VERSION else None
        if not isinstance(sent, dict) or not all(isinstance(keys, dict) for keys in sent.values()):
            raise LedgerError(f"catatan pengiriman {path.name} tidak dikenali; pulihkan dari cadangan atau hapus berkasnya")
        return cls(path, {str(c): {str(k): str(v) for k, v in keys.items()} for c, keys in sent.items()}, True)

    def sent(self, channel: str, key: str) -> bool:
        return key in self._sent.get(channel, {})

    def when(self, channel: str, key: str) -> str | None:
        return self._sent.get(channel, {}).get(key)

    def channels(self) -> list[str]:
        return sorted(self._sent)

    def mark(self, channel: str, key: str, when: str) -> None:
        """Record one message as sent, and write the ledger at once."""
        self._sent.setdefault(channel, {})[key] = when
        self.save()

    def save(self) -> None:
        data = {"version": VERSION, "sent": {c: dict(sorted(k.items())) for c, k in sorted(self._sent.items())}}
        atomic_write(self.path, (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
        self.existed = True
