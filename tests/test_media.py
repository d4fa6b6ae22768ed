"""Screenshots of claims' images and videos: checked with Pillow at the line that names them,
and copied into the site."""

from __future__ import annotations

import shutil
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from generator import media
from generator.build import build_site, screenshot_files
from generator.content import load_content
from generator.problems import display_path
from generator.site import Site

MEDIA_FIXTURE = Path(__file__).parent / "fixtures" / "media"
CLAIM = "claims/smoke-photo-from-2013.yaml"
SHOT = "smoke-over-buildings.png"
FILE_LINE = "11:11"  # where the claim names its screenshot's file


def image_bytes(format: str, size: tuple[int, int] = (8, 6)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, (120, 130, 140)).save(out, format=format)
    return out.getvalue()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(MEDIA_FIXTURE, copy)
    return copy


def errors(tree: Path) -> list[str]:
    _, problems = load_content(tree)
    return [str(p).removeprefix(display_path(tree) + "/") for p in problems.errors]


def name_screenshot(tree: Path, file: str) -> None:
    claim = tree / CLAIM
    claim.write_text(claim.read_text(encoding="utf-8").replace(SHOT, file), encoding="utf-8")


def test_the_fixtures_screenshot_is_a_small_png_and_valid(tree: Path) -> None:
    assert errors(tree) == []
    with Image.open(tree / "media" / SHOT) as image:
        assert (image.format, image.size) == ("PNG", (480, 270))


@pytest.mark.parametrize("format, suffix", [("PNG", ".png"), ("JPEG", ".jpg"), ("JPEG", ".jpeg"), ("WEBP", ".webp"),
                                            ("GIF", ".gif")])
def test_each_image_type_is_accepted_under_its_own_suffix(tree: Path, format: str, suffix: str) -> None:
    (tree / "media" / "shots").mkdir()
    (tree / "media" / "shots" / f"still{suffix}").write_bytes(image_bytes(format))
    name_screenshot(tree, f"shots/still{suffix}")
    assert errors(tree) == []


def test_a_missing_screenshot_is_an_error_at_its_file_name(tree: Path) -> None:
    (tree / "media" / SHOT).unlink()
    assert errors(tree) == [
        f"{CLAIM}:{FILE_LINE}: error: screenshot media/{SHOT} does not exist (hint: save the image as "
        f"{(tree / 'media' / SHOT).as_posix()}, or correct the file name)"]


@pytest.mark.parametrize("format, shown, suffix", [("JPEG", "JPEG", ".jpg"), ("WEBP", "WebP", ".webp")])
def test_an_image_not_of_the_type_its_name_says_is_refused(tree: Path, format: str, shown: str, suffix: str) -> None:
    (tree / "media" / SHOT).write_bytes(image_bytes(format))
    assert errors(tree) == [
        f"{CLAIM}:{FILE_LINE}: error: screenshot media/{SHOT} is a {shown} image, not the PNG its name says "
        f"(hint: rename it to smoke-over-buildings{suffix})"]


def test_an_image_of_a_type_no_screenshot_may_have_is_refused(tree: Path) -> None:
    (tree / "media" / SHOT).write_bytes(image_bytes("BMP"))
    assert errors(tree) == [
        f"{CLAIM}:{FILE_LINE}: error: screenshot media/{SHOT} is a BMP image, not the PNG its name says "
        "(hint: save it as PNG, JPEG, WebP or GIF)"]


def test_a_file_that_is_no_image_is_refused(tree: Path) -> None:
    (tree / "media" / SHOT).write_bytes(b"<html><script>alert(1)</script></html>")
    assert errors(tree) == [
        f"{CLAIM}:{FILE_LINE}: error: screenshot media/{SHOT} is not an image that can be read "
        "(not PNG, JPEG, WebP or GIF) (hint: save it again as PNG)"]


