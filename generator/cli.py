"""Command line: python -m generator validate | schemas | build | new | init | changes | check-links."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jinja2 import TemplateError

from . import template_errors
from .build import Settings, build_site
from .changes import compare, errors_markdown, load_base, summary_markdown
from .config import include_drafts
from .content import load_content
from .linkcheck import ARCHIVE_SERVICE_VARIABLE, Options, archive_service_from, check_links, problems_of, summary_table
from .model import Publishable
from .output import OutputError, SettingsError, settings_problems, site_from_mkdocs_yml, write_files
from .problems import count
from .resources import PAGE_TEMPLATES
from .revisions import RevisionError, content_at
from .scaffold import NEW_FILE_KINDS, NEW_KINDS, ScaffoldError, init_desk, placeholder_problems, write_new
from .schemas import write_schemas
from .translations import language_name


def _validate(args: argparse.Namespace) -> int:
    content, problems = load_content(Path(args.content), args.jobs)
    mkdocs_yml = Path(args.content).parent / "mkdocs.yml"
    problems.extend(settings_problems(mkdocs_yml))  # the plugin's options, as the build checks them
    problems.extend(placeholder_problems(mkdocs_yml))  # a desk `init` started
    for problem in problems:
        print(problem)
    counts = ", ".join(count(len(items), noun) for items, noun in (
        (content.claims, "claim"), (content.reports, "report"), (content.sources, "source"),
        (content.claimants, "claimant"), (content.ratings, "rating")))
    print(f"{args.content}: {problems.summary()}" + ("" if problems.errors else f" ({counts})"))
    return 1 if problems.errors else 0


def _schemas(args: argparse.Namespace) -> int:
    for path in write_schemas(Path(args.out)):
        print(f"wrote {path}")
    return 0


def _new(args: argparse.Namespace) -> int:
    try:
        path = write_new(args.kind, args.id, Path(args.content), language=args.lang)
    except ScaffoldError as error:
        print(error, file=sys.stderr)
        return error.exit_code
    if args.lang is not None:
        print(f"created {path.as_posix()}: write the fields marked 'required' in {language_name(args.lang)} "
              f"(the original's words are beside them), then run: python -m generator validate {args.content}")
        return 0
    if issubclass(NEW_FILE_KINDS[args.kind].model, Publishable):
        print(f"created {path.as_posix()}, a draft: fill in the fields marked 'required' (a preview shows it then), "
              f"set 'status: published' when it is ready, and run: python -m generator validate {args.content}")
    else:
        print(f"created {path.as_posix()}: fill in the fields marked 'required', "
              f"then run: python -m generator validate {args.content}")
    return 0


def _init(args: argparse.Namespace) -> int:
    folder = Path(args.folder)
    try:
        init_desk(folder)
    except ScaffoldError as error:
        print(error, file=sys.stderr)
        return error.exit_code
    shown = folder.as_posix()
    print(f"created a new desk in {shown}: content/ (an example claim, claimant and source, and the rating scale), "
          "docs/ (About and corrections pages to fill in), mkdocs.yml, schemas/, "
          ".github/workflows/site.yml and preview.yml, "
          ".pre-commit-config.yaml, .vscode/, requirements.txt\n"
          f"next: write your site_url and repo_url in {shown}/mkdocs.yml, then run: cd {shown} && "
          "python -m generator validate && mkdocs serve")
    return 0


def _build(args: argparse.Namespace) -> int:
    config = Path(args.config)
    try:
        site, options, warnings = site_from_mkdocs_yml(config)
    except SettingsError as error:
        for problem in error.problems:
            print(problem)
        print(f"{config}: {error.problems.summary()}; nothing was written")
        return 1
    for problem in warnings:
        print(problem)
    base = config.parent
    content_dir = Path(args.content) if args.content else base / options.content_dir
    templates = base / options.templates_dir if options.templates_dir else PAGE_TEMPLATES
    overrides = base / options.overrides_dir if options.overrides_dir else None
    jobs = args.jobs if args.jobs is not None else options.jobs
    drafts = include_drafts(args.drafts or options.drafts, serving=False)
    try:
        build = build_site(content_dir, site, Settings(templates, overrides, jobs, drafts=drafts, config_file=config,
                                                       card_cache=Settings.card_cache_of(config)))
        if build.problems.errors:
            for problem in build.problems:
                print(problem)
            print(f"{content_dir}: {len(build.problems.errors)} error(s); nothing was written")
            return 1
        files = build.files
        write_files(files, Path(args.out))
    except TemplateError as error:
        print(template_errors.describe(error, [overrides, templates]))
        return 1
    except (OutputError, OSError) as error:
        print(f"error: {error}")
        return 1
    print(f"wrote {len(files)} files to {args.out}" + (" (a preview: drafts included)" if drafts else ""))
    return 0


def _changes(args: argparse.Namespace) -> int:
    """Markdown on stdout (for a job summary); the content's errors on stderr, as validate prints them."""
    content_dir = Path(args.content)
    new, problems = load_content(content_dir)
    if problems.errors:
        for problem in problems.errors:
            print(problem, file=sys.stderr)
        print(f"{args.content}: {problems.summary()}; nothing was compared", file=sys.stderr)
        print(errors_markdown(problems.errors, args.content), end="")
        return 1
    if args.old_content is not None:
        old_dir = Path(args.old_content)
        if not old_dir.is_dir():
            print(f"error: --old-content {args.old_content} is not a folder "
                  "(hint: pass the folder of the content to compare with)", file=sys.stderr)
            return 1
        old, base_errors = load_base(old_dir)
        print(summary_markdown(compare(old, new), args.old_content, base_errors), end="")
        return 0
    try:
        with content_at(args.base, content_dir) as base:
            old, base_errors = load_base(base.folder, base.shown_as)
    except RevisionError as error:
        print(error, file=sys.stderr)
        return 1
    print(summary_markdown(compare(old, new), args.base, base_errors, base_found=base.folder is not None), end="")
    return 0


