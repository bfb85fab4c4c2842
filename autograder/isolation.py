"""Walls around the build process, with Linux namespaces where the kernel allows them.

The build process starts under `unshare` in new user, mount, PID and network
namespaces. Before any learner code runs, `enter()` (in the build process)
makes every file system read-only except the build's own working directory,
covers the kit's private folders (solutions, course, tests, git history)
with empty read-only mounts, and then moves into a second, nested user and
mount namespace: there the mounts made above are locked, so learner code can
neither unmount them nor remount anything writable. The PID namespace ends
every process the learner started when the build ends; the network namespace
has no network.

So learner code cannot read a solution, write the gradebook, edit the
grader's files on disk, or leave a process behind. Where `unshare` is not
available (some containers forbid user namespaces), the build runs without
these walls and the time and memory limits still hold.
"""

from __future__ import annotations

import ctypes
import functools
import os
import pathlib
import shutil
import subprocess

UNSHARE = [
    "unshare",
    "--user",
    "--map-root-user",
    "--mount",
    "--pid",
    "--fork",
    "--mount-proc",
    "--kill-child",
    "--net",
]
ROOT = pathlib.Path(__file__).resolve().parent.parent
#: Folders of the kit that learner code must not see.
PRIVATE = ("solutions", "course", "tests", ".git")

_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_REMOUNT, _MS_BIND, _MS_REC = 1, 2, 4, 32, 4096, 16384
_CLONE_NEWNS, _CLONE_NEWUSER = 0x20000, 0x10000000


@functools.cache
def available() -> bool:
    """Whether `unshare` can make the namespaces here (probed once)."""
    if os.environ.get("AUTOGRADER_ISOLATION") == "none" or shutil.which("unshare") is None:
        return False
    try:
        proc = subprocess.run([*UNSHARE, "true"], capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0


def command_prefix() -> list[str]:
    """What goes before `python ...` to start the build process in namespaces."""
    return list(UNSHARE) if available() else []


def private_paths(extra: list[str] = ()) -> list[str]:
    """The folders to cover: the kit's private folders that exist, plus `extra`."""
    paths = [str(ROOT / name) for name in PRIVATE if (ROOT / name).is_dir()]
    return paths + [str(pathlib.Path(p).resolve()) for p in extra if os.path.isdir(p)]


def _mount(libc, source, target, fstype, flags, data=None) -> None:
    enc = lambda s: s.encode() if s else None  # noqa: E731
    if libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"mount {target}: {os.strerror(errno)}")


def _mount_points() -> list[str]:
    points = []
    with open("/proc/self/mountinfo", encoding="utf-8") as f:
        for line in f:
            point = line.split()[4]
            points.append(point.encode().decode("unicode_escape"))
    return points


def enter(writable: str, hidden: list[str]) -> None:
    """Makes the walls; called first thing in the build process, under `UNSHARE`.

    Args:
        writable: The one directory that stays writable (the build's own).
        hidden: Directories covered by empty read-only mounts.

    Raises:
        OSError: if a mount or the nested namespace cannot be made.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    _mount(libc, writable, writable, None, _MS_BIND | _MS_REC)
    for point in _mount_points():
        if point == writable or point.startswith(("/proc", "/sys", "/dev")):
            continue
        try:
            _mount(libc, None, point, None, _MS_REMOUNT | _MS_BIND | _MS_RDONLY)
        except OSError:
            pass  # a mount this namespace may not change; it is not ours to write either
    for path in hidden:
        _mount(libc, "tmpfs", path, "tmpfs", _MS_RDONLY | _MS_NOSUID | _MS_NODEV, "size=4k")
    # The working directory was entered before the bind mount: enter it again,
    # so that relative paths (`model.save("m.keras")`) land on the writable mount.
    os.chdir(writable)
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNS) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"unshare: {os.strerror(errno)}")
    for name, text in (("setgroups", "deny"), ("uid_map", f"0 {uid} 1"), ("gid_map", f"0 {gid} 1")):
        with open(f"/proc/self/{name}", "w") as f:
            f.write(text)
