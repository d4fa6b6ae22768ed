"""Writing generated pages to a folder, for the CLI and engines other than MkDocs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from . import staging
from .render import GeneratedFile
from .site import Site, site_from_settings

MARKER = ".generated-by-factcheck"


class OutputError(Exception):
    pass


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: tags such as !ENV or !!python/name are read as plain values."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_from_mkdocs_yml(path: Path) -> tuple[Site, dict[str, Any]]:
    """The site settings and the plugin's options, read from mkdocs.yml (defaults when absent)."""
    if not path.is_file():
        return Site(), {}
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise OutputError(f"{where}: cannot read the site settings: {getattr(error, 'problem', None) or error}") from None
    if not isinstance(config, dict):
        raise OutputError(f"{path}:1:1: the site settings must be a mapping (name: value)")
    options: dict[str, Any] = {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "factcheck" in plugin:
            options = plugin["factcheck"] or {}
    theme = config.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    site = site_from_settings(options, site_url=config.get("site_url"), description=config.get("site_description"),
                              language=language)
    return site, options


def option_position(path: Path, name: str) -> str:
    """`path:line:column` of the factcheck plugin's option `name` in mkdocs.yml (just `path` if not found)."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return str(path)
    plugins = _value(node, "plugins")
    items = plugins.value if isinstance(plugins, yaml.SequenceNode) else []
    options = next((found for found in (_value(item, "factcheck") for item in items) if found is not None), None)
    option = _value(options, name)
    return f"{path}:{option.start_mark.line + 1}:{option.start_mark.column + 1}" if option is not None else str(path)


def _value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((value for key_node, value in node.value if key_node.value == key), None)


def write_files(files: list[GeneratedFile], out: Path) -> None:
    """Replace out/ with the files, all at once; refuses a folder this tool did not write.

    The files are written to a staging folder beside out/ (generator.staging), readable as the
    umask allows, which takes out/'s place only when every file is written.
    """
    staging.recover(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())) and not (out / MARKER).exists():
        raise OutputError(f"{out} has files this generator did not write; choose an empty or new folder")
    folder = staging.start_staging(out)
    try:
        for file in files:
            target = folder / file.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.data)
        (folder / MARKER).write_text("Pages generated from content/ by python -m generator build.\n", encoding="utf-8")
        staging.replace(out, folder)
    except BaseException:
        staging.discard(folder)
        raise
