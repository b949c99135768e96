"""Find and read input files safely: regular files only, each under a size cap.

A FIFO, a device, a socket, a dangling symlink, or a symlink that leaves the folder is
not a file a web server would serve, and reading one can hang (FIFO) or never end
(``/dev/zero``). Such entries are skipped with a note that says why.
"""

from __future__ import annotations

import glob
import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

from checklinks.types import InputError, Location, Note

DEFAULT_MAX_FILE_BYTES = 50_000_000  # 50 MB
_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a directory"),
)


class FileTooLarge(OSError):
    """A file over the size cap; ``size`` is its size in bytes."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"{size / 1e6:.1f} MB is over the {limit / 1e6:.1f} MB cap")
        self.size = size


class NotRegular(OSError):
    """Not a regular file (the message names what it is)."""


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


@dataclass(slots=True)
class Tree:
    """The regular files under a folder (POSIX paths relative to it) and skipped entries."""

    root: Path
    files: set[str] = field(default_factory=set)
    notes: list[Note] = field(default_factory=list)


def _skip_reason(entry: os.DirEntry[str], real_root: str) -> str | None:
    """Why a non-regular, non-directory entry is skipped; None if it is a usable symlink."""
    try:
        if not entry.is_symlink():
            return _kind(entry.stat(follow_symlinks=False).st_mode)
        target = os.path.realpath(entry.path)
        if os.path.commonpath([real_root, target]) != real_root:
            return f"symlink to {target}, outside the folder"
        mode = os.stat(entry.path).st_mode
    except FileNotFoundError:
        return "dangling symlink"
    except OSError as exc:
        return f"cannot read ({exc.strerror})"
    if stat.S_ISREG(mode):
        return None
    return f"symlink to {_kind(mode)}" + (", not followed" if stat.S_ISDIR(mode) else "")


def walk(root: Path) -> Tree:
    """Every regular file under ``root`` (symlinks to regular files inside it included)."""
    tree = Tree(root)
    real_root = os.path.realpath(root)
    stack = [(str(root), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = os.scandir(folder)
        except OSError as exc:
            tree.notes.append(Note(Location(prefix or "."), f"skipped: {exc.strerror}"))
            continue
        with entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, rel + "/"))
                    continue
                reason = None
                if not entry.is_file(follow_symlinks=False):
                    reason = _skip_reason(entry, real_root)
                if reason is None:
                    tree.files.add(rel)
                else:
                    tree.notes.append(Note(Location(rel), f"skipped: {reason}"))
    return tree


def read_file(path: Path | str, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``.

    Raises ``NotRegular``, ``FileTooLarge`` or another ``OSError``. Opening never blocks
    (a FIFO is refused, not waited on) and never reads more than ``max_bytes + 1`` bytes.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(f"{_kind(info.st_mode)}, not a regular file")
        if info.st_size > max_bytes:
            raise FileTooLarge(info.st_size, max_bytes)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(max_bytes + 1)
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # grew while we read it
        raise FileTooLarge(len(data), max_bytes)
    return data


def problem(exc: OSError) -> str:
    """A short reason for a file that could not be read."""
    if isinstance(exc, FileTooLarge | NotRegular):
        return str(exc)
    return exc.strerror or str(exc)


def select_pages(entries: list[str], root: Path | None) -> tuple[Path, list[str] | None]:
    """The site root and the pages to check, from folders, files and globs.

    One folder and no ``root``: that folder is the site, every page is checked. Otherwise
    ``root`` is the site and each entry names pages in it: a folder (its pages), a file,
    or a glob (``**`` included). Pages are site-relative; a folder is ``path/`` (``""`` for
    the whole site). Raises InputError naming the entry that is wrong.
    """
    if not entries:
        raise InputError("give SITE_DIR, or pages with --root SITE_DIR (or --files-from)")
    if root is None:
        if len(entries) == 1 and Path(entries[0]).is_dir():
            return Path(entries[0]), None
        if len(entries) == 1 and not os.path.lexists(entries[0]):
            raise InputError(f"{entries[0]}: not a directory")
        raise InputError(
            f"{entries[0]}: with several inputs, a file or a glob, "
            "give --root SITE_DIR, the folder the pages belong to"
        )
    if not root.is_dir():
        raise InputError(f"{root}: not a directory")
    base = os.path.abspath(root)
    pages: list[str] = []
    for entry in entries:
        paths = [entry]
        if not os.path.lexists(entry) and glob.has_magic(entry):
            paths = sorted(glob.glob(entry, recursive=True))
            if not paths:
                raise InputError(f"{entry}: no file matches")
        for path in paths:
            if not os.path.lexists(path):
                raise InputError(f"{path}: no such file or folder")
            rel = os.path.relpath(os.path.abspath(path), base).replace(os.sep, "/")
            if rel == ".." or rel.startswith("../"):
                raise InputError(f"{path}: not inside --root {root}")
            if os.path.isdir(path) and not os.path.islink(path):
                pages.append("" if rel == "." else rel + "/")
            else:
                pages.append(rel)
    return root, pages


def read_list(path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> list[str]:
    """The non-blank lines of a ``--files-from`` file (``-`` reads standard input)."""
    if str(path) == "-":
        text = sys.stdin.read()
    else:
        try:
            text = read_file(path, max_bytes).decode("utf-8")
        except OSError as exc:
            raise InputError(f"{path}: {problem(exc)}") from exc
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not UTF-8 ({exc.reason})") from exc
    return [line.strip() for line in text.splitlines() if line.strip()]
