"""Run the benchmarks: ``python -m benchmarks [--only NAME] [--quick]`` (``make bench``).

Each module in BENCHMARKS exposes ``run(args)`` and prints its own figures. ``--quick`` asks every
benchmark for a small size, as a smoke run; figures worth reporting come from a full run.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time

BENCHMARKS = ["benchmarks.dedup", "benchmarks.resumes", "benchmarks.matching"]


def _name(module: str) -> str:
    return module.rsplit(".", 1)[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--only",
        action="append",
        choices=[_name(m) for m in BENCHMARKS],
        help="run only this benchmark (repeat for several)",
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    args = parser.parse_args(argv)
    for module in BENCHMARKS:
        if args.only and _name(module) not in args.only:
            continue
        print(f"== {_name(module)} ==", flush=True)
        started = time.perf_counter()
        importlib.import_module(module).run(args)
        print(f"({_name(module)} took {time.perf_counter() - started:.0f} s in all)\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
