"""Confinement: what a learner's process can see, and what it may do.

Two layers, because the zygote must stay warm (torch imported once) and each fork must
still be alone:

1. **The zygote's view, by bubblewrap** (``bwrap``, an audited tool): a new root that holds
   only an allow-list, read-only — the system's libraries, the Python runtime and its
   site-packages, the grader's public code (hidden checks masked), the datasets the
   zygote may hand out — plus a private tmpfs; no network, its own PID and IPC
   namespaces and its own ``/proc``. No solutions, reference cache, checkout, ``.git``,
   other learner or grader process exists in it. Learner files never live there: they
   arrive with each fork request, as data. Started as root, the zygote's first act is to
   drop to ``nobody`` (:func:`drop_root`), so no learner code ever holds a privilege.
2. **Each fork, in namespaces of its own** (:func:`isolate_fork`): a user namespace that
   maps only its own unprivileged uid, and new mount, PID, network, IPC and UTS
   namespaces; the learner's code runs as PID 1 of that namespace (when it ends, the
   kernel ends everything it started), sees a ``/proc`` with only its own processes, and
   writes only to a tmpfs of its own. Its network namespace holds nothing but its own
   loopback, which is brought up (:func:`loopback_up`) so that processes the learner's code
   starts can talk to each other (``torchrun``'s workers, lecture gpt2's DDP), and to
   nothing else. Then every capability is dropped. Two learners of a
   batch, forked from one zygote, cannot see, signal or trace each other, nor the zygote,
   which is not dumpable.

bubblewrap alone cannot do layer 2 without losing the warm zygote (it starts a new
program), and its ``/proc`` carries read-only sub-mounts that would forbid a fork's own
``/proc`` mount, so the zygote removes those first. Where bubblewrap is missing or
refused, the zygote runs unconfined and each fork still tries layer 2; the report then
says "process isolation only" with the reason.
"""
from __future__ import annotations

import ctypes
import fcntl
import os
import resource
import shutil
import signal
import site
import socket
import struct
import sys
from pathlib import Path

NOBODY = 65534
DATA_DIR = "/coursekit-data"     # where the zygote's datasets appear in its view
PRIVATE = "/sandbox"             # each fork's own tmpfs: the learner's files, HOME, TMPDIR, cwd
MAX_PROCESSES = 64               # tasks (processes and threads) a fork's tree may hold
MAX_OPEN_FILES = 256
MAX_FILE_BYTES = 64 << 20        # any file the child writes, its output included
PRIVATE_MB = 256

# Environment variables a learner's process keeps; everything else (tokens in CI, say) is dropped.
KEEP_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OMP_NUM_THREADS",
            "MKL_NUM_THREADS", "CUDA_VISIBLE_DEVICES")

# linux/sched.h, linux/mount.h, linux/prctl.h, linux/capability.h
CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = \
    1, 2, 4, 8, 32, 4096, 0x4000, 1 << 18
MNT_DETACH = 2
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS = 1, 4, 24, 38
CAP_VERSION_3, CAP_LAST = 0x20080522, 63

_libc = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


def _ok(rc: int, what: str) -> None:
    if rc != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


# --------------------------------------------------------------------------- layer 1: the zygote's view

def bwrap() -> str | None:
    return shutil.which("bwrap")


def runtime_paths() -> list[str]:
    """The Python runtime and its packages, as the grader's own interpreter finds them."""
    paths = {sys.base_prefix, sys.prefix, sys.exec_prefix, os.path.dirname(os.path.realpath(sys.executable))}
    paths.update(p for p in site.getsitepackages() + [site.getusersitepackages()] if p in sys.path)
    real = {os.path.realpath(p) for p in paths if os.path.isdir(p)}
    return sorted(p for p in real if not any(p != q and p.startswith(q + os.sep) for q in real))


def view_argv(grader_dir: str, checks_dirs: list[str], datasets: dict[str, str], device_files: bool) -> list[str]:
    """bwrap's arguments for the zygote's allow-list view (everything else does not exist)."""
    argv = ["--die-with-parent", "--new-session", "--unshare-pid", "--unshare-net", "--unshare-ipc",
            "--unshare-uts", "--unshare-cgroup-try",
            "--tmpfs", "/tmp",              # first, as a course may live under /tmp; read-only below
            "--perms", "1777", "--tmpfs", PRIVATE]         # each fork mounts its own over it
    if os.getuid() != 0:            # unprivileged: bubblewrap needs a user namespace of its own
        argv += ["--unshare-user"]
    bound: list[str] = []
    for top in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            argv += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            argv += ["--ro-bind", top, top]
            bound.append(top)
    for f in ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime", "/etc/nsswitch.conf"):
        argv += ["--ro-bind-try", f, f]
    mounted: list[str] = []

    def ro(path: str) -> None:
        if any(path == b or path.startswith(b + os.sep) for b in bound):
            return
        bound.append(path)
        for parent in _parents(path):
            if parent not in mounted:
                argv.extend(["--perms", "0755", "--dir", parent])
                mounted.append(parent)
        argv.extend(["--ro-bind", path, path])

    for path in runtime_paths():
        ro(path)
    ro(grader_dir)
    for folder in checks_dirs:
        ro(folder)
    for folder in {os.path.join(grader_dir, "checks"), *checks_dirs}:       # every hidden check: masked
        if os.path.isdir(os.path.join(folder, "hidden")):
            argv += ["--perms", "0555", "--tmpfs", os.path.join(folder, "hidden")]
    argv += ["--perms", "0755", "--dir", DATA_DIR]
    for name, path in datasets.items():
        argv += ["--ro-bind", path, f"{DATA_DIR}/{name}"]
    if device_files:                 # CUDA: the driver's device nodes and what it reads of /sys
        for dev in sorted(Path("/dev").glob("nvidia*")):
            argv += ["--dev-bind", str(dev), str(dev)]
        argv += ["--ro-bind-try", "/sys", "/sys"]
    argv += ["--proc", "/proc", "--dev", "/dev", "--remount-ro", "/tmp", "--chdir", "/", "--clearenv"]
    for name in KEEP_ENV:
        if name in os.environ:
            argv += ["--setenv", name, os.environ[name]]
    argv += ["--setenv", "HOME", PRIVATE, "--setenv", "TMPDIR", PRIVATE, "--setenv", "PYTHONHASHSEED", "0",
             "--setenv", "PYTHONDONTWRITEBYTECODE", "1"]
    return argv


