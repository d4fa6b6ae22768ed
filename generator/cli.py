"""Command line: python -m generator validate | schemas | build | new."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .content import load_content
from .scaffold import NEW_KINDS, ScaffoldError, write_new
from .schemas import write_schemas


def _validate(args: argparse.Namespace) -> int:
    content, problems = load_content(Path(args.content))
    for problem in problems:
        print(problem)
    errors, warnings = len(problems.errors), len(problems.warnings)
    summary = (f"{len(content.claims)} claims, {len(content.reports)} reports, {len(content.sources)} sources, "
               f"{len(content.claimants)} claimants, {len(content.ratings)} ratings")
    print(f"{args.content}: {errors} error(s), {warnings} warning(s); {summary}" if not errors
          else f"{args.content}: {errors} error(s), {warnings} warning(s)")
    return 1 if errors else 0


def _schemas(args: argparse.Namespace) -> int:
    for path in write_schemas(Path(args.out)):
        print(f"wrote {path}")
    return 0


def _new(args: argparse.Namespace) -> int:
    try:
        path = write_new(args.kind, args.id, Path(args.content))
    except ScaffoldError as error:
        print(error, file=sys.stderr)
        return error.exit_code
    print(f"created {path.as_posix()}: fill in the fields marked 'required', "
          f"then run: python -m generator validate {args.content}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check content and print every problem (exit 1 on errors)")
    validate.add_argument("content", nargs="?", default="content", help="content folder (default: content)")
    validate.set_defaults(run=_validate)
    schemas = commands.add_parser("schemas", help="write the JSON Schema of each content kind")
    schemas.add_argument("--out", default="schemas", help="folder to write into (default: schemas)")
    schemas.set_defaults(run=_schemas)
    new = commands.add_parser("new", help="start a content file from a template (never overwrites)")
    new.add_argument("kind", choices=NEW_KINDS, help="what to create")
    new.add_argument("id", help="its id, which becomes the file name: lowercase letters, digits, hyphens")
    new.add_argument("--content", default="content", help="content folder (default: content)")
    new.set_defaults(run=_new)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
