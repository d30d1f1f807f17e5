"""Every ``enrollflow …`` command and ``make …`` target the docs name exists, with the options
they give it: a renamed command, a dropped option or a missing target fails here, not in the
hands of a reader (the README once showed ``approve … --by olga``, which no longer parsed).

The commands are read from code spans and from the lines of code blocks that start with
``enrollflow``; ``a|b`` lists alternatives; upper-case words, ``[optional]`` parts and values are
placeholders. Each one is checked against the Click command the console script builds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from enrollflow.cli import app

ROOT = Path(__file__).resolve().parents[2]
DOCS = sorted(
    p
    for pattern in ("README.md", "*/README.md", "*/*/README.md", "docs/*.md")
    for p in ROOT.glob(pattern)
    if ".venv" not in p.parts and "node_modules" not in p.parts
)
_SPAN = re.compile(r"`(enrollflow [^`]+)`")
_LINE = re.compile(r"^\s*(enrollflow [^#`\n]+)", re.MULTILINE)  # a span may wrap onto the line
# `make x` in a code span, or a code block's line starting with it (not prose's "make the ...")
_MAKE = re.compile(r"`make ([a-z][a-z-]+)[^`]*`|^make ([a-z][a-z-]+)[ \t]*(?:#|$)", re.MULTILINE)


def _commands_in(text: str) -> set[str]:
    """Each form of each usage (``enrollflow g a X | b Y`` is ``g a X`` and ``g b Y``)."""
    forms = set()
    for usage in _SPAN.findall(text) + _LINE.findall(text):
        first, *others = usage.strip().split(" | ")
        group = first.split()[:2]
        forms.add(first)
        forms.update(" ".join([*group, other]) for other in others)
    return forms


def _mentions() -> list[tuple[str, str]]:
    return sorted(
        (str(doc.relative_to(ROOT)), command)
        for doc in DOCS
        for command in _commands_in(doc.read_text())
    )


def _options(command) -> set[str]:
    return {opt for p in command.params for opt in (*p.opts, *p.secondary_opts)} | {"--help"}


def _resolve(words: list[str]) -> list[tuple[object, list[str]]]:
    """The commands ``words`` name (one per ``a|b`` alternative) and the words left for each."""
    group = typer.main.get_command(app)
    name, rest = words[0], words[1:]
    assert name in group.commands, f"no command {name!r}"
    command = group.commands[name]
    # Typer's groups are Click groups, possibly of the Click Typer bundles: test for subcommands
    if not hasattr(command, "commands") or not rest or rest[0].startswith("-"):
        return [(command, rest)]
    found = []
    for sub in rest[0].split("|"):
        assert sub in command.commands, f"`{name}` has no subcommand {sub!r}"
        found.append((command.commands[sub], rest[1:]))
    return found


@pytest.mark.parametrize(("doc", "mention"), _mentions())
def test_a_command_the_docs_name_exists_with_its_options(doc: str, mention: str) -> None:
    words = mention.replace("[", " ").replace("]", " ").split()[1:]
    if words[0] == "--help":
        return
    for command, rest in _resolve(words):
        named = {w.split("=")[0] for w in rest if w.startswith("--")}
        unknown = named - _options(command)
        assert not unknown, f"{doc}: `{mention}`: {command.name} has no option {sorted(unknown)}"


def _make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text()
    return set(re.findall(r"^([a-z][a-z-]*):", text, re.MULTILINE))


@pytest.mark.parametrize(
    ("doc", "target"),
    sorted(
        (str(doc.relative_to(ROOT)), target)
        for doc in DOCS
        for target in {a or b for a, b in _MAKE.findall(doc.read_text())}
    ),
)
def test_a_make_target_the_docs_name_exists(doc: str, target: str) -> None:
    assert target in _make_targets(), f"{doc} names `make {target}`, which the Makefile lacks"


def test_the_docs_name_commands_at_all() -> None:
    mentioned = {m.split()[1] for _, m in _mentions()}
    assert {"demo", "campaign", "ops", "privacy", "users", "report"} <= mentioned