def _parents(path: str) -> list[str]:
    parts = Path(path).parts[1:-1]
    return ["/" + "/".join(parts[:i + 1]) for i in range(len(parts))]


def drop_root() -> None:
    """The zygote, started as root inside its view: remove bubblewrap's sub-mounts of /proc
    (they would forbid each fork's own /proc), then become ``nobody`` for good."""
    if os.getuid() != 0:
        return
    covered = [line.split()[4] for line in open("/proc/self/mountinfo") if line.split()[4].startswith("/proc/")]
    for mount in sorted(covered, key=len, reverse=True):
        _libc.umount2(mount.encode(), MNT_DETACH)
    os.setgroups([])
    os.setresgid(NOBODY, NOBODY, NOBODY)
    os.setresuid(NOBODY, NOBODY, NOBODY)         # from root to nobody: every capability goes too


def not_dumpable() -> None:
    """No process of the same uid may trace this one or read its memory through /proc."""
    if _libc is not None:
        _libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


# --------------------------------------------------------------------------- layer 2: each fork

def isolate_fork() -> None:
    """In the fork (the zygote's child): new user, mount, PID, network, IPC and UTS namespaces.

    The next child this process forks is PID 1 of the new PID namespace. Raises OSError
    where the kernel refuses; the caller reports that as the run's isolation."""
    if _libc is None:
        raise OSError(0, f"no namespaces on {sys.platform}")
    uid, gid = os.getuid(), os.getgid()
    _libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)    # a process may write its own uid_map only while dumpable
    try:
        _ok(_libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS),
            "unshare")
        for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
            with open(f"/proc/self/{name}", "w") as f:
                f.write(text)
        loopback_up()
    finally:
        _libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1     # linux/sockios.h, linux/if.h


def loopback_up() -> None:
    """Bring up ``lo`` in the fork's new network namespace, which has no other interface: what
    listens there is reachable only from inside the fork. (Needs the namespace's CAP_NET_ADMIN,
    which the new user namespace grants until drop_capabilities.)"""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        ifreq = fcntl.ioctl(s, SIOCGIFFLAGS, struct.pack("16sH22x", b"lo", 0))
        flags = struct.unpack("16sH22x", ifreq)[1]
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH22x", b"lo", flags | IFF_UP))


def private_mounts(private: str) -> None:
    """In PID 1 of the fork's namespaces: its own /proc, and its own tmpfs at ``private``."""
    _ok(_libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None), "mount --make-rprivate /")
    _ok(_libc.mount(b"proc", b"/proc", b"proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None), "mount /proc")
    _ok(_libc.mount(b"tmpfs", private.encode(), b"tmpfs", MS_NOSUID | MS_NODEV,
                    f"size={PRIVATE_MB}m,mode=0700".encode()), f"tmpfs on {private}")


def read_only(folder: str) -> None:
    """Make ``folder`` (a directory on the fork's tmpfs) read-only: the learner's files, once written."""
    _ok(_libc.mount(folder.encode(), folder.encode(), None, MS_BIND, None), f"bind {folder}")
    _ok(_libc.mount(None, folder.encode(), None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, None),
        f"read-only {folder}")


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def drop_capabilities() -> None:
    """Give up every capability the new user namespace granted, for good (learner code follows)."""
    for cap in range(CAP_LAST + 1):
        _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
    _ok(_libc.capset(ctypes.byref(_CapHeader(CAP_VERSION_3, 0)), (_CapData * 2)()), "capset")
    _ok(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")


def become_nobody() -> str:
    """Without namespaces, as root: the learner's code runs as nobody at least. Returns why not,
    where nobody could not even read the Python runtime (one installed under /root, say)."""
    if os.getuid() == 0:
        hidden = next((p for p in runtime_paths() if not _others_can_read(p)), None)
        if hidden:
            return f"learner code ran as root: nobody cannot read {hidden}"
        os.setgroups([])
        os.setresgid(NOBODY, NOBODY, NOBODY)
        os.setresuid(NOBODY, NOBODY, NOBODY)
    if _libc is not None:
        _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    return ""


def _others_can_read(path: str) -> bool:
    """``path`` and every folder above it open to other users (read and search)."""
    p = Path(path)
    return all(os.stat(q).st_mode & 0o005 == 0o005 for q in [p, *p.parents])


def die_with_parent() -> None:
    if _libc is not None:
        _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def limit(cpu_s: int, memory_mb: int, cuda: bool) -> None:
    """CPU time, memory, file size, open files, tasks; no core dumps."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # an oversized write fails instead of killing
    limits = [(resource.RLIMIT_CPU, cpu_s), (resource.RLIMIT_FSIZE, MAX_FILE_BYTES), (resource.RLIMIT_CORE, 0),
              (resource.RLIMIT_NOFILE, MAX_OPEN_FILES), (resource.RLIMIT_NPROC, MAX_PROCESSES)]
    if not cuda:                # CUDA reserves far more address space than it uses
        limits.append((resource.RLIMIT_AS, memory_mb << 20))
    for which, value in limits:
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass
