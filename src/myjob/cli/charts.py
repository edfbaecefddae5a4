"""Small terminal charts: the figures people would rather see than read."""

from __future__ import annotations

from collections.abc import Mapping

from rich.table import Table
from rich.text import Text


def bar_chart(title: str, values: Mapping[str, float], *, width: int = 40, unit: str = "") -> Table:
    """A horizontal bar per label, scaled to the largest value."""
    table = Table(title=title, show_header=False, box=None, pad_edge=False)
    table.add_column("label", style="bold")
    table.add_column("bar")
    table.add_column("value", justify="right")
    largest = max(values.values(), default=0) or 1
    for label, value in values.items():
        cells = round(width * value / largest)
        table.add_row(label, Text("█" * cells or "▏", style="cyan"), f"{value:g}{unit}")
    return table
