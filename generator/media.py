"""Screenshots of the images and videos claims are about: files under content/media/, checked
with Pillow (a real PNG, JPEG, WebP or GIF, as its name says, within a size in bytes and in
pixels) and copied into the site at the same path under media/."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

MEDIA_FOLDER = "media"  # under the content folder, and under the site
MAX_BYTES = 5_000_000  # a screenshot; a photograph straight from a camera is smaller once saved for the web
MAX_SIDE = 8_000  # pixels, either way
FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP", ".gif": "GIF"}
_NAMES = {"PNG": "PNG", "JPEG": "JPEG", "WEBP": "WebP", "GIF": "GIF"}


def site_path(file: str) -> str:
    """Where a screenshot is in the site (and in the docs folder MkDocs sees)."""
    return f"{MEDIA_FOLDER}/{file}"


def file_path(root: Path, file: str) -> Path:
    return root / MEDIA_FOLDER / file


def screenshot_problem(root: Path, file: str) -> tuple[str, str] | None:
    """Why content/media/<file> cannot be published as a screenshot (message, hint), or None.

    `file` already follows the model's rule (no "..", one image suffix)."""
    path = file_path(root, file)
    shown = f"{MEDIA_FOLDER}/{file}"
    if path.is_symlink() or not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root)):
        return f"{shown} is a symlink", "copy the image into the media folder instead of linking it"
    if not path.is_file():
        return (f"screenshot {shown} does not exist",
                f"save the image as {path.as_posix()}, or correct the file name")
    size = path.stat().st_size
    if size > MAX_BYTES:
        return (f"screenshot {shown} is too large ({size:,} bytes, the limit is {MAX_BYTES:,})",
                "save it as a JPEG or WebP, or at a smaller size")
    expected = FORMATS[path.suffix.lower()]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)  # far beyond MAX_SIDE: refuse before decoding
            with Image.open(path) as image:
                found, (width, height) = image.format, image.size
                image.verify()  # the whole file, without decoding its pixels
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return (f"screenshot {shown} is too large in pixels (the limit is {MAX_SIDE:,} on each side)",
                "save it at a smaller size")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        return (f"screenshot {shown} is not an image that can be read ({_reason(error)})",
                f"save it again as {_NAMES[expected]}")
    if found != expected:
        suffix = next(suffix for suffix, name in FORMATS.items() if name == found) if found in FORMATS.values() else None
        hint = f"rename it to {path.stem}{suffix}" if suffix else "save it as PNG, JPEG, WebP or GIF"
        return f"screenshot {shown} is a {_NAMES.get(found, found)} image, not the {_NAMES[expected]} its name says", hint
    if width > MAX_SIDE or height > MAX_SIDE:
        return (f"screenshot {shown} is too large in pixels ({width:,} × {height:,}, the limit is {MAX_SIDE:,} "
                "on each side)", "save it at a smaller size")
    return None


def _reason(error: Exception) -> str:
    if isinstance(error, UnidentifiedImageError):
        return "not PNG, JPEG, WebP or GIF"
    return str(error).split(":")[0] or type(error).__name__
