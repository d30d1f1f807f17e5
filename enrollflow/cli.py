"""The ``enrollflow`` command line.

Each command group lives in its own module under ``enrollflow/commands/`` and is listed once in
:data:`COMMANDS`, so adding a group is a one-line change in this file.

The console script (:func:`main`) imports a group's module only when that group runs: ``enrollflow
--help`` and ``enrollflow segment validate`` do not pay for pandas, scikit-learn or Dagster, which
other groups need. :data:`app` is the same command line as one eager Typer app, for tests and for
anyone embedding it (``from enrollflow.cli import app``).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from typer.core import TyperCommand, TyperGroup

HELP = "EnrollFlow: multi-channel campaigns for education businesses, as a data platform."


@dataclass(frozen=True)
class Command:
    """Where a command lives: ``module.attr`` is a Typer group or a single command function."""

    module: str
    attr: str
    help: str

    def load(self) -> Any:
        return getattr(importlib.import_module(self.module), self.attr)


COMMANDS: dict[str, Command] = {
    "simulate": Command(
        "enrollflow.commands.simulate",
        "simulate",
        "Simulate an education business and write its landing zone and planted truth.",
    ),
    "demo": Command(
        "enrollflow.commands.demo",
        "demo",
        "Simulate a business up to yesterday, ingest it, build the warehouse, run the demo "
        "campaign round the loop (sandbox → webhooks → landing → marts), write a report.",
    ),
    "segment": Command(
        "enrollflow.commands.segment",
        "app",
        "Audience segments: validate, list and preview segment files.",
    ),
    "campaign": Command(
        "enrollflow.commands.campaign",
        "app",
        "Campaigns: validate, apply, approve, launch, pause, resume, archive, graph.",
    ),
    "ops": Command(
        "enrollflow.commands.ops",
        "app",
        "Ops store and delivery: migrate, status, resume a provider, reconcile, decide, webhooks.",
    ),
    "social": Command(
        "enrollflow.commands.social",
        "app",
        "Social posting: connect accounts, schedule and approve posts, the publish ledger.",
    ),
    "ml": Command("enrollflow.commands.ml", "app", "Models: score a draft campaign."),
    "web": Command(
        "enrollflow.commands.web",
        "app",
        "Website tracking: serve the snippet and collector, sign a link token.",
    ),
    "privacy": Command(
        "enrollflow.commands.privacy",
        "app",
        "Privacy: export or erase a person, the request log, encryption keys.",
    ),
    "report": Command(
        "enrollflow.commands.report",
        "report",
        "Write the marketer's report (HTML email and PDF) of any warehouse into a folder.",
    ),
    "users": Command(
        "enrollflow.commands.users",
        "app",
        "Users, roles and API tokens (admins): add, list, grant, revoke, token.",
    ),
    "content": Command(
        "enrollflow.commands.content",
        "app",
        "Content library: list items, submit, approve or request changes.",
    ),
    "studio": Command(
        "enrollflow.commands.studio",
        "studio",
        "Serve the Campaign Studio on http://HOST:PORT.",
    ),
}


def _real_command(name: str, target: Any):
    import typer

    if isinstance(target, typer.Typer):
        command = typer.main.get_command(target)
    else:  # a single command function
        single = typer.Typer(add_completion=False)
        single.command(name)(target)
        command = typer.main.get_command(single)
    command.name = name
    return command


class LazyCommand(TyperCommand):
    """Stands in for a command until it runs: help from :data:`COMMANDS`, then the real one."""

    def __init__(self, name: str, spec: Command) -> None:
        super().__init__(name=name, help=spec.help)
        self.spec = spec

    def make_context(self, info_name, args, parent=None, **extra):  # noqa: ANN001, ANN201
        # the group then invokes `sub_ctx.command`, i.e. the real command
        real = _real_command(self.name, self.spec.load())
        return real.make_context(info_name, args, parent=parent, **extra)


def lazy_cli() -> TyperGroup:
    """The command line with lazily imported groups (what the console script runs)."""
    return TyperGroup(
        name="enrollflow",
        help=HELP,
        no_args_is_help=True,
        commands={name: LazyCommand(name, spec) for name, spec in COMMANDS.items()},
    )


def build_app():
    """Every command group imported and registered on one Typer app."""
    import typer

    app = typer.Typer(name="enrollflow", help=HELP, no_args_is_help=True, add_completion=False)
    for name, spec in COMMANDS.items():
        target = spec.load()
        if isinstance(target, typer.Typer):
            app.add_typer(target, name=name)
        else:
            app.command(name)(target)
    return app


def __getattr__(name: str) -> Any:  # PEP 562: `app` is built on first use
    if name == "app":
        globals()["app"] = built = build_app()
        return built
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:  # pragma: no cover - console entry point
    lazy_cli()(prog_name="enrollflow")


if __name__ == "__main__":  # pragma: no cover
    main()
