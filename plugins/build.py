"""The build: one `Build` object per run, Pelican's reader cache kept safe, and the site
published whole.

`Build(settings_file, output, overrides).run()` (or `build_site`) builds into a fresh
staging folder beside the output folder (`.output-new-*`). The build's state is the
`Build` object and its `core.output.Output` store, which plugins reach through Pelican's
settings (`core.output.output_of`): no module global holds any of it. Every file the build
writes goes through that store, which records it; files the live site already holds
unchanged are not written into staging but recorded as kept (`Output.place`). When the
whole build has succeeded, `publish_tree` makes the entire new site in a second tree beside
the output folder, the spare (`.output-spare`, the tree the previous publish swapped out):
only the files that differ from what it must hold are touched, each changed file renamed
in from staging, each other one a hard link of the live file, so unchanged files keep their
inode and modification time (uploads, rsync and the page cache stay incremental). One
`renameat2(RENAME_EXCHANGE)` then swaps the two folders, so `output/` is at every moment
either the whole old site or the whole new one, wherever the build is killed, and the old
tree stays behind as the next spare: a publish costs what changed, not a link per file and
a folder per folder, and nothing is removed. Without a spare (a fresh checkout, a CI runner
that restored only output/ and cache/) staging itself is completed into the whole site. A
rebuild with no change swaps nothing and writes no file; a failed build never reaches the
swap.

Why two real folders exchanged rather than `output` as a symlink flipped to each new tree:
output/ stays a plain folder, which nginx's `root`, rsync, the CI cache (one tar archive
keeping the hard links between output/ and cache/) and the Pages artifact upload all read as
before; an archived symlink would point at a tree the next runner does not have. Where the
kernel or file system lacks RENAME_EXCHANGE (not Linux, some network file systems), two
renames do it: output/ to `.output-old-*`, the new tree to output/. A build killed between them
leaves no output/, and the next build puts the old one back (`recover`). When output/ is a
mount point (a container volume) or a symlink, no rename crosses it: the changed files are
moved in one by one (`sync_tree`), each whole, and a warning says the site was not swapped
at once.

One build per project at a time: `build_lock` holds an flock on `cache/build.lock` while a
build runs (a second build waits, saying so). Holding it, a build removes what killed builds
left: staging, scratch and old folders beside the output folder (`.output-*`) and, when the
lock file still names a build that never finished, temporary files in the cache folders
(core.output.is_leftover).

`reader_cache` gives the build a private copy of Pelican's content cache (the Markdown
reader's output per source file, checked by MD5) and puts the updated cache back only
after a successful build, each file replaced whole, so concurrent builds never read half a
cache file. The cache folder's name is a fingerprint of everything the reader's output
depends on, so a change of Pelican, Markdown, the bulletins reader or the settings starts
a new cache instead of reusing a stale one.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import filecmp
import hashlib
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from warta.core.output import DIRECTORY_MODE, OUTPUT_KEY, Output, is_leftover, link, same_file
from warta.core.errors import StaffError
from warta.core.language import say, staff_language
# The settings as the page cache keys them: without the ones that change from build to build
# (paths, the clock), none of which changes what the reader returns.
from warta.core.settings import project_root, settings_digest

PACKAGE = Path(__file__).resolve().parent
READER_SOURCES = (PACKAGE / "core", PACKAGE / "bulletins")  # what the reader runs
LOCK_FILE = Path("cache") / "build.lock"  # in the project folder, the one holding content/

logger = logging.getLogger(__name__)


def reader_fingerprint(settings: dict) -> str:
    """What Pelican's reader cache depends on: versions, the reader's code, the settings."""
    import markdown
    import pelican

    digest = hashlib.sha256(f"pelican {pelican.__version__} markdown {markdown.__version__}".encode())
    for path in sorted(path for folder in READER_SOURCES for path in folder.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(settings_digest(settings))
    return digest.hexdigest()[:16]


def cache_root(settings: dict, settings_dir: Path) -> Path:
    """CACHE_PATH, read like Warta's other relative paths: from the folder holding content/
    (Pelican reads it from the settings file's folder), so each project keeps its own."""
    path = Path(settings["CACHE_PATH"])
    if path.is_relative_to(settings_dir):
        path = Path(settings["PATH"]).resolve().parent / path.relative_to(settings_dir)
    return path


@contextlib.contextmanager
def reader_cache(settings: dict, settings_dir: Path, scratch: Path):
    """Point the build's CACHE_PATH at a private copy of the shared cache; yield a function
    that puts the updated cache back (call it only when the build succeeded)."""
    if not settings.get("CACHE_CONTENT"):
        yield lambda: None
        return
    shared = cache_root(settings, Path(settings_dir).resolve()) / reader_fingerprint(settings)
    private = Path(tempfile.mkdtemp(prefix=".cache-", dir=scratch))
    if settings.get("LOAD_CONTENT_CACHE") and shared.is_dir():
        for path in shared.iterdir():
            if path.is_file() and not path.name.startswith("."):
                shutil.copyfile(path, private / path.name)
    settings["CACHE_PATH"] = str(private)

    def keep() -> None:
        for path in private.iterdir():
            link(path, shared / path.name)  # each file replaced whole, by a rename

    try:
        yield keep
    finally:
        shutil.rmtree(private, ignore_errors=True)


def _same(new: str, old: str) -> bool:
    """Whether two files hold the same bytes (a hard link to one cache file is the same)."""
    return same_file(new, old) or (os.path.isfile(old) and not os.path.islink(old)
                                   and filecmp.cmp(new, old, shallow=False))  # fmt: skip


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _walk(folder: Path) -> tuple[dict[str, int], set[str]]:
    """Every file under `folder` by relative path, with its inode, and every folder
    (os.scandir: no path object and no stat call per file, the inode comes with the entry)."""
    files: dict[str, int] = {}
    folders: set[str] = set()
    pending = [""]
    while pending:
        prefix = pending.pop()
        with os.scandir(os.path.join(folder, prefix)) as entries:
            for entry in entries:
                name = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.add(name)
                    pending.append(name + "/")
                else:
                    files[name] = entry.inode()
    return files, folders


def _files(folder: Path) -> set[str]:
    """Relative paths of every file under `folder`."""
    return set(_walk(folder)[0])


def sync_tree(staging: Path, output: Path, kept=frozenset()) -> dict[str, int]:
    """Make `output` hold exactly the files of `staging` and the `kept` ones it already
    has (the build left those where they are), writing only what differs.

    Files are moved (renamed, so each appears whole) from staging: new files first, then
    changed ones, and stale files are removed last, so a page never links to a file that is
    not there yet, and an interruption leaves a complete, usable site. Unchanged files keep
    their inode and modification time. Returns counts of added, changed, removed, kept.
    """
    staging, output = Path(staging), Path(output)
    built = _files(staging)
    kept = set(kept) - built  # a file the build wrote after all wins
    if not output.is_dir():
        if kept:
            raise FileNotFoundError(f"{output} is gone, but the build kept {len(kept)} of its files")
        _remove(output)
        staging.rename(output)
        return {"added": len(built), "changed": 0, "removed": 0, "kept": 0}
    present = _files(output)
    if kept - present:
        raise FileNotFoundError(f"{len(kept - present)} kept file(s) left {output} during the build, "
                                f"e.g. {sorted(kept - present)[0]}; build again")  # fmt: skip
    added = sorted(built - present)
    changed = sorted(name for name in built & present
                     if not _same(os.path.join(staging, name), os.path.join(output, name)))  # fmt: skip
    for name in [*added, *changed]:
        target = output / name
        for parent in reversed(Path(name).parents[:-1]):  # a file standing where a folder goes
            if (output / parent).exists() and not (output / parent).is_dir():
                _remove(output / parent)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / name, target)
    removed = sorted(present - built - kept)
    for name in removed:
        path = output / name
        if path.is_symlink() or path.is_file():  # a folder now stands there: already replaced
            path.unlink()
    emptied = {parent for name in removed for parent in Path(name).parents[:-1]}
    for folder in sorted(emptied, key=lambda p: len(p.parts), reverse=True):  # deepest first
        path = output / folder
        if path.is_dir() and not (staging / folder).is_dir() and not any(path.iterdir()):
            path.rmdir()
    return {"added": len(added), "changed": len(changed), "removed": len(removed),
            "kept": len(built) + len(kept) - len(added) - len(changed)}  # fmt: skip


