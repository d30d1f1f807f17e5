"""Typed errors a campaign author or operator can cause; each message names the fix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in a campaign file: where (a dotted path), what, and how to fix it."""

    path: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        text = f"{self.path}: {self.message}"
        return f"{text} — fix: {self.fix}" if self.fix else text


class CampaignError(Exception):
    """Base class of campaign errors."""


class CampaignFileError(CampaignError):
    """A campaign file is invalid; lists every problem found, with file, path and fix."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{source}: {len(problems)} problem(s) in campaign file\n{lines}")


class RuleViolation(CampaignError):
    """A business rule refuses an action (launch over the active limit, A/B on a tiny audience...)."""


class LifecycleError(CampaignError):
    """A lifecycle transition that is not allowed from the campaign's current status."""


class NotFoundError(CampaignError):
    """A campaign, version or user that does not exist in the ops store."""
