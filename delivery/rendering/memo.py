"""A bounded memo of rendered message parts, keyed by everything the rendering depends on.

Renderers ask :meth:`delivery.rendering.templates.TemplateSet.memo_key` for a key (template
inputs: locale and the values of the variables the templates read) and keep the rendered,
sanitised parts under it, so 100k messages that differ only in the recipient cost one Jinja
render and one nh3 pass per distinct input, not per message.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any


class Memo:
    """Insertion-ordered dict with a size bound (the oldest entry goes first).

    Parameters
    ----------
    max_entries : int
        Bound on remembered renderings (memory: entries x rendered size).
    """

    def __init__(self, max_entries: int = 20_000) -> None:
        self.max_entries = max_entries
        self._items: dict[Hashable, Any] = {}
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> Any:
        """The remembered value, or ``None``."""
        value = self._items.get(key)
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def put(self, key: Hashable, value: Any) -> None:
        """Remember ``value`` (evicting the oldest entry when full; nothing when the bound is 0)."""
        if self.max_entries <= 0:
            return
        if len(self._items) >= self.max_entries:
            del self._items[next(iter(self._items))]
        self._items[key] = value

    def __len__(self) -> int:
        return len(self._items)
