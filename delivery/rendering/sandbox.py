"""A Jinja2 immutable sandbox with limits on output size and rendering time.

- :class:`LimitedSandbox` is Jinja2's ``ImmutableSandboxedEnvironment`` with ``StrictUndefined``
  (an undefined variable is an error, never a blank) whose calls, attribute lookups, ``range``
  iterations and ``*``/``**``/``+`` operators check a deadline, and which refuses operands that
  would build huge strings or numbers.
- :func:`render_limited` streams a template and stops once the output passes ``max_bytes`` or the
  deadline passes. The deadline counts the rendering thread's CPU time, not wall time, so a
  loaded machine (or a GC pause in another thread) does not fail a good template.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterator, Mapping
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from delivery.messages import RenderError

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("deadline", default=None)
MAX_RANGE = 10_000
MAX_OPERAND = 100_000


def _check_deadline() -> None:
    deadline = _deadline.get()
    if deadline is not None and time.thread_time() > deadline:
        raise SecurityError("template rendering took longer than its time limit")


def _limited_range(*args: int) -> Iterator[int]:
    r = range(*args)
    if len(r) > MAX_RANGE:
        raise SecurityError(f"range() of {len(r)} items is above the limit of {MAX_RANGE}")
    for i in r:
        _check_deadline()
        yield i


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """Immutable sandbox + StrictUndefined + deadline checks + operand limits."""

    intercepted_binops = frozenset({"*", "**", "+"})

    def __init__(self, *, autoescape: bool, **kw: Any) -> None:
        super().__init__(autoescape=autoescape, undefined=StrictUndefined, **kw)
        self.globals["range"] = _limited_range

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_deadline()
        if operator == "**" and isinstance(right, int | float) and abs(right) > 64:
            raise SecurityError("exponent above 64 is not allowed in templates")
        if operator == "*":
            for a, b in ((left, right), (right, left)):
                too_big = isinstance(a, str | list | tuple) and isinstance(b, int)
                if too_big and len(a) * b > MAX_OPERAND:
                    raise SecurityError("template multiplication result is too large")
        result = super().call_binop(context, operator, left, right)
        if isinstance(result, str | list | tuple) and len(result) > MAX_OPERAND:
            raise SecurityError("template operation result is too large")
        return result

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _check_deadline()
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        _check_deadline()
        return super().getattr(obj, attribute)


def render_limited(
    template: Template,
    context: Mapping[str, Any],
    *,
    name: str,
    max_bytes: int,
    max_seconds: float,
) -> str:
    """Render ``template`` with ``context`` within size and time limits.

    Parameters
    ----------
    template : jinja2.Template
        Compiled by a :class:`LimitedSandbox`.
    context : mapping
        Template variables.
    name : str
        Template name for error messages (e.g. ``welcome/es/body.html``).
    max_bytes : int
        Largest output allowed (UTF-8 bytes).
    max_seconds : float
        Longest rendering allowed.

    Returns
    -------
    str
        The rendered text.

    Raises
    ------
    RenderError
        On an undefined variable, a sandbox violation, or a limit exceeded; the message names the
        template and the fix.
    """
    token = _deadline.set(time.thread_time() + max_seconds)
    out: list[str] = []
    size = 0
    try:
        for chunk in template.generate(**context):
            size += len(chunk.encode("utf-8"))
            if size > max_bytes:
                raise RenderError(
                    f"template {name}: output is larger than {max_bytes} bytes; shorten the "
                    "template or raise max_bytes"
                )
            _check_deadline()
            out.append(chunk)
    except SecurityError as exc:
        raise RenderError(f"template {name}: {exc}") from None
    except TemplateError as exc:
        raise RenderError(f"template {name}: {exc.message or exc}") from None
    except RenderError:
        raise
    except Exception as exc:  # a template expression failed (1/0, bad filter argument, ...)
        raise RenderError(f"template {name}: {type(exc).__name__}: {exc}") from None
    finally:
        _deadline.reset(token)
    return "".join(out)
