"""Per-locale message templates with a fallback locale, compiled in the limited sandbox.

A template set is a folder (or a mapping) of parts per locale::

    welcome/
      subject.en.txt   body.en.html   body.en.txt   sms.en.txt
      subject.es.txt   body.es.html   ...

``subject``, ``body.txt`` and ``sms`` render as text; ``body.html`` renders autoescaped. A recipient
locale ``pt-BR`` tries ``pt_BR``, then ``pt``, then the set's fallback locale.
"""

from __future__ import annotations

import datetime as dt
import decimal
import sys
from collections.abc import Hashable, Iterable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import Template, TemplateSyntaxError, meta, nodes

from delivery.messages import RenderError
from delivery.rendering.formatting import babel_locale, install_filters
from delivery.rendering.sandbox import LimitedSandbox, render_limited

PARTS = {"subject": "txt", "html": "html", "text": "txt", "sms": "txt"}
#: Filters and globals whose output is not a function of the variables (never memoised).
_RANDOM_FILTERS = {"random"}
_RANDOM_GLOBALS = {"lipsum"}
#: Value types whose ``repr`` identifies how they render (besides str/int/bool/None); NumPy's
#: scalars too (:func:`_repr_keyed`), without loading NumPy to ask.
_REPR_KEYED = (float, decimal.Decimal, dt.date, dt.time, dt.timedelta)
_MISSING = object()
_FILE_PARTS = {"subject.txt": "subject", "body.html": "html", "body.txt": "text", "sms.txt": "sms"}


def _repr_keyed(value: Any) -> bool:
    """Whether ``repr(value)`` identifies how it renders: the types above and NumPy scalars (a
    value from a DataFrame); with NumPy not loaded, no value can be one of its scalars."""
    if isinstance(value, _REPR_KEYED):
        return True
    numpy = sys.modules.get("numpy")
    return numpy is not None and isinstance(value, numpy.generic)


def _environments() -> tuple[LimitedSandbox, LimitedSandbox]:
    html_env = LimitedSandbox(autoescape=True)
    text_env = LimitedSandbox(autoescape=False, keep_trailing_newline=False)
    install_filters(html_env)
    install_filters(text_env)
    return html_env, text_env


