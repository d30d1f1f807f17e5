"""Brand assets: uploaded logos and images, checked, stored content-addressed; brand colours.

An upload is accepted only if

- it is at most :data:`MAX_ASSET_BYTES` (the studio also refuses a larger request body before
  reading it);
- its first bytes say PNG, JPEG, GIF or WebP (magic numbers -- the file name and the declared
  content type are not trusted), or it is an SVG document;
- a raster image decodes completely with Pillow (a truncated or corrupt file fails) and has at
  most :data:`MAX_PIXELS` pixels (a decompression bomb -- a tiny file that inflates to gigabytes
  -- is refused from its header, before decoding);
- an SVG parses as XML without a DTD or entities (no billion laughs, no external entities) and
  has no script, no event handler attribute, no ``foreignObject`` and no link that is not an
  in-document ``#fragment`` or an embedded raster ``data:image/...``.

It is stored under ``<root>/<aa>/<sha256>.<ext>`` (``aa``: the first two hex digits) with an
atomic rename, so the same bytes uploaded twice -- or by two people at once -- are one file and
one row, and a stored file's name says what it contains: it can be served as immutable.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import tempfile
import warnings
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from PIL import Image, UnidentifiedImageError

from delivery.content.errors import AssetRejected, ContentError, ContentNotFound
from delivery.content.library import audit
from delivery.content.tables import brand_assets, brand_colours
from delivery.store import Store, to_utc_naive

MAX_ASSET_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000  # e.g. 5000 x 5000; a logo or an email banner is far smaller
KINDS = ("logo", "image")
#: magic number -> (Pillow format, media type, extension)
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", ("PNG", "image/png", "png")),
    (b"\xff\xd8\xff", ("JPEG", "image/jpeg", "jpg")),
    (b"GIF87a", ("GIF", "image/gif", "gif")),
    (b"GIF89a", ("GIF", "image/gif", "gif")),
)
SVG_TYPE = ("SVG", "image/svg+xml", "svg")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_SHA = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class CheckedAsset:
    """What validation found: the type (from the bytes) and the image's size."""

    sha256: str
    media_type: str
    extension: str
    size_bytes: int
    width: int | None
    height: int | None


def sniff(data: bytes) -> tuple[str, str, str]:
    """(format, media type, extension) from the first bytes.

    Raises
    ------
    AssetRejected
        If the bytes are none of PNG, JPEG, GIF, WebP or SVG.
    """
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ("WEBP", "image/webp", "webp")
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in data[:4096].lower():
        return SVG_TYPE
    raise AssetRejected(
        "not an image this library accepts: upload a PNG, JPEG, GIF, WebP or SVG file "
        "(the type is read from the file's bytes, not its name)"
    )


def _check_raster(data: bytes, fmt: str) -> tuple[int, int]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[fmt]) as im:
                width, height = im.size
                if width * height > MAX_PIXELS:
                    raise AssetRejected(
                        f"image is {width} x {height} pixels, above the limit of "
                        f"{MAX_PIXELS:,} pixels: scale it down (a logo needs far fewer)"
                    )
                im.load()  # decodes every byte: a truncated or corrupt file fails here
                frames = getattr(im, "n_frames", 1)
                if frames > 1:
                    for i in range(1, min(frames, 200)):
                        im.seek(i)
                        im.load()
    except AssetRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise AssetRejected(f"image would decompress to too many pixels: {exc}") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise AssetRejected(
            f"the {fmt} image does not decode (truncated or corrupt): {exc}"
        ) from None
    return width, height


_SVG_NS = "{http://www.w3.org/2000/svg}"
_XLINK = "{http://www.w3.org/1999/xlink}href"
_FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _check_svg(data: bytes) -> tuple[int | None, int | None]:
    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        raise AssetRejected("SVG with a DTD or entities is refused (entity expansion attacks)")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise AssetRejected(f"the SVG is not well-formed XML: {exc}") from None
    if _local(root.tag) != "svg":
        raise AssetRejected("the document's root element is not <svg>")
    for el in root.iter():
        name = _local(el.tag)
        if name in _FORBIDDEN_ELEMENTS:
            raise AssetRejected(
                f"SVG contains <{name}>: scripts and embedded documents are refused"
            )
        for attr, value in el.attrib.items():
            key = _local(attr)
            if key.startswith("on"):
                raise AssetRejected(f"SVG has an event handler attribute {key!r}: refused")
            if key == "href" and not (
                value.startswith("#") or value.startswith(("data:image/png", "data:image/jpeg"))
            ):
                raise AssetRejected(f"SVG links to {value[:60]!r}: only #fragments are allowed")
            if "javascript:" in value.lower().replace(" ", ""):
                raise AssetRejected("SVG contains a javascript: URL: refused")
        if name == "style" and ("@import" in (el.text or "") or "url(" in (el.text or "")):
            raise AssetRejected("SVG style loads external resources: refused")

    def _px(value: str | None) -> int | None:
        match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(px)?\s*", value or "")
        return round(float(match.group(1))) if match else None

    return _px(root.get("width")), _px(root.get("height"))


