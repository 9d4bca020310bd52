"""Command line: maps commands to functions. A SitegenError (bad input) becomes its
message and exit status 1; anything else, one line saying what failed and exit status 2,
never a traceback unless ``--debug`` asks for it."""

from __future__ import annotations

import argparse
import gc
import json
import os
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

from . import __version__, cache
from .build import build
from .check import check_site
from .config import load_config, require_site
from .dev import serve, watch
from .errors import SitegenError, unexpected
from .pages import WHOLE, Shard
from .records import describe, explain_sources, site_records
from .report import Reporter
from .scaffold import init_site, new_article


def _site_options(parser: argparse.ArgumentParser, output: bool = True) -> None:
    parser.add_argument(
        "--site",
        type=Path,
        default=Path("."),
        help="site folder (content/, templates/, sitegen.toml); default: here",
    )
    if output:
        parser.add_argument(
            "--output", type=Path, default=None, help="output folder; default: the site's output/"
        )
    parser.add_argument("--base-url", default=None, help="override base_url from sitegen.toml")
    if output:
        parser.add_argument(
            "--cache-dir",
            type=Path,
            default=None,
            help="where to keep the build cache; default: the site's .cache/sitegen",
        )
        parser.add_argument(
            "--no-cache", action="store_true", help="neither read nor write the build cache"
        )
    parser.add_argument("--drafts", action="store_true", default=None, help="publish drafts")
    parser.add_argument(
        "--future", action="store_true", default=None, help="publish future-dated articles"
    )


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="sitegen", description="A static site generator for news.")
    debug = {"action": "store_true", "help": "show the traceback of an unexpected error"}
    root.add_argument("--debug", **debug)
    # Given after the command too; SUPPRESS keeps `sitegen --debug build` from being reset.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", default=argparse.SUPPRESS, **debug)
    root.add_argument("--version", action="version", version=f"sitegen {__version__}")
    commands = root.add_subparsers(dest="command", required=True)

    def command(name: str, **options) -> argparse.ArgumentParser:
        return commands.add_parser(name, parents=[common], **options)  # --debug here too

    build_cmd = command("build", help="build the site into the output folder")
    _site_options(build_cmd)
    build_cmd.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    build_cmd.add_argument(
        "--timings", action="store_true", help="print the seconds spent in each build stage"
    )
    build_cmd.add_argument(
        "--shard",
        type=shard,
        default=WHOLE,
        metavar="K/N",
        help="write only part K of N of the output files (one job of a CI matrix)",
    )
    build_cmd.add_argument(
        "--fetch", action="store_true", help="first fetch the sources that are due (sitegen fetch)"
    )
    fetch_cmd = command("fetch", help="download the feeds and pages of [[sources]] into content/")
    fetch_cmd.add_argument("--site", type=Path, default=Path("."), help="site folder")
    fetch_cmd.add_argument(
        "--force", action="store_true", help="fetch every source, due or not (still conditional)"
    )
    fetch_cmd.add_argument("--build", action="store_true", help="then build the site")
    fetch_cmd.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    serve_cmd = command("serve", help="build, serve with live reload, rebuild on change")
    _site_options(serve_cmd)
    serve_cmd.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)"
    )
    serve_cmd.add_argument("--port", type=int, default=8000, help="port (0: any free port)")
    watch_cmd = command("watch", help="build, then rebuild on every change")
    _site_options(watch_cmd)
    check_cmd = command(
        "check", help="crawl the built site: links, fragments, titles, canonical URLs, feeds"
    )
    check_cmd.add_argument("--site", type=Path, default=Path("."), help="site folder")
    check_cmd.add_argument("--output", type=Path, default=None, help="the built site")
    check_cmd.add_argument(
        "--base-url",
        default=None,
        help="the URL the site will live at (default: the one it was built for)",
    )
    records_cmd = command(
        "records", help="print what the readers found in sources, one JSON object per record"
    )
    records_cmd.add_argument("paths", nargs="*", type=Path, help="source files (default: all)")
    records_cmd.add_argument(
        "--explain",
        action="store_true",
        help="for captured text: each line's label and the items found, instead of records",
    )
    _site_options(records_cmd, output=False)
    init_cmd = command("init", help="start a new site in DIR (default: here)")
    init_cmd.add_argument("dir", nargs="?", type=Path, default=Path("."), help="the new site")
    init_cmd.add_argument(
        "--theme", action="store_true", help="copy the default templates in, to change them"
    )
    new_cmd = command("new", help="write a new article (a draft unless --publish) and say where")
    new_cmd.add_argument("title", help="the article's title (its slug comes from it)")
    new_cmd.add_argument("--site", type=Path, default=Path("."), help="site folder")
    new_cmd.add_argument("--section", default=None, help="file it under this section")
    new_cmd.add_argument("--author", default=None, help="the article's author")
    new_cmd.add_argument("--publish", action="store_true", help="not a draft: publish it")
    return root


