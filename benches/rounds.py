#!/usr/bin/env python3
"""Compares builds of stserr on one input in interleaved rounds (BENCHMARKS.md, scan throughput).

On a shared machine run-to-run noise is 20-40%, far more than the differences worth measuring.
Each round runs every build once, in an order rotated per round, pinned to one CPU, so that
drifts in machine speed hit all builds alike; each build is then compared with the first one
round by round, and the median and quartiles of those ratios are printed, for wall time and for
user CPU time, with each build's median and fastest run.

Usage: benches/rounds.py ROUNDS LOG BUILD... [-- ARGS]
  BUILD: paths to stserr binaries, the first is the reference;
  ARGS:  the stserr arguments before LOG (default: scan --summary).
Example (0f00b94 is the build before the new families of issue 13):
  git worktree add /tmp/base 0f00b94 && cargo build --release --manifest-path /tmp/base/Cargo.toml
  benches/rounds.py 60 /tmp/mixed.log /tmp/base/target/release/stserr target/release/stserr
"""
import resource
import shutil
import statistics as st
import subprocess
import sys
import time


def main(argv):
    args = ["scan", "--summary"]
    if "--" in argv:
        args = argv[argv.index("--") + 1 :]
        argv = argv[: argv.index("--")]
    if len(argv) < 3:
        sys.exit(__doc__)
    rounds, log, builds = int(argv[0]), argv[1], argv[2:]
    pin = ["taskset", "-c", "1"] if shutil.which("taskset") else []

    def run(build):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([*pin, build, *args, log], stdout=subprocess.DEVNULL, check=False)
        wall = time.perf_counter() - start
        return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - before.ru_utime

    times = {b: [] for b in builds}
    for i in range(rounds):
        k = i % len(builds)
        for b in builds[k:] + builds[:k]:
            times[b].append(run(b))
    for what, name in ((0, "wall"), (1, "user")):
        for b in builds:
            mine = [t[what] for t in times[b]]
            ratios = [m[what] / r[what] for r, m in zip(times[builds[0]], times[b])]
            q = st.quantiles(ratios, n=4)
            print(
                f"{name} {b}: median {st.median(mine) * 1000:.1f} ms, fastest {min(mine) * 1000:.1f} ms, "
                f"ratio to the first: median {st.median(ratios):.3f} (quartiles {q[0]:.3f}-{q[2]:.3f})"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