def publish_tree(staging: Path, output: Path, kept=frozenset(), spare: Path | None = None) -> dict[str, int]:
    """Replace `output` by the site built in `staging` and the `kept` files of `output`, in
    one step (see the module docstring); nothing happens when no file differs. Returns
    counts of added, changed, removed and kept files.

    With `spare`, a folder beside `output` holding an earlier tree of the site (the one the
    last publish swapped out, its unchanged files hard links of the live ones), the new tree
    is made from it: only the files that differ from what it must hold are touched, and the
    old tree is left there as the next publish's spare, so nothing is removed. Without one,
    or when it cannot be used, staging is completed instead (every unchanged file linked in,
    every folder made) and the old tree becomes the spare, or is removed when `spare` is None.
    The caller removes what is left of `staging`."""
    staging, output = Path(staging), Path(output)
    staging.chmod(DIRECTORY_MODE)  # mkdtemp made it 0700
    if not output.is_dir() or output.is_symlink() or _mount_point(output):
        if output.is_dir():
            logger.warning("%s is a mount point or a symlink: changed files are moved in one by one, not swapped "
                           "at once", output)  # fmt: skip
        return sync_tree(staging, output, kept)
    built = _files(staging)
    kept = set(kept) - built  # a file the build wrote after all wins
    present, _ = _walk(output)
    if kept - present.keys():
        missing = sorted(kept - present.keys())
        raise FileNotFoundError(f"{len(missing)} kept file(s) left {output} during the build, e.g. {missing[0]}; "
                                "build again")  # fmt: skip
    added = built - present.keys()
    same = {name for name in built & present.keys()
            if _same(os.path.join(staging, name), os.path.join(output, name))}  # fmt: skip
    changed = built & present.keys() - same
    removed = present.keys() - built - kept
    counts = {"added": len(added), "changed": len(changed), "removed": len(removed),
              "kept": len(kept) + len(same)}  # fmt: skip
    if not (added or changed or removed):
        return counts
    if spare is not None and _usable(Path(spare), output):
        tree = _update(Path(spare), staging, output, present, added | changed, kept | same)
    else:
        for name in same:  # the live file, so that its inode and modification time stay
            if not same_file(os.path.join(staging, name), os.path.join(output, name)):
                link(os.path.join(output, name), os.path.join(staging, name))
        _link_all(output, staging, kept)
        tree = staging
    old = swap(tree, output)
    if spare is None:
        shutil.rmtree(old, ignore_errors=True)
    elif old != Path(spare):
        if os.path.lexists(spare):  # one that could not be used
            _remove(Path(spare))
        os.rename(old, spare)
    return counts


