"""Every scenario of the load benchmark, one after the other, each writing its run into docs/benchmarks.md:

    .venv/bin/python -m bench.all              # about 25 minutes on 2 cores; needs Node 20.11+, Redis and PostgreSQL on loopback

1. five runs of 5,000 phones on one server process and SQLite (join storm, idle memory, answer bursts, five round
   changes each, 2 % stalled phones, the bare-websockets ceiling);
2. 10,000 phones on `samling serve --workers 2` with Redis, on SQLite and on PostgreSQL;
3. grouped rooms: 3,000 phones in 500 groups of 6 (10 live workshops), diamond boards and posters;
4. a join's CPU by layer (the write, the app's stack, the HTTP join, the full join; `bench/join_cost.py`).
`--quick` runs each once at a tenth of the size (a check that everything works, not a measurement)."""
import argparse
import subprocess
import sys

SCENARIOS = [
    *[["bench.run", "--phones", "5000", "--generators", "2", "--rounds", "5"] for _ in range(5)],
    ["bench.run", "--phones", "10000", "--generators", "2", "--workers", "2", "--rounds", "5"],
    ["bench.run", "--phones", "10000", "--generators", "2", "--workers", "2", "--database", "postgres", "--rounds", "5"],
    ["bench.grouped", "--phones", "3000"],
    ["bench.join_cost", "--joins", "2000"],
]


def quick(command: list[str]) -> list[str]:
    """The same scenario at a tenth of its phones (or joins)."""
    i = command.index("--phones" if "--phones" in command else "--joins")
    return command[:i + 1] + [str(int(command[i + 1]) // 10)] + command[i + 2:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=None, help="where the runs go (default docs/benchmarks.md; '-' prints only)")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    scenarios = [quick(c) for c in SCENARIOS[4:]] if args.quick else SCENARIOS
    failed = 0
    for command in scenarios:
        full = [sys.executable, "-m", *command] + (["--out", args.out] if args.out else [])
        print("bench:", " ".join(full[1:]), flush=True)
        failed += subprocess.run(full).returncode != 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
