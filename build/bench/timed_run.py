#!/usr/bin/env python3
"""Run one command and measure its wall time and the CPU time of its whole process tree.

    python3 build/bench/timed_run.py --log LOG -- COMMAND ARGS...

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


def main():
    argv = sys.argv[1:]
    if len(argv) < 4 or argv[0] != "--log" or argv[2] != "--":
        sys.exit(__doc__)
    log_path, command = argv[1], argv[3:]

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        sys.exit(f"timed_run.py: prctl(PR_SET_CHILD_SUBREAPER) failed: errno {ctypes.get_errno()}")

    with open(log_path, "wb") as log:
        start = time.monotonic()
        child = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        exit_code = child.wait()
        wall = time.monotonic() - start

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
    print(f"{wall:.3f} {usage.ru_utime:.3f} {usage.ru_stime:.3f} {exit_code} {orphans} {tail:.3f}")


if __name__ == "__main__":
    main()