def _check_links(args: argparse.Namespace) -> int:
    """Every problem as `file:line:column: …`, then the table; exit 1 when a link is dead."""
    content_dir = Path(args.content)
    content, problems = load_content(content_dir)
    if problems.errors:
        for problem in problems.errors:
            print(problem)
        print(f"{args.content}: {problems.summary()}; no link was checked (fix the content first)")
        return 1
    options = Options(concurrency=args.concurrency, per_host=args.per_host, delay=args.delay, timeout=args.timeout,
                      retries=args.retries, backoff=args.backoff, archive_delay=args.archive_delay,
                      archive_service=args.archive_service or archive_service_from())
    report = check_links(content, options, archive=args.archive)
    found = problems_of(report)
    lines = [*map(str, found)]
    for link, copy in report.archived:
        lines.append(f"{link.where}: archived {link.url} as {copy} (written into the file)")
    lines += ["", summary_table(report), "",
              f"{args.content}: {count(len(report.checked), 'link')} checked, {count(len(report.dead), 'dead link')}"]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    if args.report:
        Path(args.report).write_text(text, encoding="utf-8")
    return 1 if report.dead else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check content and print every problem (exit 1 on errors)")
    validate.add_argument("content", nargs="?", default="content", help="content folder (default: content)")
    _add_jobs_option(validate)
    validate.set_defaults(run=_validate)
    schemas = commands.add_parser("schemas", help="write the JSON Schema of each content kind")
    schemas.add_argument("--out", default="schemas", help="folder to write into (default: schemas)")
    schemas.set_defaults(run=_schemas)
    new = commands.add_parser("new", help="start a content file from a template (never overwrites)")
    new.add_argument("kind", choices=NEW_KINDS, help="what to create")
    new.add_argument("id", help="its id, which becomes the file name: lowercase letters, digits, hyphens")
    new.add_argument("--content", default="content", help="content folder (default: content)")
    new.add_argument("--lang", metavar="LANGUAGE",
                     help="a translation of the existing claim, report, claimant or source ID into this language "
                          "(content/translations/LANGUAGE/), e.g. ar")
    new.set_defaults(run=_new)
    init = commands.add_parser("init", help="start a new desk's repository in a new or empty folder")
    init.add_argument("folder", help="where to start it (created when missing; refused unless empty)")
    init.set_defaults(run=_init)
    build = commands.add_parser("build", help="write the generated pages to a folder (no MkDocs needed)")
    build.add_argument("--out", required=True, help="folder to write the pages into (replaced as a whole)")
    build.add_argument("--content", help="content folder (default: the plugin's content_dir in mkdocs.yml)")
    build.add_argument("--config", default="mkdocs.yml", help="mkdocs.yml to read site settings from")
    build.add_argument("--drafts", action="store_true",
                       help="a preview: include claims and reports in draft or review, marked as such")
    _add_jobs_option(build)
    build.set_defaults(run=_build)
    changes = commands.add_parser("changes", help="summarise, in Markdown, what changed in the content since a git "
                                                  "revision or another folder")
    changes.add_argument("content", nargs="?", default="content", help="content folder (default: content)")
    base = changes.add_mutually_exclusive_group(required=True)
    base.add_argument("--base", metavar="REVISION",
                      help="compare with the content folder at this git revision, e.g. origin/main")
    base.add_argument("--old-content", metavar="DIR", help="compare with the content in this folder")
    changes.set_defaults(run=_changes)
    links = commands.add_parser("check-links", help="ask every url and archive_url whether it still answers "
                                                    "(exit 1 when a link is dead)")
    links.add_argument("content", nargs="?", default="content", help="content folder (default: content)")
    links.add_argument("--archive", action="store_true",
                       help="save each source without archive_url with the Internet Archive's Save Page Now and "
                            "write the copy's address into its file")
    links.add_argument("--archive-service", metavar="URL",
                       help=f"Save Page Now's address, the page's address appended (default: ${ARCHIVE_SERVICE_VARIABLE} "
                            "or https://web.archive.org/save/)")
    links.add_argument("--archive-delay", type=_seconds, default=Options.archive_delay, metavar="SECONDS",
                       help=f"between two saves, made one at a time (default: {Options.archive_delay:g})")
    links.add_argument("--concurrency", type=_positive, default=Options.concurrency, metavar="N",
                       help=f"requests at once (default: {Options.concurrency})")
    links.add_argument("--per-host", type=_positive, default=Options.per_host, metavar="N",
                       help=f"requests at once to one host (default: {Options.per_host})")
    links.add_argument("--delay", type=_seconds, default=Options.delay, metavar="SECONDS",
                       help=f"between the starts of two requests to one host (default: {Options.delay:g})")
    links.add_argument("--timeout", type=_seconds, default=Options.timeout, metavar="SECONDS",
                       help=f"for each try (default: {Options.timeout:g})")
    links.add_argument("--retries", type=_whole, default=Options.retries, metavar="N",
                       help=f"tries after the first, for timeouts, failed connections, 429 and 5xx (default: {Options.retries})")
    links.add_argument("--backoff", type=_seconds, default=Options.backoff, metavar="SECONDS",
                       help=f"pause before the first retry, doubled for each next one (default: {Options.backoff:g})")
    links.add_argument("--report", metavar="FILE", help="also write the report to this file")
    links.set_defaults(run=_check_links)
    return parser


def _add_jobs_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--jobs", type=_positive, metavar="N",
                         help="processes that read and render content (default: one per CPU core on large sites)")


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return int(text)


def _whole(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}")
    return int(text)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds, not {text!r}")
    return value


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