def _usable(spare: Path, output: Path) -> bool:
    """Whether `spare` is a real folder on the file system of `output` (hard links reach it)."""
    return spare.is_dir() and not spare.is_symlink() and os.stat(spare).st_dev == os.stat(output).st_dev


def _update(spare: Path, staging: Path, output: Path, live: dict[str, int], moved: set[str],
            linked: set[str]) -> Path:  # fmt: skip
    """Make the earlier tree `spare` hold the new site: the `moved` files renamed in from
    staging, the `linked` ones hard links of the live files. A file that already is the live
    file (the same inode) is left alone, so a publish costs what changed since the spare's
    build, not a link per file and a folder per folder. `output` is not touched."""
    held, folders = _walk(spare)
    wanted = moved | linked
    needed = {parent for name in wanted for parent in _parents(name)}
    into, staged, out = f"{spare}{os.sep}", f"{staging}{os.sep}", f"{output}{os.sep}"
    for name in held.keys() - wanted:  # files gone from the site, or standing where a folder goes
        os.unlink(into + name)
    for folder in sorted(folders - needed, reverse=True):  # deepest first; empty by now
        os.rmdir(into + folder)
    for folder in sorted(needed - folders):  # a parent sorts before its children
        os.mkdir(into + folder)
    for name in moved:
        os.replace(staged + name, into + name)
    for name in linked:
        if held.get(name) != live[name]:
            link(out + name, into + name)
    spare.chmod(DIRECTORY_MODE)
    return spare


def _parents(name: str):
    folder = os.path.dirname(name)
    while folder:
        yield folder
        folder = os.path.dirname(folder)


def _link_all(source: Path, target: Path, names) -> None:
    """Hard-link each file `name` of `source` to the same name in `target`, where nothing is
    yet (no rename needed). Folders first, parents before children: where no spare tree is at
    hand, a large site links tens of thousands of files here."""
    folders = {folder for name in names for folder in _parents(name)}
    into, out = f"{target}{os.sep}", f"{source}{os.sep}"
    for folder in sorted(folders):
        try:
            os.mkdir(into + folder)
        except FileExistsError:
            pass
    for name in names:
        os.link(out + name, into + name)


