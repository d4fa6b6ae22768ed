"""A Jinja2 error in a page template, as one line naming the template file and line, and the
preview page that shows it while `mkdocs serve` waits for the template to be fixed."""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterable
from pathlib import Path

import jinja2

from .render import GeneratedFile, front_matter, plain_text
from .site import HOME_PATH


def describe(error: jinja2.TemplateError, template_dirs: Iterable[Path | None]) -> str:
    """`template-file:line: error: message`, or `error: message` when no template line is known."""
    dirs = [Path(d).resolve() for d in template_dirs if d is not None]
    where = _where(error, dirs)
    if isinstance(error, jinja2.TemplateNotFound):
        message = f"template {error.name!r} not found in {', '.join(_shown(d) for d in dirs) or 'the templates'}"
    else:
        message = error.message or type(error).__name__
    message = " ".join(message.split())  # one line, whatever the template's text held
    return f"{where}: error: {message}" if where else f"error: {message}"


def _where(error: jinja2.TemplateError, dirs: list[Path]) -> str | None:
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename and error.lineno:
        return f"{_shown(Path(error.filename))}:{error.lineno}"
    # A rendering error: Jinja2 rewrites the traceback so that each template's frame names its
    # file and line; the innermost one is where the error is.
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        path = Path(frame.filename)
        if frame.lineno and path.is_file() and any(path.resolve().is_relative_to(d) for d in dirs):
            return f"{_shown(path)}:{frame.lineno}"
    return None


def _shown(path: Path) -> str:
    """Relative to the working folder when inside it, as other messages show paths."""
    absolute = Path(path).resolve()
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return os.fspath(absolute)


def error_page(message: str) -> GeneratedFile:
    """A home page showing the template error, for a preview that cannot render the site.

    Written here rather than from a template, which could be the one that is broken.
    """
    text = (
        front_matter({"title": "Template error", "hide": ["navigation", "toc"]})
        + "# A template has an error\n\n"
        + "`mkdocs serve` could not render the pages. Fix the template named below and save: "
        + "this page reloads with the site as soon as the templates render. The same message is in the terminal.\n\n"
        + f"- {plain_text(message)}\n"
    )
    return GeneratedFile(HOME_PATH, text.encode("utf-8"))
