"""Compiled templates kept between builds (Jinja's bytecode cache), so a build that renders
few pages does not compile every template again.

Pelican gives each generator its own Jinja environment, so without it a build compiles a
template once per generator that loads it; with it, once, and then again only when its
source changes. Jinja checks each entry against a checksum of the template's source.
Compiled code also holds what Jinja decided from the environment (its syntax options and
extensions, which filters take the context, and the results of filters it ran on
constants), so each entry's key has the environment's options and filters, and the folder
is named after the code key (Warta's code, which defines the filters, library versions,
settings and data files)."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from pathlib import Path

from jinja2.bccache import Bucket, FileSystemBytecodeCache

from warta.core.settings import ADDRESS

from .keys import syntax

logger = logging.getLogger(__name__)

FOLDER = "templates"  # in the page cache folder, one subfolder per code key
SUFFIX = ".jinja"


def _named(value) -> str:
    # What a function, filter or class is, without the address its repr carries per process.
    return ADDRESS.sub("", repr(value))


def _callables(functions: dict) -> list[tuple[str, str, str]]:
    return sorted((name, _named(function), repr(getattr(function, "jinja_pass_arg", None)))
                  for name, function in functions.items())  # fmt: skip


def compile_options(environment, name: str) -> bytes:
    """What compiling template `name` in `environment` depends on besides its source."""
    e = environment
    autoescape = e.autoescape(name) if callable(e.autoescape) else e.autoescape
    return repr((syntax(e), type(e).__qualname__, e.optimized, e.is_async, e.sandboxed, autoescape,
                 _named(e.finalize), repr(getattr(e.finalize, "jinja_pass_arg", None)), _named(e.undefined),
                 _named(e.code_generator_class), _callables(e.filters), _callables(e.tests))).encode()  # fmt: skip


class TemplateCache(FileSystemBytecodeCache):
    """Jinja's file system bytecode cache with keys of the environment's options; an entry
    it cannot read is compiled again, and entries a build did not use are removed when it
    finishes (`prune`)."""

    def __init__(self, folder: Path, code: bytes) -> None:
        self.root = Path(folder) / FOLDER
        self.current = self.root / code.hex()[:32]
        self.current.mkdir(parents=True, exist_ok=True)
        super().__init__(str(self.current), f"%s{SUFFIX}")
        self.code = code
        self.used: set[str] = set()
        self.loaded = self.compiled = 0

    def get_bucket(self, environment, name, filename, source) -> Bucket:
        key = hashlib.sha256(f"{name}\0{filename}\0".encode() + compile_options(environment, name)).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        self.used.add(key)
        if bucket.code is None:
            self.compiled += 1
        else:
            self.loaded += 1
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception as error:  # a damaged entry: compile the template again
            logger.debug("page cache: compiled template %s unreadable: %s", bucket.key, error)
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError as error:  # only costs compiling it again next time
            logger.debug("page cache: cannot keep compiled template %s: %s", bucket.key, error)

    def prune(self) -> None:
        """Remove entries this build did not load and folders of other code keys."""
        if not self.used:
            return
        try:
            others = [entry for entry in self.root.iterdir() if entry != self.current]
            entries = list(os.scandir(self.current))
        except OSError:  # the folder went away: nothing to keep small
            return
        for entry in others:
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
        for entry in entries:
            if not (entry.name.endswith(SUFFIX) and entry.name[: -len(SUFFIX)] in self.used):
                Path(entry.path).unlink(missing_ok=True)