def test_a_truncated_image_is_refused(tree: Path) -> None:
    data = (tree / "media" / SHOT).read_bytes()
    (tree / "media" / SHOT).write_bytes(data[: len(data) // 2])
    (message,) = errors(tree)
    assert message.startswith(f"{CLAIM}:{FILE_LINE}: error: screenshot media/{SHOT} is not an image that can be read (")
    assert message.endswith(") (hint: save it again as PNG)")


@pytest.mark.parametrize("error, reason", [
    (SyntaxError("broken PNG file: chunk 2"), "broken PNG file"),  # what Pillow says, without its details
    (OSError("image file is truncated"), "image file is truncated"),
    (ValueError(""), "ValueError"),  # nothing said: the kind of error
])
def test_why_an_image_cannot_be_read_is_said_in_a_few_words(error: Exception, reason: str) -> None:
    assert media._reason(error) == reason


def test_an_image_too_large_in_bytes_is_refused(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(media, "MAX_BYTES", 1_000)
    size = (tree / "media" / SHOT).stat().st_size
    assert errors(tree) == [
        f"{CLAIM}:{FILE_LINE}: error: screenshot media/{SHOT} is too large ({size:,} bytes, the limit is 1,000) "
        "(hint: save it as a JPEG or WebP, or at a smaller size)"]


def test_an_image_of_the_largest_size_is_accepted(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tree / "media" / SHOT).write_bytes(image_of_side(media.MAX_SIDE, media.MAX_SIDE))
    monkeypatch.setattr(media, "MAX_BYTES", (tree / "media" / SHOT).stat().st_size)  # the largest file too
    assert errors(tree) == []


def image_of_side(width: int, height: int) -> bytes:
    out = BytesIO()
    Image.new("1", (width, height)).save(out, format="PNG")  # one bit a pixel: small to write
    return out.getvalue()


@pytest.mark.parametrize("size, shown", [((8_001, 2), "8,001 × 2"), ((2, 8_001), "2 × 8,001")])
def test_an_image_too_large_in_pixels_is_refused(tree: Path, size: tuple[int, int], shown: str) -> None:
    (tree / "media" / SHOT).write_bytes(image_of_side(*size))
    assert errors(tree) == [
        f"{CLAIM}:{FILE_LINE}: error: screenshot media/{SHOT} is too large in pixels ({shown}, the limit is 8,000 "
        "on each side) (hint: save it at a smaller size)"]


@pytest.mark.parametrize("side", [100_000, 10_000])  # beyond twice Pillow's limit (an error), and beyond it (a warning)
def test_a_decompression_bomb_is_refused_before_it_is_decoded(tree: Path, side: int) -> None:
    # A PNG whose header announces side × side pixels: refused from the header, never decoded.
    out = BytesIO()
    Image.new("1", (side, 1)).save(out, format="PNG")
    data = bytearray(out.getvalue())
    data[20:24] = side.to_bytes(4, "big")  # IHDR's height, after the signature, length, type and width
    data[29:33] = zlib.crc32(bytes(data[12:29])).to_bytes(4, "big")  # and its checksum
    (tree / "media" / SHOT).write_bytes(bytes(data))
    assert errors(tree) == [
        f"{CLAIM}:{FILE_LINE}: error: screenshot media/{SHOT} is too large in pixels (the limit is 8,000 on each side) "
        "(hint: save it at a smaller size)"]


def test_a_screenshot_linked_from_outside_the_content_is_refused(tree: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.png"
    outside.write_bytes(image_bytes("PNG"))
    (tree / "media" / SHOT).unlink()
    (tree / "media" / SHOT).symlink_to(outside)
    assert errors(tree) == [
        f"{CLAIM}:{FILE_LINE}: error: media/{SHOT} is a symlink "
        "(hint: copy the image into the media folder instead of linking it)"]


def test_a_screenshot_linked_from_inside_the_content_is_refused_too(tree: Path) -> None:
    (tree / "media" / "original.png").write_bytes((tree / "media" / SHOT).read_bytes())
    (tree / "media" / SHOT).unlink()
    (tree / "media" / SHOT).symlink_to(tree / "media" / "original.png")
    assert errors(tree) == [
        f"{CLAIM}:{FILE_LINE}: error: media/{SHOT} is a symlink "
        "(hint: copy the image into the media folder instead of linking it)"]


def test_a_media_folder_linked_from_outside_the_content_is_refused(tree: Path, tmp_path: Path) -> None:
    shutil.move(tree / "media", tmp_path / "elsewhere")
    (tree / "media").symlink_to(tmp_path / "elsewhere")
    assert errors(tree) == [
        f"{CLAIM}:{FILE_LINE}: error: media/{SHOT} is a symlink "
        "(hint: copy the image into the media folder instead of linking it)"]


@pytest.mark.parametrize("file", ["../ratings.yaml", "/etc/passwd.png", "shot.svg", "shot.PNG.exe", "a/../b.png",
                                  "shot name.png", "shot.png.png"])
def test_a_screenshot_outside_the_media_folder_or_not_an_image_name_is_refused(tree: Path, file: str) -> None:
    name_screenshot(tree, file)
    (message,) = errors(tree)
    assert message.startswith(f"{CLAIM}:{FILE_LINE}: error: field 'media.screenshot.file'")


def test_the_screenshots_of_the_claims_shown_are_copied_as_they_are(tree: Path) -> None:
    content, _ = load_content(tree)
    (copied,) = screenshot_files(content)
    assert (copied.path, copied.data) == (f"media/{SHOT}", (tree / "media" / SHOT).read_bytes())
    published = content.published()
    del published.claims["smoke-photo-from-2013"]
    assert screenshot_files(published) == []  # a claim left out takes its screenshot with it


def test_a_build_writes_the_screenshot_beside_the_pages(tree: Path) -> None:
    build = build_site(tree, Site())
    assert not build.problems.errors
    files = {file.path: file.data for file in build.files}
    assert files[f"media/{SHOT}"] == (tree / "media" / SHOT).read_bytes()
    page = files["claims/smoke-photo-from-2013.md"].decode("utf-8")
    assert (f'<img alt="Grey smoke rising behind a row of low buildings under a pale sky" loading="lazy" '
            f'src="../../media/{SHOT}">') in page
    assert 'MediaReview' in page.split("---", 2)[1]  # in the front matter's JSON-LD, which the theme puts in <head>