class TemplateSet:
    """The templates of one message, per locale.

    Parameters
    ----------
    name : str
        Template set name (in error messages).
    sources : mapping
        ``{locale: {part: source}}`` with parts ``subject``, ``html``, ``text``, ``sms``.
    fallback_locale : str
        Locale used when the recipient's locale has no templates; must be in ``sources``.
    max_bytes : int
        Output limit per rendered part.
    max_seconds : float
        Time limit per rendered part.

    Raises
    ------
    RenderError
        On a syntax error (naming set, locale, part and line) or a missing fallback locale.
    """

    def __init__(
        self,
        name: str,
        sources: Mapping[str, Mapping[str, str]],
        *,
        fallback_locale: str = "en",
        max_bytes: int = 100_000,
        max_seconds: float = 1.0,
    ) -> None:
        self.name = name
        self.fallback_locale = fallback_locale
        self.max_bytes = max_bytes
        self.max_seconds = max_seconds
        if fallback_locale not in sources:
            raise RenderError(
                f"template set {name}: fallback locale {fallback_locale!r} has no templates "
                f"(have {sorted(sources)}); add them or change fallback_locale"
            )
        html_env, text_env = _environments()
        self._compiled: dict[str, dict[str, Template]] = {}
        self._sources = {loc: dict(parts) for loc, parts in sources.items()}
        for locale, parts in sources.items():
            for part, source in parts.items():
                if part not in PARTS:
                    raise RenderError(
                        f"template set {name}/{locale}: unknown part {part!r}; expected one of "
                        f"{sorted(PARTS)}"
                    )
                env = html_env if part == "html" else text_env
                try:
                    compiled = env.from_string(source)
                except TemplateSyntaxError as exc:
                    raise RenderError(
                        f"template {name}/{locale}/{part} line {exc.lineno}: {exc.message}"
                    ) from None
                self._compiled.setdefault(locale, {})[part] = compiled
        self._analyse(html_env)

    def _analyse(self, env: LimitedSandbox) -> None:
        """Which variables the output depends on, and whether it depends on anything else."""
        used: set[str] = set()
        #: variables read by filters from the context, not printed by the template
        self.implicit: set[str] = set()
        self.deterministic = True
        self._bare: dict[str, int] = {}
        self._uses: dict[str, int] = {}
        for parts in self._sources.values():
            for source in parts.values():
                tree = env.parse(source)
                used |= meta.find_undeclared_variables(tree)
                for f in tree.find_all(nodes.Filter):
                    self.deterministic &= f.name not in _RANDOM_FILTERS
                    if f.name == "datetime":  # formats in the context's zone
                        used.add("timezone")
                        self.implicit.add("timezone")
                for n in tree.find_all(nodes.Name):
                    self.deterministic &= n.name not in _RANDOM_GLOBALS
                    self._uses[n.name] = self._uses.get(n.name, 0) + 1
                for out in tree.find_all(nodes.Output):
                    for n in out.nodes:
                        if isinstance(n, nodes.Name):
                            self._bare[n.name] = self._bare.get(n.name, 0) + 1
        #: names the rendered output can depend on (``locale`` is the render argument)
        self.variables_used = frozenset(used - {"range", "locale"})
        self._key_names = sorted(self.variables_used)
        #: the key's names without an ``exclude`` of :meth:`memo_key` (the same few each time)
        self._names_without: dict[tuple[str, ...], list[str]] = {}

    def only_printed(self, name: str) -> bool:
        """Whether every use of variable ``name`` is a bare ``{{ name }}`` (no filter, test or
        expression), so its value can be substituted into an already rendered output."""
        return name not in self.implicit and self._uses.get(name, 0) == self._bare.get(name, 0)

    def contains(self, text: str) -> bool:
        """Whether any template source contains ``text`` literally."""
        return any(text in src for parts in self._sources.values() for src in parts.values())

    def memo_key(
        self, locale: str | None, context: Mapping[str, Any], exclude: Iterable[str] = ()
    ) -> Hashable | None:
        """A key equal for two renderings exactly when their outputs are equal, or ``None``.

        The output of a deterministic template is a function of the locale and the variables
        it reads; each value is keyed by its type and value (``repr`` for floats, decimals,
        dates: ``1``, ``1.0``, ``True`` and ``-0.0`` all render differently). ``None`` when
        the template is not deterministic (``random``, ``lipsum``) or a value read is of
        another type (a mapping, an object).
        """
        if not self.deterministic:
            return None
        exclude = tuple(exclude)
        names = self._names_without.get(exclude)
        if names is None:
            names = self._names_without[exclude] = [n for n in self._key_names if n not in exclude]
        key: list[Any] = [locale]
        for name in names:
            value = context.get(name, _MISSING)
            kind = type(value)
            if value is None or value is _MISSING or kind in (str, int, bool):
                key.append((kind, value))
            elif _repr_keyed(value):
                key.append((kind, repr(value)))
            else:
                return None
        return tuple(key)

    @classmethod
    def from_dir(cls, path: Path, **kw: Any) -> TemplateSet:
        """Load ``<part>.<locale>.<ext>`` files (``subject.en.txt``, ``body.es.html``, ...)."""
        sources: dict[str, dict[str, str]] = {}
        for f in sorted(Path(path).iterdir()):
            bits = f.name.split(".")
            if len(bits) != 3:
                continue
            part = _FILE_PARTS.get(f"{bits[0]}.{bits[2]}")
            if part is None:
                raise RenderError(
                    f"{f}: unexpected template file; use subject.<locale>.txt, body.<locale>.html, "
                    "body.<locale>.txt or sms.<locale>.txt"
                )
            sources.setdefault(bits[1], {})[part] = f.read_text(encoding="utf-8")
        if not sources:
            raise RenderError(f"{path}: no templates found (expected e.g. subject.en.txt)")
        return cls(Path(path).name, sources, **kw)

    @property
    def locales(self) -> list[str]:
        """Locales that have templates."""
        return sorted(self._compiled)

    def resolve_locale(self, locale: str | None, part: str) -> str:
        """Return the best locale having ``part``: exact, then language, then the fallback."""
        candidates = []
        if locale:
            norm = locale.replace("-", "_")
            candidates += [norm, norm.split("_")[0]]
        candidates.append(self.fallback_locale)
        for c in candidates:
            if part in self._compiled.get(c, {}):
                return c
        raise RenderError(
            f"template set {self.name}: no {part!r} template for locale {locale!r} nor the "
            f"fallback {self.fallback_locale!r}"
        )

    def has(self, part: str) -> bool:
        """Whether the fallback locale has ``part`` (every set must cover it there)."""
        return part in self._compiled[self.fallback_locale]

    def render(self, part: str, locale: str | None, context: Mapping[str, Any]) -> str:
        """Render ``part`` for a recipient ``locale`` (with fallback) within the limits."""
        loc = self.resolve_locale(locale, part)
        # Format dates/prices in the recipient's locale (de_AT) when the template is in that
        # language; after a fallback, in the template's language (no Italian dates in English).
        fmt = babel_locale(locale) if locale else loc
        if fmt.split("_")[0] != loc.split("_")[0]:
            fmt = loc
        return render_limited(
            self._compiled[loc][part],
            {**context, "locale": fmt},
            name=f"{self.name}/{loc}/{part}",
            max_bytes=self.max_bytes,
            max_seconds=self.max_seconds,
        )

    def variables(self) -> set[str]:
        """Names of all top-level variables the templates use (for validation and docs)."""
        html_env, _ = _environments()
        found: set[str] = set()
        for parts in self._sources.values():
            for source in parts.values():
                found |= meta.find_undeclared_variables(html_env.parse(source))
        return found - {"range", "locale"}

    def validate(self, sample_context: Mapping[str, Any]) -> None:
        """Render every locale and part with ``sample_context``; raise on the first problem.

        Run when a campaign is approved: an undefined variable fails here, not as a blank in a
        sent email.

        Raises
        ------
        RenderError
            Naming the template, locale and part.
        """
        for locale, parts in self._compiled.items():
            for part in parts:
                self.render(part, locale, sample_context)
