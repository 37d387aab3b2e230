"""Running the service: uvicorn, one process or a small supervisor of worker processes.

With one worker everything runs in this process.  With ``N > 1`` this process binds the socket,
forks ``N`` workers that share it (the kernel spreads connections) and supervises them: a
worker that dies is replaced, ``SIGHUP`` is passed on to every worker, ``SIGTERM``/``SIGINT``
stop them gracefully.  Each worker holds its own ``Rules`` and reloads by itself; the rules are
loaded once here before the fork, so a worker starts serving at once.  ``--watch`` runs in this
process and turns a change into a ``SIGHUP`` for the workers (or a reload, with one worker).
"""

from __future__ import annotations

import gc
import logging
import multiprocessing as mp
import os
import signal
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from .app import MAX_BODY, create_app
from .decisionlog import DecisionLog
from .state import Rules, build
from .watch import Watcher

log = logging.getLogger("tongban.service")


@dataclass(frozen=True)
class Options:
    rules: Path
    host: str = "127.0.0.1"
    port: int = 8080
    workers: int = 1
    decision_log: Path | None = None
    watch: bool = False
    watch_interval: float = 1.0
    max_body: int = MAX_BODY
    log_level: str = "info"
    #: uvicorn's HTTP/1.1 parser.  h11 by default: with httptools a request offering an h2c
    #: upgrade (every stock Java HttpClient does) reaches the app with an empty body
    #: (uvicorn issue 2722); httptools is faster, for clients behind a proxy that never offers it
    http: str = "h11"
    #: (rules, decision log, max body) -> ASGI app; the benchmark's floor runs on the same stack
    make_app: Callable = create_app


def serve(opts: Options) -> None:
    """Load (raises ``RulesError``), then serve until stopped."""
    logging.basicConfig(level=opts.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    rules = Rules(opts.rules, build(opts.rules))
    gc.freeze()  # the rule set lives as long as the process: the collector need not walk it
    gc.enable()  # a long-running server must collect its cycles (the tongban program starts without)
    log.info("serving %s (%d items) on http://%s:%d with %d worker(s)", rules.current.digest[:12],
             len(rules.current.ruleset.items), opts.host, opts.port, opts.workers)
    config = uvicorn.Config(app=None, host=opts.host, port=opts.port, log_level=opts.log_level, http=opts.http,  # type: ignore[arg-type]
                            access_log=False, lifespan="off", server_header=False,
                            proxy_headers=False)
    if opts.workers <= 1:
        if opts.watch:
            Watcher(opts.rules, rules.request_reload, opts.watch_interval).start()
        _worker(rules, opts, config, None)
        return
    sock = config.bind_socket()
    Supervisor(rules, opts, config, sock).run()


def _worker(rules: Rules, opts: Options, config: uvicorn.Config, sock: socket.socket | None,
            fresh: bool = False) -> None:
    signal.signal(signal.SIGHUP, rules.request_reload)
    rules.start()
    if fresh:  # a replacement worker: the others may have reloaded since the rules were loaded
        rules.request_reload()
    decision_log = DecisionLog(opts.decision_log) if opts.decision_log else None
    config.app = opts.make_app(rules, decision_log, max_body=opts.max_body)
    config.loaded = False
    uvicorn.Server(config).run(sockets=[sock] if sock is not None else None)


class Supervisor:
    """Forks the workers, passes ``SIGHUP`` on, replaces a worker that died, stops them all."""

    def __init__(self, rules: Rules, opts: Options, config: uvicorn.Config, sock: socket.socket):
        self.rules, self.opts, self.config, self.sock = rules, opts, config, sock
        self.procs: list[mp.process.BaseProcess] = []
        self.stopping = False

    def _spawn(self, fresh: bool = False) -> mp.process.BaseProcess:
        args = (self.rules, self.opts, self.config, self.sock, fresh)
        proc = mp.get_context("fork").Process(target=_worker, args=args, name="tongban-worker")
        proc.start()
        return proc

    def hup(self, *_: object) -> None:
        for proc in self.procs:
            if proc.pid is not None and proc.is_alive():
                os.kill(proc.pid, signal.SIGHUP)

    def stop(self, *_: object) -> None:
        self.stopping = True

    def run(self) -> None:
        signal.signal(signal.SIGHUP, self.hup)
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        self.procs = [self._spawn() for _ in range(self.opts.workers)]
        if self.opts.watch:
            Watcher(self.opts.rules, lambda: os.kill(os.getpid(), signal.SIGHUP), self.opts.watch_interval).start()
        while not self.stopping:
            time.sleep(0.2)
            for i, proc in enumerate(self.procs):
                if not proc.is_alive() and not self.stopping:
                    log.warning("worker %s exited (%s); starting another", proc.pid, proc.exitcode)
                    self.procs[i] = self._spawn(fresh=True)
        for proc in self.procs:
            if proc.is_alive():
                proc.terminate()  # SIGTERM: uvicorn finishes the requests in flight, then exits
        for proc in self.procs:
            proc.join(30)
        self.sock.close()
