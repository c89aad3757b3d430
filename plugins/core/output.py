"""The build's output: every file a build writes goes through one store, which records it.

`Output` is that store for one build. It knows the folder the build writes (staging, under
`warta.build`), the live folder that staging replaces, and records every site-relative path
written into the folder (`written`) or left unchanged in the live folder (`kept`); the
build publishes exactly those (`warta.build.publish_tree`), and the sitemap and `urls.txt`
are made from that record when the build finishes. Plugins write through it:

- `write(relative, data)`: a file made by code (robots.txt, manifest.json, host rules);
- `write_generated(writer, relative, inputs, produce)`: a feed or CAP alert, kept by the
  page cache's writer under a key of its inputs;
- `place(source, relative)`: a file rendered into a cache folder (share images, image
  variants, the search bundle, stored pages), hard-linked in or kept live;
- template pages go through Pelican's writer (or the page cache's), whose
  `content_written` signal records them; Pelican's static copies are recorded from the
  static generator's list (`register`).

The build's store travels to plugins in Pelican's settings dict (which generators, the
writer and the `pelican` object share) under OUTPUT_KEY; `output_of(settings)` gives it,
or puts a standalone one there when Pelican runs without `warta.build` (plain `pelican`).
`work` holds what a plugin leaves running during the build (the page cache's writer, the
search index), under the plugin's name.

Files are made with the mode an ordinary `open` gives (0644 under the usual umask 022), so
a web server's unprivileged worker can read every published file. A temporary file is named
so that a later build can tell it was left by a killed one (`is_leftover`).
"""

from __future__ import annotations

import errno
import filecmp
import fnmatch
import os
import posixpath
import re
import shutil
import tempfile
from pathlib import Path

from pelican import signals
from pelican.generators import Generator, StaticGenerator


def _umask() -> int:
    mask = os.umask(0o022)  # read once, at import, before any build thread runs
    os.umask(mask)
    return mask


UMASK = _umask()
FILE_MODE = 0o666 & ~UMASK  # what open() gives; mkstemp's 0600 would make nginx answer 403
DIRECTORY_MODE = 0o777 & ~UMASK  # what mkdir gives; mkdtemp's is 0700
TEMPORARY_SUFFIX = ".tmp"
_LEFTOVER = re.compile(r"^\..+\.tmp$|\.(\d+)\.link$")


def atomic_write(path: Path, data: bytes) -> None:
    """Write through a temporary file and a rename, so concurrent builds sharing a cache
    folder never see half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX, dir=path.parent)
    try:
        os.fchmod(handle, FILE_MODE)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def same_file(one, other, known: os.stat_result | None = None) -> bool:
    """Whether two paths are the one file (hard links to it); False when either is missing.
    `known` is `one`'s stat when the caller has it already."""
    try:
        a, b = known or os.stat(one), os.lstat(other)
    except OSError:
        return False
    return (a.st_ino, a.st_dev) == (b.st_ino, b.st_dev)


def link(source, target) -> None:
    """Make `target` a hard link to `source` (a copy across file systems), replacing any file
    there by a rename, so nothing ever writes through an older link."""
    temporary = f"{target}.{os.getpid()}.link"
    try:
        try:
            _link_or_copy(source, temporary)
        except FileNotFoundError:
            if not os.path.exists(source):
                raise
            # Creating the folder only when it is missing: a build links thousands of files
            # into folders that mostly exist.
            os.makedirs(os.path.dirname(target), exist_ok=True)
            _link_or_copy(source, temporary)
        os.replace(temporary, target)
    except BaseException:
        if os.path.lexists(temporary):
            os.unlink(temporary)
        raise


def is_leftover(name: str) -> bool:
    """Whether a file or folder name is a temporary one of a build that is no longer running:
    `.<name>.<random>.tmp` (atomic_write, scratch folders) or `<name>.<pid>.link` (link) of
    a process that is gone."""
    found = _LEFTOVER.search(name)
    if not found:
        return False
    if found.group(1) is None:
        return True
    try:
        os.kill(int(found.group(1)), 0)
    except ProcessLookupError:
        return True
    except OSError as error:
        return error.errno != errno.EPERM  # EPERM: alive, someone else's
    return False


def _link_or_copy(source, target) -> None:
    try:
        os.link(source, target)
    except FileNotFoundError:
        raise
    except OSError:  # another file system
        shutil.copyfile(source, target)


