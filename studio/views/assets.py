"""Brand assets: the page (logos, images, colours), uploads and immutable, CDN-friendly serving.

Uploads are multipart forms with the session's CSRF token, for editors only; the body is
refused past :data:`~delivery.content.assets.MAX_ASSET_BYTES` before it is read; the file is
checked by ``delivery.content.assets`` (type from its bytes, decodes with Pillow, no
decompression bomb, no SVG script) and stored under its sha256. ``GET /assets/<sha256>.<ext>``
is public (emails and a CDN fetch it without a session) and immutable: the name is the content.
"""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.responses import FileResponse, PlainTextResponse, Response

from delivery.content import ContentError, ContentNotFound, assets
from studio.web import EDIT, PUBLIC, READ, Ctx, page

IMMUTABLE = "public, max-age=31536000, immutable"
#: served files are never run as a document: an SVG opened directly cannot script this origin
ASSET_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def _page(ctx: Ctx, message: str | None = None, status: int = 200, **extra) -> Response:
    return ctx.render(
        "assets.html", status_code=status, message=message,
        assets=assets.list_assets(ctx.app.store), colours=assets.list_colours(ctx.app.store),
        can_edit=ctx.user.has_any(EDIT), kinds=assets.KINDS,
        limit_mb=assets.MAX_ASSET_BYTES // (1024 * 1024), **extra,
    )  # fmt: skip


@page("/assets", READ)
def asset_list(ctx: Ctx) -> Response:
    return _page(ctx)


@page("/assets", EDIT, methods=("POST",), max_body=assets.MAX_ASSET_BYTES + 64 * 1024)
def upload_asset(ctx: Ctx) -> Response:
    upload = ctx.form.get("file")
    if not isinstance(upload, UploadFile):
        return _page(ctx, "choose a file to upload", 422)
    data = upload.file.read(assets.MAX_ASSET_BYTES + 1)
    try:
        checked, new = assets.store_asset(
            ctx.app.store, ctx.app.config.assets_dir, data, filename=upload.filename or "",
            kind=str(ctx.form.get("kind") or "image"), actor=ctx.user.user_id, now=ctx.now,
        )  # fmt: skip
    except ContentError as exc:
        return _page(ctx, f"{upload.filename or 'the file'}: {exc}", 422)
    url = f"/assets/{checked.sha256}.{checked.extension}"
    said = "uploaded" if new else "already in the library (same bytes)"
    return _page(ctx, f"{upload.filename}: {said} — {url}", 201 if new else 200, latest=url)


@page("/assets/colours", EDIT, methods=("POST",))
def save_colour(ctx: Ctx) -> Response:
    try:
        assets.set_colour(
            ctx.app.store, str(ctx.form.get("name") or ""), str(ctx.form.get("hex") or ""),
            actor=ctx.user.user_id, now=ctx.now,
        )  # fmt: skip
    except ContentError as exc:
        return _page(ctx, str(exc), 422)
    return _page(ctx, f"colour {ctx.form.get('name')} saved")


@page("/assets/{filename}", PUBLIC)
def serve_asset(ctx: Ctx, filename: str) -> Response:
    digest, _, ext = filename.partition(".")
    try:
        row = assets.get_asset(ctx.app.store, digest)
        if ext != row["extension"]:
            raise ContentNotFound(filename)
        path = assets.asset_path(ctx.app.config.assets_dir, digest, row["extension"])
    except ContentNotFound:
        return PlainTextResponse("no such asset", 404)
    etag = f'"{digest}"'
    headers = {
        "Cache-Control": IMMUTABLE,
        "ETag": etag,
        "Content-Security-Policy": ASSET_CSP,
        "Cross-Origin-Resource-Policy": "cross-origin",
    }
    match = ctx.request.headers.get("if-none-match", "")
    if etag in [m.strip() for m in match.split(",")] or match.strip() == "*":
        return Response(status_code=304, headers=headers)
    if not path.is_file():
        return PlainTextResponse("asset file missing from storage", 410)
    return FileResponse(path, media_type=row["media_type"], headers=headers)


ROUTES = [asset_list, upload_asset, save_colour, serve_asset]
