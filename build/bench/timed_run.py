#!/usr/bin/env python3
"""Run one command and measure its wall time and the CPU time of its whole process tree.

    python3 build/bench/timed_run.py --log LOG [--count-pids PID,...] -- COMMAND ARGS...

Prints one line: `wall user sys exit orphans tail` (seconds, except exit and orphans).

- wall: from start until COMMAND itself exits (what a person waits for).
- user, sys: CPU time of every process in the tree, including processes that outlive their
  parent (MSBuild worker nodes, the compiler). This process makes itself a child subreaper
  (prctl PR_SET_CHILD_SUBREAPER), so orphaned descendants are re-parented to it instead of to
  init, and it reaps them all before reading getrusage(RUSAGE_CHILDREN). `/usr/bin/time` counts
  only descendants that were waited for up the chain before COMMAND exited.
- orphans: how many descendants outlived their parent and were reaped here (0 means
  `/usr/bin/time` would have seen the same CPU time).
- tail: seconds from COMMAND's exit until the last orphan exited.

- --count-pids: processes outside the tree whose CPU time during the command is added to user and
  sys (the compiler server, VBCSCompiler, which serves builds with UseSharedCompilation=true but
  is started once and outlives them). Its CPU time while the command runs is counted as the
  command's; nothing else may use that server meanwhile.

stdout and stderr of COMMAND go to LOG.
"""

import ctypes
import os
import resource
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36
ORPHAN_GRACE_SECONDS = 120


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu(pids):
    """(user, sys) seconds of the given processes so far; a process that is gone counts 0."""
    user = sys_ = 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        user += int(fields[11]) / CLOCK_TICKS  # utime is field 14, stime 15 (1-based, counting pid and comm)
        sys_ += int(fields[12]) / CLOCK_TICKS
    return user, sys_


def main():
    argv = sys.argv[1:]
    if len(argv) < 4 or argv[0] != "--log":
        sys.exit(__doc__)
    log_path, rest = argv[1], argv[2:]
    counted = []
    if rest[0] == "--count-pids":
        counted = [int(p) for p in rest[1].split(",") if p]
        rest = rest[2:]
    if not rest or rest[0] != "--" or len(rest) < 2:
        sys.exit(__doc__)
    command = rest[1:]

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.exit(f"timed_run.py: prctl(PR_SET_CHILD_SUBREAPER) failed: errno {ctypes.get_errno()}")

    counted_before = process_cpu(counted)
    with open(log_path, "wb") as log:
        start = time.monotonic()
        child = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        exit_code = child.wait()
        wall = time.monotonic() - start
    counted_after = process_cpu(counted)

    orphans = 0
    last_exit = time.monotonic()
    deadline = last_exit + ORPHAN_GRACE_SECONDS
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break  # no descendants left
        if pid == 0:
            if time.monotonic() > deadline:
                print(f"timed_run.py: descendants still running {ORPHAN_GRACE_SECONDS} s after the command; "
                      "their CPU time is not counted", file=sys.stderr)
                break
            time.sleep(0.02)
            continue
        orphans += 1
        last_exit = time.monotonic()
    tail = max(0.0, last_exit - (start + wall)) if orphans else 0.0

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    user = usage.ru_utime + counted_after[0] - counted_before[0]
    sys_ = usage.ru_stime + counted_after[1] - counted_before[1]
    print(f"{wall:.3f} {user:.3f} {sys_:.3f} {exit_code} {orphans} {tail:.3f}")


if __name__ == "__main__":
    main()
