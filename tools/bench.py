"""Benchmark: synth of every environment vs. the floor (a process that only imports cdktf and
the provider bindings), measured in the same run. Prints wall time, peak RSS and the ratios.

  python -m tools.bench            (BENCH_RUNS=N repeats each, best run kept; default 1)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
PROVIDER_IMPORT = re.compile(r"^from (cdktf_cdktf_provider_\w+)\.", re.MULTILINE)


def floor_imports() -> str:
    """Import cdktf and every provider binding the app's modules use: the irreducible cost."""
    packages = sorted({m for path in (ROOT / "modules").glob("*.py")
                       for m in PROVIDER_IMPORT.findall(path.read_text())})
    return "import cdktf\n" + "".join(f"import {p}.provider\n" for p in packages)


def tree_rss_kib(root: int) -> int:
    """Resident memory of ``root`` and all its descendants (python + the node jsii runtime)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            pid = int(stat.parent.name)
            parents[pid], rss[pid] = int(fields[1]), int(fields[21]) * PAGE_KIB
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [p for p, pp in parents.items() if pp == parent and p not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(rss.get(p, 0) for p in tree)


def measure(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB, summed over the process tree, sampled every 50 ms)."""
    started = time.monotonic()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss_kib(process.pid))
        time.sleep(0.05)
    wall = time.monotonic() - started
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed with status {process.returncode}")
    return wall, peak / 1024


def main() -> int:
    runs = int(os.environ.get("BENCH_RUNS", "1"))
    env = {**os.environ, "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}
    results: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        cases = {
            "floor (import providers)": [sys.executable, "-c", floor_imports()],
            "synth (all environments)": [sys.executable, str(ROOT / "main.py")],
        }
        for label, argv in cases.items():
            best = None
            for i in range(runs):
                run_env = {**env, "CDKTF_OUTDIR": str(Path(tmp) / f"out{i}"), "PLATFORM_ENVS": ""}
                sample = measure(argv, run_env)
                best = sample if best is None or sample[0] < best[0] else best
            assert best is not None
            results[label] = best
        stacks = len(list((Path(tmp) / "out0" / "stacks").iterdir()))
    (floor_s, floor_mb), (synth_s, synth_mb) = results.values()
    print(f"{'case':28} {'wall s':>8} {'peak RSS MiB':>13}")
    for label, (wall, rss) in results.items():
        print(f"{label:28} {wall:8.1f} {rss:13.0f}")
    print(f"synth/floor: time x{synth_s / floor_s:.2f}, memory x{synth_mb / floor_mb:.2f} "
          f"({stacks} stacks, best of {runs})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
