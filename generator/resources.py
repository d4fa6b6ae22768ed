"""The files installed with the package, under generator/site_templates/: where each kind is.

The folder is the repository's top-level site_templates/, installed inside the package (see
pyproject.toml); in a checkout generator/site_templates links to it. Code finds these files here,
never relative to a checkout, so an installed package works in any site's folder.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

# Resolved: in a checkout, messages name site_templates/..., the files an editor opens.
SITE_TEMPLATES = Path(str(files(__package__) / "site_templates")).resolve()
PAGE_TEMPLATES = SITE_TEMPLATES  # *.md.j2 and ratings.css.j2
NEW_FILE_TEMPLATES = SITE_TEMPLATES / "new"  # `python -m generator new`
THEME_OVERRIDES = SITE_TEMPLATES / "overrides"  # Material's templates changed, searched after a site's custom_dir
ASSETS = SITE_TEMPLATES / "assets"  # stylesheets and scripts, copied into every site's assets/
DESK_FILES = SITE_TEMPLATES / "init"  # `python -m generator init`: a new desk's repository
LOCALES = SITE_TEMPLATES / "locales"  # the interface's words per language: <language>/LC_MESSAGES/messages.po

# What to do when one of these files is missing: the installation is incomplete.
REINSTALL_HINT = "the package is incomplete: reinstall it with pip install --force-reinstall factcheck-site-generator"
