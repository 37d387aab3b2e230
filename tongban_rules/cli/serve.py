"""``tongban serve``: the decision service over HTTP (see ``tongban_rules.service``).

    tongban serve [RULES] [--host 127.0.0.1] [--port 8080] [--workers N] [--decision-log FILE]
                  [--watch] [--watch-interval SECONDS] [--max-body BYTES] [--http h11|httptools]
    tongban serve --write-openapi FILE

Exit status: 0 stopped, 1 the rules do not load or check, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .options import Command, lang_option, rules_argument


def _positive(kind):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be greater than 0: {text}")
        return value
    return parse


def setup(p: argparse.ArgumentParser) -> None:
    rules_argument(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8080, help="port to listen on (default: 8080)")
    p.add_argument("--workers", type=_positive(int), default=1, help="worker processes (default: 1)")
    p.add_argument("--decision-log", metavar="FILE", type=Path, help="append one JSON line per decision to FILE")
    p.add_argument("--watch", action="store_true", help="reload when the rule files change (SIGHUP always does)")
    p.add_argument("--watch-interval", type=_positive(float), default=1.0, metavar="SECONDS",
                   help="how often --watch looks at the files (default: 1)")
    p.add_argument("--max-body", type=_positive(int), default=None, metavar="BYTES",
                   help="largest request body accepted (default: 1 MiB)")
    p.add_argument("--http", choices=("h11", "httptools"), default="h11",
                   help="HTTP/1.1 parser (default: h11; httptools is faster but drops the body of a request "
                        "that offers an h2c upgrade, as Java's HttpClient does by default)")
    lang_option(p, "language of load diagnostics (default: zh)")
    p.add_argument("--write-openapi", metavar="FILE", help="write the OpenAPI document to FILE and exit")


def run(args: argparse.Namespace) -> int:
    if args.write_openapi:
        from ..service.openapi import document

        Path(args.write_openapi).write_text(json.dumps(document(), ensure_ascii=False, indent=2) + "\n",
                                            encoding="utf-8")
        return 0
    from ..errors import RulesError
    from ..formats.text import format_text
    from ..service.app import MAX_BODY
    from ..service.server import Options, serve

    opts = Options(Path(args.rules), args.host, args.port, args.workers, args.decision_log, args.watch,
                   args.watch_interval, args.max_body or MAX_BODY, http=args.http)
    try:
        serve(opts)
    except RulesError as exc:
        sys.stderr.write(format_text(exc.diagnostics, args.lang))
        return 1
    except OSError as exc:  # the port is taken, the log cannot be opened …
        print(f"tongban serve: {exc}", file=sys.stderr)
        return 1
    return 0


COMMAND = Command(name="serve", help="serve decisions over HTTP (OpenAPI at /openapi.json; SIGHUP reloads the rules)",
                  setup=setup, run=run)
