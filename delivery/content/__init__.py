"""The content library: education template gallery, library templates with versions and a
review flow, and brand assets (see ``delivery/content/README.md``).

Importing this package registers its tables on the ops store's metadata (revision
``0012_content_library``).
"""

from delivery.content import tables  # noqa: F401 - registers the tables
from delivery.content.errors import AssetRejected, ContentError, ContentNotFound, ReviewRefused

__all__ = ["AssetRejected", "ContentError", "ContentNotFound", "ReviewRefused"]
