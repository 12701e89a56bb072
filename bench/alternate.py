"""Times two builds of resolute on the province workload, alternately.

    python3 bench/alternate.py OLD_BINARY NEW_BINARY [ENTITIES] [ROUNDS]

Each round runs the old build, the new build and the csv-crate floor
(`target/release/examples/csv_floor`), in an order that flips every round,
so that a slow stretch of the machine falls on all three alike. Prints the
medians and the ratios. The workload is `target/province-N/`, made by
`bash bench/province.sh N`. Standard library only.
"""

import statistics
import subprocess
import sys
import time


def main() -> None:
    old, new = sys.argv[1], sys.argv[2]
    entities = sys.argv[3] if len(sys.argv) > 3 else "10000"
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 30
    d = f"target/province-{entities}"
    commands = {
        "old": [old, "check", f"{d}/province.rules", f"{d}/data.csv"],
        "new": [new, "check", f"{d}/province.rules", f"{d}/data.csv"],
        "floor": ["target/release/examples/csv_floor", f"{d}/data.csv"],
    }
    times = {name: [] for name in commands}
    for command in commands.values():
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for r in range(rounds):
        order = list(commands) if r % 2 == 0 else list(reversed(commands))
        for name in order:
            start = time.perf_counter()
            subprocess.run(commands[name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    median = {name: statistics.median(t) for name, t in times.items()}
    for name, t in times.items():
        print(f"{name:6} median {median[name]:.3f} s  min {min(t):.3f}  max {max(t):.3f}")
    print(f"new/old    {median['new'] / median['old']:.3f}")
    print(f"old/floor  {median['old'] / median['floor']:.3f}")
    print(f"new/floor  {median['new'] / median['floor']:.3f}")


if __name__ == "__main__":
    main()