def spare_of(output: Path) -> Path:
    """Where the tree a publish swapped out of `output` waits to become the next one."""
    return output.parent / f".{output.name}-spare"


def _mount_point(folder: Path) -> bool:
    return os.stat(folder).st_dev != os.stat(folder.parent).st_dev


RENAME_EXCHANGE = 2  # linux/fs.h
AT_FDCWD = -100


def _exchange(one: Path, other: Path) -> bool:
    """Swap two paths in one step (Linux renameat2). False where that is not supported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # not Linux, or a libc older than glibc 2.28
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(one), AT_FDCWD, os.fsencode(other), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(one), None, str(other))


def swap(new: Path, live: Path) -> Path:
    """Put the folder `new` where `live` is; returns where the old `live` tree now is."""
    if _exchange(new, live):
        return new
    # Two renames: a build killed between them leaves no `live`, and `recover` restores it.
    old = Path(tempfile.mkdtemp(prefix=f".{live.name}-old-", dir=live.parent))
    os.rename(live, old)  # onto the empty folder mkdtemp made
    os.rename(new, live)
    return old


def recover(output: Path) -> Path | None:
    """Put back the old site when a build was killed between the two renames of `swap`."""
    output = Path(output)
    if os.path.lexists(output):
        return None
    olds = sorted(output.parent.glob(f".{output.name}-old-*"), key=lambda p: p.stat().st_mtime_ns)
    if not olds:
        return None
    olds[-1].rename(output)
    logger.warning("%s was missing after a build that was stopped; the previous site is back", output)
    return olds[-1]


def leftovers(output: Path) -> list[Path]:
    """What builds of `output` left beside it: staging (`.output-new-*`), scratch
    (`.output-cache-*`), search snapshots and old trees (`.output-old-*`)."""
    output = Path(output)
    kinds = ("new", "cache", "old", "search")
    return sorted(path for kind in kinds for path in output.parent.glob(f".{output.name}-{kind}-*"))


def clean(output: Path, caches=()) -> int:
    """Remove the leftovers of killed builds beside `output` and, in each folder of
    `caches`, their temporary files. Call it holding the build lock. Returns how many."""
    recover(output)
    found = leftovers(output)
    for folder in caches:
        for parent, folders, files in os.walk(folder):
            for name in [*files, *folders]:
                if is_leftover(name):
                    found.append(Path(parent, name))
            folders[:] = [name for name in folders if not is_leftover(name)]
    for path in found:
        _remove(path)
    return len(found)


def cache_folders(settings: dict, settings_dir: Path) -> list[Path]:
    """The project's cache folders: cache/ and every *CACHE_DIR and CACHE_PATH outside it."""
    project = Path(settings["PATH"]).resolve().parent
    folders = {project / "cache", cache_root(settings, Path(settings_dir).resolve())}
    folders |= {project / value for key, value in settings.items()
                if key.endswith("CACHE_DIR") and isinstance(value, str)}  # fmt: skip
    return sorted(f for f in folders if f.is_dir() and not any(f.is_relative_to(o) and f != o for o in folders))


@contextlib.contextmanager
def build_lock(project: Path, output: Path, caches=(), language: str = "id"):
    """Hold the project's build lock (waiting for a running build) while the block runs,
    after removing what killed builds left. The lock file holds the running build's process
    id; one that still holds an id when the next build takes the lock was killed."""
    try:
        import fcntl
    except ImportError:  # not a POSIX system: builds of one project must not overlap
        clean(output)
        yield
        return
    path = Path(project) / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(say(language, f"Build lain sedang berjalan di proyek ini ({path}); menunggu sampai selesai…",
                      f"Another build of this project is running ({path}); waiting for it to finish…"),
                  file=sys.stderr, flush=True)  # fmt: skip
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        killed = handle.read().strip()
        clean(output, caches if killed else ())
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()


# The build ----------------------------------------------------------------------------------


class BuildFailed(StaffError):
    """The build logged errors; nothing was published."""


