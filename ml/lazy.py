"""Package attributes imported from their modules on first use (PEP 562).

A package whose ``__init__`` imported every public name would load every dependency of every
module (scikit-learn, scipy.stats) as soon as any one module of it is imported; validating a
campaign file, which needs one small module, paid ~0.7 s for that.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_attributes(package: str, names: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package`` that imports ``names[name]`` (a module path) on
    the first access to ``name`` and keeps the value in the package's namespace."""

    def __getattr__(name: str) -> Any:
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(names[name]), name)
        setattr(importlib.import_module(package), name, value)
        return value

    return __getattr__
