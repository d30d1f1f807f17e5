"""YAML for files people write: no aliases, bounded size and depth.

``yaml.safe_load`` refuses Python objects but not *aliases*: a few hundred bytes of nested
``&a [*b, *b, ...]`` anchors expand into billions of nodes as soon as anything walks the result
(a 561-byte segment file ran past 90 s and 1.3 GB in validation). Campaign and segment files
never need anchors, so :func:`load_yaml` refuses any alias (and merge key ``<<: *x``), files
above :data:`MAX_YAML_BYTES` and nesting deeper than :data:`MAX_DEPTH`, each with a
:class:`UnsafeYaml` naming the line and the fix.

Public API: :func:`load_yaml`, :class:`UnsafeYaml`, :data:`MAX_YAML_BYTES`, :data:`MAX_DEPTH`.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionStartEvent

MAX_YAML_BYTES = 1_000_000
MAX_DEPTH = 64


class UnsafeYaml(ValueError):
    """A YAML text this loader refuses; ``where`` is ``line L, column C`` or ``(file)``."""

    def __init__(self, where: str, problem: str, fix: str) -> None:
        super().__init__(f"{where}: {problem} ({fix})")
        self.where, self.problem, self.fix = where, problem, fix


def _where(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else "(file)"


class _NoAliasLoader(yaml.SafeLoader):
    """A SafeLoader that refuses aliases and deep nesting while composing."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise UnsafeYaml(
                _where(event.start_mark),
                f"alias *{event.anchor} is not allowed",
                "write the value out instead of reusing an anchor",
            )
        if isinstance(event, CollectionStartEvent):
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise UnsafeYaml(
                    _where(event.start_mark),
                    f"nesting deeper than {MAX_DEPTH} levels",
                    "flatten the structure",
                )
            try:
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1
        return super().compose_node(parent, index)


def load_yaml(text: str) -> Any:
    """Parse ``text`` like ``yaml.safe_load``, refusing aliases, huge files and deep nesting.

    Raises
    ------
    UnsafeYaml
        For an alias, a text above :data:`MAX_YAML_BYTES` or nesting beyond :data:`MAX_DEPTH`.
    yaml.YAMLError
        For invalid YAML (as ``yaml.safe_load``).
    """
    if len(text.encode("utf-8")) > MAX_YAML_BYTES:
        raise UnsafeYaml(
            "(file)", f"larger than {MAX_YAML_BYTES:,} bytes", "split it or remove what is unused"
        )
    loader = _NoAliasLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
