"""The ``myjob`` command: what an operator does by hand.

Each concern adds its subcommands from its own module (``COMMAND_MODULES``); every module has a
``register(subparsers)`` function. A ``UserError`` is printed as a message and a hint, never a
traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from rich.console import Console

from myjob.errors import UserError

COMMAND_MODULES = (
    "myjob.cli.platform",
    "myjob.cli.scraping",
    "myjob.cli.resumes",
    "myjob.cli.matching",
)

console = Console()
err_console = Console(stderr=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="myjob", description="Operate the MyJob data platform.")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result = args.handler(args)
    except UserError as error:
        err_console.print(f"[bold red]error:[/] {error}")
        if error.hint:
            err_console.print(f"[yellow]hint:[/] {error.hint}")
        return 2
    except KeyboardInterrupt:
        err_console.print("interrupted")
        return 130
    return int(result or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