class _ErrorCounter(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.count = 0
        self.disk_full: OSError | None = None  # an error that says the disk is full

    def emit(self, record):
        self.count += 1
        error = record.exc_info[1] if record.exc_info else None
        self.disk_full = self.disk_full or disk_full(error) or _disk_full_text(record.getMessage())


DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


def disk_full(error: BaseException | None) -> OSError | None:
    """The OSError saying the disk (or the quota) is full, in `error` or what caused it."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OSError) and error.errno in DISK_FULL:
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None


def _disk_full_text(message: str) -> OSError | None:
    """A logged error that quotes the system's message (Pagefind: "No space left on device")."""
    for code in DISK_FULL:
        if os.strerror(code) in message:
            return OSError(code, os.strerror(code))
    return None


def read_settings(settings_file, overrides=None):
    from pelican.settings import read_settings as pelican_settings

    return pelican_settings(str(settings_file), override=overrides or {})


def _init_logging():
    from pelican.log import init as init_logging

    if not logging.getLogger().handlers:
        init_logging(level=logging.WARNING)


class Build:
    """One build of a site: its settings, the output folder, the staging folder it builds
    into and the store of what it writes (`store`, a core.output.Output whose live folder is
    the output folder). Plugins reach the store through the settings under
    core.output.OUTPUT_KEY; its `work` holds their work in flight (the page cache's writer,
    the search index), finished when Pelican sends `finalized`."""

    def __init__(self, settings_file, output, overrides=None) -> None:
        self.settings_file = Path(settings_file)
        self.output = Path(output).resolve()
        _init_logging()
        self.settings = read_settings(settings_file, overrides)
        self.staging: Path | None = None
        self.store: Output | None = None

    def run(self) -> Path:
        """Build into a staging folder beside the output folder; only when the whole build
        succeeds, swap the complete new site in at once, unchanged files hard-linked from the
        live one (publish_tree), so a failed or killed build leaves the last good site
        untouched and a rebuild with no change writes no file. Builds of one project take
        turns (build_lock), and each removes what killed ones left."""
        from pelican import Pelican

        output, settings = self.output, self.settings
        output.parent.mkdir(parents=True, exist_ok=True)
        settings_dir = self.settings_file.resolve().parent
        language = staff_language(settings)
        with build_lock(project_root(settings), output, cache_folders(settings, settings_dir), language):
            self.staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-new-", dir=output.parent))
            scratch = Path(tempfile.mkdtemp(prefix=f".{output.name}-cache-", dir=output.parent))
            # Files the live site already holds unchanged stay out of staging (Output.place).
            self.store = Output(self.staging, live=output)
            settings.update({"OUTPUT_PATH": str(self.staging), OUTPUT_KEY: self.store})
            errors = _ErrorCounter()
            logging.getLogger().addHandler(errors)
            try:
                with reader_cache(settings, settings_dir, scratch) as keep_cache:
                    Pelican(settings).run()
                    if errors.count:
                        failed = BuildFailed(say(language, f"build mencatat {errors.count} galat, lihat di atas",
                                                 f"the build logged {errors.count} error(s), shown above"))
                        if errors.disk_full:
                            raise errors.disk_full from failed
                        raise failed
                    keep_cache()
                publish_tree(self.staging, output, self.store.kept, spare=spare_of(output))
                return output
            finally:
                logging.getLogger().removeHandler(errors)
                self.store.settle()  # a failed build's search run may still write beside output/
                shutil.rmtree(self.staging, ignore_errors=True)
                shutil.rmtree(scratch, ignore_errors=True)


def build_site(settings_file, output, overrides=None) -> Path:
    """Build the site of `settings_file` into `output` (see `Build.run`)."""
    return Build(settings_file, output, overrides).run()


# The golden copy of the sample site ---------------------------------------------------------

# The golden build pins the clock so that expiry is judged the same on every run.
GOLDEN_OVERRIDES = {"BULLETINS_NOW": "2021-07-01 09:00"}
# The golden copy keeps the text Warta generates: static files copied from content/, the
# share images and posters (checked for size, budget and determinism by their own tests) and
# the fonts the browser draws the other share cards with stay out.
GOLDEN_SKIP = ("images", "media", "pagefind")  # pagefind: a generated index, tested by test_search
GOLDEN_SKIP_SUFFIXES = (".jpg", ".png", ".pdf", ".mp4", ".otf", ".ttf")


def golden_files(folder: Path) -> dict[str, bytes]:
    """The generated files of a built site, by relative path, as the golden test compares them."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.relative_to(folder).parts[0] not in GOLDEN_SKIP
        and path.suffix not in GOLDEN_SKIP_SUFFIXES
    }