def check_asset(data: bytes) -> CheckedAsset:
    """Validate an upload (see the module docstring) and return what it is.

    Raises
    ------
    AssetRejected
        Naming what is wrong: empty, too large, wrong type, does not decode, too many pixels,
        unsafe SVG.
    """
    if not data:
        raise AssetRejected("the file is empty")
    if len(data) > MAX_ASSET_BYTES:
        raise AssetRejected(
            f"the file is {len(data):,} bytes, above the limit of {MAX_ASSET_BYTES:,}: compress it"
        )
    fmt, media_type, ext = sniff(data)
    if fmt == "SVG":
        width, height = _check_svg(data)
    else:
        width, height = _check_raster(data, fmt)
    return CheckedAsset(hashlib.sha256(data).hexdigest(), media_type, ext, len(data), width, height)


def asset_path(root: Path, sha256: str, extension: str) -> Path:
    """Where the asset with digest ``sha256`` lives under ``root``."""
    if not _SHA.match(sha256):
        raise ContentNotFound(f"{sha256[:80]!r} is not an asset digest")
    return root / sha256[:2] / f"{sha256}.{extension}"


def _write_once(path: Path, data: bytes) -> None:
    """Write ``data`` at ``path`` unless it is there already (atomic rename; racing writers of
    the same bytes both end with the one complete file)."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def store_asset(
    store: Store,
    root: Path,
    data: bytes,
    *,
    filename: str,
    kind: str,
    actor: str,
    now: dt.datetime,
) -> tuple[CheckedAsset, bool]:
    """Check ``data`` and store it; returns (the asset, whether it was new).

    The same bytes again (a replayed or concurrent upload) are the same asset: one file, one
    row, ``new`` False for all but the first.
    """
    if kind not in KINDS:
        raise AssetRejected(f"kind {kind!r}: choose one of {', '.join(KINDS)}")
    checked = check_asset(data)
    _write_once(asset_path(root, checked.sha256, checked.extension), data)
    safe_name = re.sub(r"[^\w.\- ]+", "_", Path(filename or "upload").name)[:255] or "upload"
    with store.begin() as conn:
        exists = conn.execute(
            sa.select(brand_assets.c.sha256).where(brand_assets.c.sha256 == checked.sha256)
        ).first()
        if exists:
            return checked, False
        try:
            with conn.begin_nested():
                conn.execute(
                    brand_assets.insert().values(
                        sha256=checked.sha256, media_type=checked.media_type,
                        extension=checked.extension, size_bytes=checked.size_bytes,
                        width=checked.width, height=checked.height, filename=safe_name,
                        kind=kind, uploaded_by=actor, uploaded_at=to_utc_naive(now),
                    )
                )  # fmt: skip
        except sa.exc.IntegrityError:
            return checked, False  # a concurrent upload of the same bytes won
        audit(conn, now, actor, "asset_upload", checked.sha256, filename=safe_name,
              media_type=checked.media_type, size_bytes=checked.size_bytes)  # fmt: skip
    return checked, True


def get_asset(store: Store, sha256: str) -> dict[str, Any]:
    """The asset's row.

    Raises
    ------
    ContentNotFound
    """
    with store.engine.connect() as conn:
        row = (
            conn.execute(sa.select(brand_assets).where(brand_assets.c.sha256 == sha256))
            .mappings()
            .first()
        )
    if row is None:
        raise ContentNotFound(f"no brand asset {sha256[:80]!r}")
    return dict(row)


def list_assets(store: Store) -> list[dict[str, Any]]:
    """Every asset, newest first."""
    stmt = sa.select(brand_assets).order_by(brand_assets.c.uploaded_at.desc())
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]


def set_colour(store: Store, name: str, hex_value: str, *, actor: str, now: dt.datetime) -> None:
    """Add or change a named brand colour (``#RRGGBB``)."""
    name = (name or "").strip()
    if not re.fullmatch(r"[\w \-]{1,64}", name):
        raise ContentError("colour name: 1-64 letters, digits, spaces, - or _")
    if not _HEX.match(hex_value or ""):
        raise ContentError(f"colour {hex_value!r}: write it as #RRGGBB, e.g. #1a4d8f")
    values = {"hex": hex_value.lower(), "updated_by": actor, "updated_at": to_utc_naive(now)}
    with store.begin() as conn:
        done = conn.execute(
            brand_colours.update().where(brand_colours.c.name == name).values(**values)
        ).rowcount
        if not done:
            conn.execute(brand_colours.insert().values(name=name, **values))
        audit(conn, now, actor, "colour", name, hex=values["hex"])


def list_colours(store: Store) -> list[dict[str, Any]]:
    """The brand palette, by name."""
    with store.engine.connect() as conn:
        return [
            dict(r)
            for r in conn.execute(
                sa.select(brand_colours).order_by(brand_colours.c.name)
            ).mappings()
        ]