def _adopt(source, published: str) -> bool:
    """Make the cache file `source` a link to the live file when both hold the same bytes."""
    try:
        if os.path.getsize(source) != os.path.getsize(published) or os.path.islink(published):
            return False
        if not filecmp.cmp(source, published, shallow=False):
            return False
        link(published, source)
    except OSError:
        return False
    return True


OUTPUT_KEY = "WARTA_OUTPUT"  # the settings key holding the build's Output
# What work left for the end of the build does (`Output.at_end`), in the order it runs:
WRITES, LISTS_PAGES, LISTS_FILES = 0, 1, 2  # writes files; lists the pages; lists every file


class Output:
    """What one build writes: the output folder, the live folder it replaces (None when the
    build writes in place), and the record of every site-relative file."""

    def __init__(self, folder, live=None) -> None:
        self.folder = os.fspath(folder)
        self.live = os.fspath(live) if live else None
        self.written: set[str] = set()
        self.kept: set[str] = set()  # left in the live folder
        self.work: dict[str, object] = {}  # plugin name -> its work in flight
        self.host_keeps: list[re.Pattern] = []  # see keeps_on_host
        self.threads: list = []  # see aside
        self._end: list[tuple[int, int, object]] = []

    def __repr__(self) -> str:
        return f"Output({self.folder!r}, live={self.live!r})"

    def files(self) -> set[str]:
        """Every file of the built site, site-relative."""
        return self.written | self.kept

    def relative(self, path) -> str:
        """The site-relative name of `path`, a file in the output folder."""
        path = os.fspath(path)
        inside = self.folder + os.sep
        if path.startswith(inside) and os.path.normpath(path) == path:  # the common case, without relpath's abspaths
            return path[len(inside):].replace(os.sep, "/")
        return os.path.relpath(path, self.folder).replace(os.sep, "/")

    def record(self, relative: str) -> None:
        """Note a file written into the output folder at `relative`."""
        self.written.add(relative)
        self.kept.discard(relative)

    def keep(self, relative: str) -> None:
        """Note `relative` as left in the live folder: the build did not write it."""
        self.kept.add(relative)
        self.written.discard(relative)

    def keeps_on_host(self, pattern: str) -> None:
        """Files matching `pattern` (a regular expression on the site-relative path) that an
        earlier build published, such as a share image's earlier version, stay on the host,
        which never deletes, though this build no longer writes them. The URL guard carries
        such URLs of the previous list into this build's, while the page they sit under lives."""
        self.host_keeps.append(re.compile(pattern))

    def aside(self, thread) -> None:
        """Note a started thread that works beside the build (the search index), so that a
        build which fails before it is joined still waits for it (`settle`) before removing
        its folders: the thread may still be writing beside them."""
        self.threads.append(thread)

    def settle(self) -> None:
        """Wait for every thread noted by `aside`."""
        for thread in self.threads:
            thread.join()

    def live_path(self, relative: str) -> str | None:
        """The file at `relative` in the live folder (None when there is no live folder)."""
        return os.path.join(self.live, relative) if self.live else None

    def site_file(self, relative: str) -> Path:
        """Where a file of this build is, in the output folder or (kept) in the live one."""
        if relative in self.kept:
            return Path(self.live, relative)
        return Path(self.folder, relative)

    def write(self, relative: str, data: bytes | str) -> None:
        """Write `data` (text as UTF-8) at `relative`. A file there may be a hard link into a
        cache: it is replaced, never written through."""
        path = os.path.join(self.folder, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if os.path.lexists(path):
            os.unlink(path)
        with open(path, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        self.record(relative)

    def write_generated(self, writer, relative: str, inputs, produce) -> None:
        """Write a file made by code, not a template (a feed, a CAP alert), at `relative`. The
        page cache's writer keeps it under a key of `inputs`, every value its bytes depend on,
        and calls `produce()` only when that key is new; Pelican's own writer has no such store."""
        if hasattr(writer, "write_bytes"):
            writer.write_bytes(relative, inputs, produce)  # records through place/write
        else:
            self.write(relative, produce())

    def remember(self, writer, slot: str, inputs, produce):
        """A value many files share (a feed item): the page cache's writer keeps it under
        `slot` with a key of `inputs` and calls `produce()` only when that key is new;
        Pelican's own writer has no such store, so it is made every time."""
        if hasattr(writer, "remember"):
            return writer.remember(slot, inputs, produce)
        return produce()

    def at_end(self, callback, does: int = WRITES) -> None:
        """Run `callback()` once every generator has written its pages (Pelican's
        `finalized`): first what WRITES files (the search bundle), then what LISTS_PAGES (the
        sitemap), then what LISTS_FILES (urls.txt), each kind in the order asked, so that a
        list sees every file whatever order the plugins are registered in."""
        self._end.append((does, len(self._end), callback))

    def finish(self) -> None:
        """Run the work left for the end of the build (`at_end`)."""
        end, self._end = sorted(self._end, key=lambda item: item[:2]), []
        for _, _, callback in end:
            callback()

    def place(self, source, relative: str, known: os.stat_result | None = None) -> str:
        """Put a cached file into the output at `relative`. A hard link costs nothing;
        cache files are replaced, never changed in place, so the link never sees a later edit.

        When the live site already holds this very file there (the previous build linked it),
        nothing is written: the file is recorded as kept, and publishing leaves it alone. On
        a large site that spares a folder, a link and a comparison for almost every file. A
        live file with the same bytes but not linked (the cache was emptied since) becomes the
        cache's copy, so the live site stays untouched.
        `known` is the source's stat, when the caller has it. Returns "kept", "adopted"
        (kept, and `source` is now the live file) or "linked"."""
        published = self.live_path(relative)
        if published:
            how = "kept" if same_file(source, published, known) else "adopted" if _adopt(source, published) else ""
            if how:
                self.keep(relative)
                return how
        link(source, os.path.join(self.folder, relative))  # a second write of one name replaces the first
        self.record(relative)
        return "linked"


def output_of(settings: dict) -> Output:
    """The build's Output from Pelican's settings; a standalone one (writing in place into
    OUTPUT_PATH) when Pelican runs without `warta.build`."""
    found = settings.get(OUTPUT_KEY)
    if found is None:
        found = settings[OUTPUT_KEY] = Output(settings["OUTPUT_PATH"])
    return found


def _content_written(path, context=None, **_) -> None:
    # Pelican's writer (and the page cache's) send this for every template page they write.
    # The page cache's writer also sends it for a page it kept in the live folder.
    output = (context or {}).get(OUTPUT_KEY)
    if output is not None:
        relative = output.relative(path)
        if relative not in output.kept:
            output.record(relative)


def _static_files(generators) -> None:
    """Pelican copies static files without a signal per file: record what its static
    generator copies, content files by their `save_as` and the theme's static folders as
    `StaticGenerator._copy_paths` maps them (their contents into THEME_STATIC_DIR,
    IGNORE_FILES left out)."""
    for generator in generators:
        if not isinstance(generator, StaticGenerator):
            continue
        output, settings = output_of(generator.settings), generator.settings
        for static in generator.context["staticfiles"]:
            output.record(static.save_as)
        ignored, target = settings["IGNORE_FILES"], settings["THEME_STATIC_DIR"]
        for path in settings["THEME_STATIC_PATHS"]:
            source = os.path.join(generator.theme, path)
            if os.path.isfile(source):
                output.record(posixpath.normpath(posixpath.join(target, os.path.basename(path))))
            for folder, folders, names in os.walk(source, followlinks=True):
                folders[:] = [n for n in folders if not any(fnmatch.fnmatch(n, i) for i in ignored)]
                for name in names:
                    if not any(fnmatch.fnmatch(name, i) for i in ignored):
                        relative = os.path.relpath(os.path.join(folder, name), source).replace(os.sep, "/")
                        output.record(posixpath.normpath(posixpath.join(target, relative)))


def _start(pelican) -> None:
    output_of(pelican.settings)  # before Pelican copies its settings into the context


def _finish(pelican) -> None:
    output_of(pelican.settings).finish()


def register() -> None:
    """Record template pages and static copies in the build's Output, and run its work
    left for the end (once, whichever plugin asks)."""
    signals.initialized.connect(_start)
    signals.content_written.connect(_content_written)
    signals.all_generators_finalized.connect(_static_files)
    signals.finalized.connect(_finish)


class CachedFilesGenerator(Generator):
    """Puts files rendered into a cache (site-relative URL -> cached file, found in the
    context under `files_key`) into the site. Subclasses name their key."""

    files_key = ""

    def generate_context(self) -> None:
        self.files = dict(self.context.get(self.files_key, {}))

    def generate_output(self, writer) -> None:
        output = output_of(self.settings)
        for url, source in sorted(self.files.items()):
            output.place(source, url)
