"""Writing generated pages to a folder, for the CLI and engines other than MkDocs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from . import staging
from .config import FactCheckConfig, OptionError, defaults, shown, validate_options
from .problems import Problem, Problems, Severity, did_you_mean, display_path
from .render import GeneratedFile
from .headings import HeadingStyle
from .site import Site, site_from_settings

MARKER = ".generated-by-factcheck"


class OutputError(Exception):
    pass


class SettingsError(OutputError):
    """mkdocs.yml cannot be read, or the factcheck plugin's options in it are wrong: each problem."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: tags such as !ENV or !!python/name are read as plain values."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_from_mkdocs_yml(path: Path) -> tuple[Site, FactCheckConfig, list[Problem]]:
    """The site settings and the factcheck plugin's options, validated with the plugin's own
    declarations (generator.config), and the warnings about them; SettingsError lists every error.

    Without mkdocs.yml, the defaults.
    """
    if not path.is_file():
        return site_from_settings(defaults(), site_url=None, description=None, language=None), defaults(), []
    where, node, settings = _settings_with_inherited(path)
    options, entry = _factcheck_options(settings, node)
    config, problems = _validated(options, entry, where)
    if problems.errors:
        raise SettingsError(problems)
    theme = settings.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    name = settings.get("site_name")
    directory_urls = settings.get("use_directory_urls", True)
    site = site_from_settings(config, site_url=settings.get("site_url"), description=settings.get("site_description"),
                              language=language, name=name if isinstance(name, str) else None,
                              directory_urls=directory_urls if isinstance(directory_urls, bool) else True,
                              headings=HeadingStyle.from_toc_options(_toc_options(settings.get("markdown_extensions"))))
    return site, config, problems.warnings


def _read_settings(path: Path) -> tuple[str, yaml.Node | None, dict[str, Any]]:
    """A settings file's shown path, YAML node and values; SettingsError when it cannot be read."""
    where = display_path(path)
    try:
        text = path.read_bytes().decode("utf-8")
        node = yaml.compose(text, Loader=_TolerantLoader)
        settings = yaml.load(text, Loader=_TolerantLoader) or {}
    except OSError as error:
        raise SettingsError(Problems([Problem(where, 1, 1, f"cannot read the site settings: {error.strerror}",
                                              "INHERIT names a settings file relative to the one that inherits it")])) from None
    except UnicodeDecodeError as error:
        line, column = _position_of_byte(error.object, error.start)
        raise SettingsError(Problems([Problem(where, line, column, f"cannot read the site settings: {error.reason}",
                                              "save mkdocs.yml as UTF-8")])) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise SettingsError(Problems([Problem(where, line, column, "cannot read the site settings: "
                                              f"{getattr(error, 'problem', None) or error}")])) from None
    if not isinstance(settings, dict):
        raise SettingsError(Problems([Problem(where, 1, 1, "the site settings must be a mapping (name: value)")]))
    return where, node, settings


MAX_INHERITED = 10  # files inheriting one another: more is a loop


def _settings_with_inherited(path: Path, depth: int = 0) -> tuple[str, yaml.Node | None, dict[str, Any]]:
    """As _read_settings, with the settings of the file INHERIT names (MkDocs' INHERIT) under this
    file's; the plugin's options, and their lines, are the parent's when this file lists no plugins."""
    where, node, settings = _read_settings(path)
    parent = settings.get("INHERIT")
    if isinstance(parent, str) and depth < MAX_INHERITED:
        inherited_where, inherited_node, inherited = _settings_with_inherited(path.parent / parent, depth + 1)
        if "plugins" not in settings:
            where, node = inherited_where, inherited_node
        settings = _merged(inherited, settings)
    return where, node, settings


