"""Errors of the content library a user can cause; each message names what to do instead."""

from __future__ import annotations


class ContentError(ValueError):
    """Base class: a content-library action was refused."""


class ContentNotFound(ContentError):
    """No such library item, version or asset."""


class ReviewRefused(ContentError):
    """A review transition the rules do not allow (wrong status, role, or the author approving)."""


class AssetRejected(ContentError):
    """An uploaded file is not an acceptable brand asset (type, size, does not decode, unsafe)."""
