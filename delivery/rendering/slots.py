"""Personalisation slots: render and sanitise a template once, then put each recipient's values in.

A variable that a template only prints (``{{ first_name }}``, no filter, test or expression) and
that lands in HTML *text* (not in an attribute, a URL, a comment or a script) can be filled in
after rendering: the template is rendered with a marker in its place and sanitised once, and
each message replaces the marker with the value as the sanitiser would have written it (escaped,
then serialised as text). Only plain values qualify -- strings, numbers, booleans or None
whose text is non-empty, without control characters or surrounding whitespace -- so no CR/LF can reach a subject, no ``strip()`` at the
edges and no CR/LF normalisation by the HTML parser can make the shortcut differ; any other value
takes the ordinary path. :func:`safe_in_html` decides per rendered skeleton whether the markers
are where the shortcut is exact; ``tests/delivery/test_rendering_memo.py`` checks byte equality.
"""

from __future__ import annotations

import decimal
import re

MARK_PREFIX = "EnrollflowSlot"
MARK_SUFFIX = "Mark7f3a9c"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def mark(i: int) -> str:
    """The marker of slot ``i`` (letters and digits only: escaping leaves it as it is)."""
    return f"{MARK_PREFIX}{i}{MARK_SUFFIX}"


#: Types Jinja prints as ``str(value)`` (no ``__html__``): what a slot may hold.
PRINTABLE = (str, int, float, bool, decimal.Decimal, type(None))


def as_text(value: object) -> str | None:
    """How a template prints ``value``, if it can go into a slot (a non-empty, stripped text
    without control characters); ``None`` otherwise."""
    if type(value) not in PRINTABLE:
        return None
    text = str(value)
    if text == "" or text != text.strip() or _CONTROL.search(text):
        return None
    return text


def _entity_prefix_before(raw: str, at: int) -> bool:
    """Whether the text just before ``at`` could start a character reference with the value."""
    j = at - 1
    while j >= 0 and (raw[j].isalnum() or raw[j] == "#"):
        j -= 1
    return j >= 0 and raw[j] == "&"


def safe_in_html(raw: str, clean: str, marks: list[str]) -> bool:
    """Whether every marker of the rendered ``raw`` HTML survives sanitising (``clean``) as text.

    Each marker must appear as often in ``clean`` as in ``raw`` (none dropped with an attribute
    or a removed element), outside any tag in ``clean``, and not right after a bare ``&...`` in
    ``raw`` (the value could complete a character reference there).
    """
    for m in marks:
        if raw.count(m) != clean.count(m):
            return False
        for found in re.finditer(re.escape(m), clean):
            p = found.start()
            if clean.rfind("<", 0, p) > clean.rfind(">", 0, p):
                return False
        if any(_entity_prefix_before(raw, f.start()) for f in re.finditer(re.escape(m), raw)):
            return False
    return True


class Skeleton:
    """A rendered part cut at its holes (slot markers, the token placeholder): a message is
    its pieces joined with each hole's value, one pass however many holes and values.

    Unlike replacing marker after marker, a value is never searched again, so a value that
    happens to contain a marker text stays as it is (as a full rendering would print it).
    """

    __slots__ = ("pieces", "holes", "_format")

    def __init__(self, text: str, holes: dict[str, int]) -> None:
        """``holes``: marker text -> index of its value in :meth:`fill`'s ``values``."""
        pieces, order, at = [], [], 0
        if holes:
            pattern = re.compile("|".join(re.escape(m) for m in sorted(holes, key=len)[::-1]))
            for found in pattern.finditer(text):
                pieces.append(text[at : found.start()])
                order.append(holes[found.group()])
                at = found.end()
        pieces.append(text[at:])
        self.pieces: tuple[str, ...] = tuple(pieces)
        self.holes: tuple[int, ...] = tuple(order)
        # the pieces as one format string ("{3}" per hole, braces of the text doubled): a
        # message is one C call, and a value is inserted as it is, never parsed as a format
        escaped = [p.replace("{", "{{").replace("}", "}}") for p in pieces]
        fields = [f"{{{hole}}}" for hole in order]
        self._format = "".join(
            x for pair in zip(escaped, [*fields, ""], strict=True) for x in pair
        ).format

    def fill(self, values: list[str]) -> str:
        """The part with hole ``i`` of each marker replaced by ``values[i]``."""
        return self._format(*values)