def _merged(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """As MkDocs merges an inherited file: mappings key by key, any other value replaced."""
    merged = dict(parent)
    for key, value in child.items():
        merged[key] = _merged(parent[key], value) if isinstance(value, dict) and isinstance(parent.get(key), dict) \
            else value
    merged.pop("INHERIT", None)
    return merged


def _toc_options(extensions: object) -> dict | None:
    """The options of the `toc` extension in mkdocs.yml's markdown_extensions, as MkDocs reads them
    (a custom slugify, a Python name that only MkDocs loads, falls back to the default)."""
    for entry in extensions if isinstance(extensions, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("toc"), dict):
            return {key: value for key, value in entry["toc"].items() if key != "slugify"}
    return None


def settings_problems(path: Path) -> list[Problem]:
    """Every error and warning site_from_mkdocs_yml finds in mkdocs.yml (none when it is missing)."""
    try:
        return site_from_mkdocs_yml(path)[2]
    except SettingsError as error:
        return list(error.problems)


def option_problems(options: object, mkdocs_yml: Path) -> tuple[FactCheckConfig, Problems]:
    """The factcheck plugin's options validated, and each problem at its line and column in mkdocs_yml."""
    try:
        root = yaml.compose(mkdocs_yml.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        root = None  # each problem is placed at the file's first line
    return _validated(options, _factcheck_entry(root), display_path(mkdocs_yml))


def option_problem(mkdocs_yml: Path, name: str, message: str, hint: str | None = None) -> Problem:
    """A problem at the factcheck plugin's option `name` in mkdocs_yml (at the plugin's entry when the
    option is not written there, or at the first line when the file cannot be read)."""
    try:
        root = yaml.compose(mkdocs_yml.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        root = None
    entry = _factcheck_entry(root)
    node = _option_node(entry, (name,)) or entry
    line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (1, 1)
    return Problem(display_path(mkdocs_yml), line, column, message, hint)


def _factcheck_options(settings: dict[str, Any], root: yaml.Node | None) -> tuple[object, yaml.Node | None]:
    """The last factcheck entry's options under plugins (as MkDocs takes them), and its YAML node."""
    options: object = {}
    plugins = settings.get("plugins")
    for plugin in plugins if isinstance(plugins, list) else []:
        if isinstance(plugin, dict) and "factcheck" in plugin:
            options = {} if plugin["factcheck"] is None else plugin["factcheck"]
    return options, _factcheck_entry(root)


def _factcheck_entry(root: yaml.Node | None) -> yaml.Node | None:
    """The node of the last factcheck entry's options under plugins."""
    plugins = _value(root, "plugins")
    items = plugins.value if isinstance(plugins, yaml.SequenceNode) else []
    entries = [entry for entry in (_value(item, "factcheck") for item in items) if entry is not None]
    return entries[-1] if entries else None


def _validated(options: object, entry: yaml.Node | None, where: str) -> tuple[FactCheckConfig, Problems]:
    """The options validated by generator.config, and a problem at the line and column of each bad one."""
    def problem(names: tuple[str, ...], message: str, hint: str | None = None, *, key: bool = False,
                severity: Severity = "error") -> Problem:
        node = _option_node(entry, names, key=key) or entry
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (1, 1)
        return Problem(where, line, column, message, hint, severity)

    if not isinstance(options, dict):
        message = f"the factcheck plugin's options must be a mapping (name: value), not {shown(options)}"
        hint = "indent each option under `- factcheck:`, such as `content_dir: content`"
        return defaults(), Problems([problem((), message, hint)])
    config, failures, warnings = validate_options(options)
    problems = Problems()
    for name, error in failures:
        if isinstance(error, OptionError):
            names = (name, *error.names)
            problems.add(problem(names, f"the factcheck plugin's {'.'.join(names)} {error.message}", error.hint))
        else:
            problems.add(problem((name,), f"the factcheck plugin's {name}: {error}"))
    for name, message in warnings:
        if name in options and name not in dict(FactCheckConfig._schema):
            problems.add(problem((name,), f"the factcheck plugin has no option {name!r}",
                                 did_you_mean(name, [known for known, _ in FactCheckConfig._schema]),
                                 key=True, severity="warning"))
        else:
            problems.add(problem((name,), f"the factcheck plugin's {name}: {message}", severity="warning"))
    return config, problems


def _option_node(node: yaml.Node | None, names: tuple[str, ...], *, key: bool = False) -> yaml.Node | None:
    """The value (or key) node of the option at names below the factcheck entry's node."""
    for depth, name in enumerate(names):
        if not isinstance(node, yaml.MappingNode):
            return None
        found = next(((k, v) for k, v in node.value if k.value == name), None)
        if found is None:
            return None
        node = found[0] if key and depth == len(names) - 1 else found[1]
    return node


def _value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((value for key_node, value in node.value if key_node.value == key), None)


def _position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    """The line and column of the byte at offset (the bytes before it are valid UTF-8)."""
    before = data[:offset].decode("utf-8")
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


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
