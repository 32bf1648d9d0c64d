#!/usr/bin/env python3
"""Measure `dossier serve`'s rebuild after editing one brief, on a synthetic site.

Usage: scripts/bench_serve.py [N] [--edits K] [--binary PATH]

Generates an N-brief corpus (default 10,000) in /dev/shm with scripts/gen_corpus.py, starts
`dossier serve --port 0` on it, waits for the first build, then K times (default 5) edits one
brief's body and measures:
  - the rebuild as serve reports it ("Built N briefs: P pages rendered in T ms");
  - end to end: from the file write until the server answers the brief's URL with the new text.
Prints each edit and the medians. Standard library only; everything stays on loopback.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "dossier"))
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)

    work = tempfile.mkdtemp(prefix="dossier-serve-bench.", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    site = os.path.join(work, "site")
    try:
        subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), str(args.n), site],
                       check=True, stdout=subprocess.DEVNULL)
        server = subprocess.Popen([args.binary, "serve", "--port", "0", "--root", site],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        lines: list[str] = []
        built = threading.Condition()

        def read() -> None:
            for line in server.stdout:
                with built:
                    lines.append(line.rstrip("\n"))
                    built.notify_all()

        threading.Thread(target=read, daemon=True).start()

        def wait_for(pattern: str, start: int, timeout: float = 120.0) -> tuple[int, re.Match]:
            deadline = time.monotonic() + timeout
            with built:
                while True:
                    for i in range(start, len(lines)):
                        m = re.search(pattern, lines[i])
                        if m:
                            return i, m
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise SystemExit(f"timed out waiting for {pattern!r}; output: {lines[-5:]}")
                    built.wait(left)

        first, m = wait_for(r"Built (\d+) briefs: (\d+) pages rendered in (\d+) ms", 0)
        print(f"first build: {m.group(0)}")
        _, m = wait_for(r"(http://\S+)/", 0)
        url = m.group(1)

        briefs = sorted(
            os.path.join(d, f)
            for d, _, files in os.walk(os.path.join(site, "content", "briefs"))
            for f in files if f.endswith(".md")
        )
        step = max(1, len(briefs) // (args.edits + 1))
        reported, end_to_end, pages = [], [], []
        seen = first + 1
        for k in range(args.edits):
            path = briefs[(k + 1) * step]
            rel = os.path.relpath(path, os.path.join(site, "content", "briefs"))
            year, name = rel.split(os.sep)[0], os.path.basename(path)[11:-3]
            marker = f"Edited sentence number {k} for the benchmark."
            time.sleep(0.5)  # let the watcher settle between edits
            with open(path, "a", encoding="utf-8") as f:
                f.write(f"\n{marker}\n")
            started = time.monotonic()
            page = f"{url}/briefs/{year}/{name}/"
            while True:
                try:
                    body = urllib.request.urlopen(page, timeout=5).read().decode()
                except OSError:
                    body = ""
                if marker in body:
                    break
                if time.monotonic() - started > 60:
                    raise SystemExit(f"the edit to {rel} never showed at {page}")
                time.sleep(0.005)
            end_to_end.append((time.monotonic() - started) * 1000)
            seen, m = wait_for(r"Built (\d+) briefs: (\d+) pages rendered in (\d+) ms", seen)
            seen += 1
            reported.append(int(m.group(3)))
            pages.append(int(m.group(2)))
            print(f"edit {k + 1}: {rel}: rebuild {m.group(3)} ms, {m.group(2)} pages rendered, "
                  f"visible after {end_to_end[-1]:.0f} ms")
        server.terminate()
        server.wait(timeout=10)
        print(f"median over {args.edits} edits on {args.n} briefs: rebuild {statistics.median(reported):.0f} ms, "
              f"{statistics.median(pages):.0f} pages rendered, edit to new page served {statistics.median(end_to_end):.0f} ms "
              f"(includes the watcher's 80 ms settling delay)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
