"""Brand assets against hostile input: wrong type, truncated, decompression bomb, huge, unsafe
SVG; the same bytes twice (replayed or concurrent) are one file and one row."""

from __future__ import annotations

import io
import threading

import pytest
import sqlalchemy as sa
from PIL import Image

from delivery.content import AssetRejected, assets
from delivery.content.tables import brand_assets
from tests.content.conftest import NOW


def png(size=(64, 32), colour=(29, 78, 216), mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, colour if mode == "RGB" else 0).save(out, "PNG")
    return out.getvalue()


def gif_animation() -> bytes:
    frames = [Image.new("P", (16, 16), i) for i in range(3)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:])
    return out.getvalue()


CLEAN_SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#1d4ed8"/><use href="#a"/></svg>'


def test_accepted_types_are_read_from_the_bytes():
    assert assets.check_asset(png()).media_type == "image/png"
    checked = assets.check_asset(png())
    assert (checked.width, checked.height, checked.extension) == (64, 32, "png")
    jpeg = io.BytesIO()
    Image.new("RGB", (8, 8)).save(jpeg, "JPEG")
    assert assets.check_asset(jpeg.getvalue()).media_type == "image/jpeg"
    webp = io.BytesIO()
    Image.new("RGB", (8, 8)).save(webp, "WEBP")
    assert assets.check_asset(webp.getvalue()).extension == "webp"
    assert assets.check_asset(gif_animation()).media_type == "image/gif"
    svg = assets.check_asset(CLEAN_SVG)
    assert (svg.media_type, svg.width, svg.height) == ("image/svg+xml", 120, 40)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"%PDF-1.7\n1 0 obj<<>>endobj", "not an image"),
        (b"GIF89a" + b"\x00" * 4, "does not decode"),
        (b"MZ\x90\x00" + b"\x00" * 100, "not an image"),
        (b"<html><script>alert(1)</script></html>", "not an image"),
    ],
)
def test_wrong_type_and_garbage_are_refused(data, message):
    with pytest.raises(AssetRejected, match=message):
        assets.check_asset(data)


def test_a_truncated_image_is_refused():
    whole = png((400, 400), mode="RGB")
    noisy = io.BytesIO()
    Image.effect_noise((300, 300), 64).convert("RGB").save(noisy, "PNG")
    for data in (whole[: len(whole) // 2], noisy.getvalue()[:-2000]):
        with pytest.raises(AssetRejected, match="does not decode"):
            assets.check_asset(data)


def test_a_decompression_bomb_is_refused_from_its_header():
    big = png((6_000, 5_000), mode="1")  # 30 Mpx: over this library's limit
    bomb = png((12_000, 12_000), mode="1")  # 144 Mpx in a few kB: over Pillow's own too
    assert len(bomb) < 100_000
    with pytest.raises(AssetRejected, match="above the limit of 25,000,000 pixels"):
        assets.check_asset(big)
    with pytest.raises(AssetRejected, match="too many pixels"):
        assets.check_asset(bomb)


def test_a_huge_file_is_refused():
    with pytest.raises(AssetRejected, match="above the limit"):
        assets.check_asset(png() + b"\x00" * assets.MAX_ASSET_BYTES)


@pytest.mark.parametrize(
    ("svg", "message"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "<script>"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "event handler"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><text>x</text></a></svg>',
            "links to",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><image x:href="https://evil.example/p.png"/></svg>',
            "links to",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div/></foreignObject></svg>',
            "foreignobject",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>',
            "DTD",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/x.css);</style></svg>',
            "external",
        ),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect', "not well-formed"),
    ],
)
def test_unsafe_svg_is_refused(svg, message):
    with pytest.raises(AssetRejected, match=message):
        assets.check_asset(svg)


def test_stored_by_content_and_a_replay_is_the_same_asset(store, tmp_path):
    tmp_path = tmp_path / "assets"
    data = png()
    first, new = assets.store_asset(store, tmp_path, data, filename="../../logo.png",
                                    kind="logo", actor="maria", now=NOW)  # fmt: skip
    again, new_again = assets.store_asset(store, tmp_path, data, filename="copy.png",
                                          kind="logo", actor="maria", now=NOW)  # fmt: skip
    assert new and not new_again and first == again
    path = assets.asset_path(tmp_path, first.sha256, "png")
    assert path.read_bytes() == data and path.parent.name == first.sha256[:2]
    assert list(tmp_path.rglob("*")) == [path.parent, path]  # no temp file left over
    row = assets.get_asset(store, first.sha256)
    assert row["filename"] == "logo.png" and row["uploaded_by"] == "maria"
    with pytest.raises(AssetRejected, match="kind"):
        assets.store_asset(store, tmp_path, data, filename="x", kind="font", actor="m", now=NOW)


def test_concurrent_uploads_of_the_same_bytes_make_one_file_and_one_row(store, tmp_path):
    tmp_path = tmp_path / "assets"
    data = png((48, 48), colour=(200, 30, 30))
    barrier = threading.Barrier(6)
    results = []

    def upload() -> None:
        barrier.wait()
        results.append(assets.store_asset(store, tmp_path, data, filename="l.png", kind="logo",
                                          actor="maria", now=NOW))  # fmt: skip

    threads = [threading.Thread(target=upload) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({r[0].sha256 for r in results}) == 1 and sum(r[1] for r in results) == 1
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(brand_assets)).scalar() == 1
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 1


def test_brand_colours(store):
    assets.set_colour(store, "Primary", "#1D4ED8", actor="maria", now=NOW)
    assets.set_colour(store, "Primary", "#0f172a", actor="maria", now=NOW)
    assert [(c["name"], c["hex"]) for c in assets.list_colours(store)] == [("Primary", "#0f172a")]
    with pytest.raises(assets.ContentError, match="#RRGGBB"):
        assets.set_colour(store, "Accent", "red", actor="maria", now=NOW)
