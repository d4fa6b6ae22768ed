"""Copies the site lock's pins into the local pre-commit hook's `additional_dependencies`.

pre-commit builds that hook its own virtualenv from this list (a local hook cannot install the
checkout it runs in; `python -m generator` imports it from the working folder), so the hook
validates with the libraries `make site` installs. `make lock` runs this after writing the locks:
    python requirements/hook_pins.py requirements/site.txt .pre-commit-config.yaml
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

# A pinned line of a lock file written by `uv pip compile` (hashes follow on other lines).
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*==[^\s;\\]+)", re.MULTILINE)
# The hook's list in block style: the key, then one `- item` line each, indented deeper.
DEPENDENCIES = re.compile(r"^(?P<indent> *)additional_dependencies:(?P<rest>.*)\n(?:(?P=indent) +- .*\n)*",
                          re.MULTILINE)


def pins(lock: str) -> list[str]:
    """`name==version` of every package the lock installs, in its order."""
    return PIN.findall(lock)


def with_pins(config: str, pinned: list[str]) -> str:
    """The config with its one `additional_dependencies` list replaced by pinned (comments kept)."""
    found = list(DEPENDENCIES.finditer(config))
    if len(found) != 1:
        raise SystemExit(f"expected one block-style additional_dependencies list, found {len(found)}")
    (match,) = found
    indent = match["indent"]
    lines = [f"{indent}additional_dependencies:{match['rest']}\n", *(f"{indent}  - {pin}\n" for pin in pinned)]
    return config[:match.start()] + "".join(lines) + config[match.end():]


def main(lock_path: str, config_path: str) -> None:
    config = Path(config_path)
    text = config.read_text(encoding="utf-8")
    updated = with_pins(text, pins(Path(lock_path).read_text(encoding="utf-8")))
    if updated != text:
        config.write_text(updated, encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(f"usage: python {sys.argv[0]} LOCK_FILE PRE_COMMIT_CONFIG")
    main(sys.argv[1], sys.argv[2])
