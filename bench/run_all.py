"""Run every benchmark script in this folder, one after the other, and print their figures.

Each script measures its subject beside a baseline in the same run (this machine is shared and
noisy: compare ratios and medians, not absolute numbers between runs).
Usage: python bench/run_all.py [name ...]
(names: photo, trainee, referent, search, statements, game, picker, digest)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = {
    "photo": "photo_bench.py",
    "trainee": "trainee_bench.py",
    "referent": "referent_bench.py",
    "search": "search_bench.py",
    "statements": "statements_bench.py",
    "game": "game_bench.py",
    "picker": "trade_picker.py",
    "digest": "digest_bench.py",
    "audio": "audio_bench.py",
}


def main(argv: list[str]) -> int:
    names = argv or list(SCRIPTS)
    failed = []
    for name in names:
        script = HERE / SCRIPTS[name]
        if not script.exists():
            print(f"== {name}: {script.name} missing, skipped")
            continue
        print(f"\n== {name} ({script.name})", flush=True)
        if subprocess.call([sys.executable, str(script)]) != 0:
            failed.append(name)
    if failed:
        print("\nFailed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