def shard(text: str) -> Shard:
    try:
        return Shard.parse(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


CACHE = Path(".cache", "sitegen")  # in the site folder


def cache_dir(args: argparse.Namespace) -> Path | None:
    return None if args.no_cache else (args.cache_dir or args.site / CACHE)


def overrides(args: argparse.Namespace) -> dict:
    return {"base_url": args.base_url, "drafts": args.drafts, "future": args.future}


def check(args: argparse.Namespace) -> int:
    output = args.output or args.site / "output"
    if not output.is_dir():
        raise SitegenError(f"nothing built at {output}: run sitegen build first")
    base_url = args.base_url or cache.built_base_url(output)  # as the build made it
    if base_url is None:
        base_url = load_config(args.site, {"base_url": args.base_url}).base_url
    problems = check_site(output, base_url)
    for problem in problems:
        print(f"{output}/{problem}", file=sys.stderr)
    pages = sum(1 for _ in output.rglob("*.html"))
    print(f"checked {pages} pages: {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command in ("serve", "watch"):
        # Ctrl-C (SIGINT) stops them cleanly even when started by a script that runs its
        # children with SIGINT ignored, as a shell does for background jobs
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        if args.command in ("build", "check", "new", "fetch"):
            require_site(args.site)
        if args.command == "fetch" or (args.command == "build" and args.fetch):
            from .fetch import fetch_sources  # httpx: imported only to fetch

            force = getattr(args, "force", False)
            fetch_sources(
                args.site, load_config(args.site), Reporter(quiet=args.quiet), force=force
            )
        if args.command == "fetch" and args.build:
            build(args.site, reporter=Reporter(quiet=args.quiet), cache_dir=args.site / CACHE)
        if args.command == "build":
            reporter = Reporter(quiet=args.quiet)
            build(
                args.site,
                args.output,
                overrides(args),
                reporter,
                None,
                cache_dir(args),
                timings=args.timings,
                shard=args.shard,
            )
        elif args.command == "serve":
            serve(
                args.site,
                args.output,
                overrides(args),
                args.host,
                args.port,
                Reporter(),
                cache_dir(args),
            )
        elif args.command == "watch":
            watch(args.site, args.output, overrides(args), Reporter(), cache_dir(args))
        elif args.command == "check":
            return check(args)
        elif args.command == "init":
            written = init_site(args.dir, datetime.now(UTC), theme=args.theme)
            for path in written:
                print(path)
            print(f"a new site in {args.dir}: cd there, then sitegen serve", file=sys.stderr)
        elif args.command == "new":
            print(
                new_article(
                    args.site,
                    args.title,
                    section=args.section,
                    author=args.author,
                    draft=not args.publish,
                )
            )
        elif args.command == "records" and args.explain:
            print(explain_sources(args.site, args.paths, overrides(args)))
        elif args.command == "records":
            reporter = Reporter(quiet=True)
            for record in site_records(args.site, args.paths, overrides(args), reporter):
                print(json.dumps(describe(record), ensure_ascii=False))
            return 1 if reporter.errors else 0  # a bad file is said, the others still read
    except SitegenError as err:
        for problem in err.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `sitegen records | head`: the reader stopped listening
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as err:  # a fault of ours or of the machine: one line, not a traceback
        if args.debug:
            raise
        print(f"error: {unexpected(err)}", file=sys.stderr)
        return 2
    return 0


def run() -> None:
    """The ``sitegen`` command: ``main``, then an exit with no garbage collector pass over
    what the build left (the process ends anyway: 40 ms at 10,000 articles)."""
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()
