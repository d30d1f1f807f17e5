"""The ``enrollflow`` command line.

Each command group lives in its own module under ``enrollflow/commands/`` and is registered here,
so adding a group is a one-line change in this file.
"""

from __future__ import annotations

import typer

from enrollflow.commands import campaign as _campaign
from enrollflow.commands import demo as _demo
from enrollflow.commands import ml as _ml
from enrollflow.commands import ops as _ops
from enrollflow.commands import segment as _segment
from enrollflow.commands import simulate as _simulate

app = typer.Typer(
    name="enrollflow",
    help="EnrollFlow: multi-channel campaigns for education businesses, as a data platform.",
    no_args_is_help=True,
    add_completion=False,
)

app.command("simulate")(_simulate.simulate)
app.command("demo")(_demo.demo)
app.add_typer(_segment.app, name="segment")
app.add_typer(_campaign.app, name="campaign")
app.add_typer(_ops.app, name="ops")
app.add_typer(_ml.app, name="ml")


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
