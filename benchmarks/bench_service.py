"""Throughput and latency of ``tongban serve`` on loopback, against its floor, in one run (issue 13).

* ``floor``  — the same stack (uvicorn + Starlette, the same worker machinery and options)
  answering the same POST with a constant JSON body: the decision of the same request,
  computed once at start (same bytes on the wire, no work per request);
* ``read``   — the same constant answer after reading the request body, as any handler of a
  POST must (reading it costs the stack ~20 us of server CPU a request here);
* ``tiny``   — the same, answering ``{"status":"ok"}`` without reading the body;
* ``single`` — ``POST /v1/items/{id}/decide``, one real decision per request;
* ``batch``  — ``POST /v1/items/{id}/decide-batch`` with ``--batch`` varied cases per request;
* ``bfloor`` — the batch's floor: the same stack reading the batch request and answering its
  decisions as a constant (computed once at start: the same ~0.5 MB on the wire, no work).

Besides wrk's requests/s and latency, the server's own CPU time per request (from /proc) is
reported: on a shared machine it moves much less than requests/s, and floor CPU / single CPU is
the throughput ratio the server would reach with the cores to itself.

Each server runs alone (one after the other, ``--runs`` rounds interleaved), for each worker
count in ``--workers``; the load generator is ``wrk`` (``apt-get install wrk``), one thread with
``--connections`` keep-alive connections: a bounded load, not an overload.  Prints the medians of
requests/s, p50 and p99, and the ratio of ``single`` to each floor; batch as decisions/s.
Usage: ``python benchmarks/bench_service.py [--runs 3] [--duration 5] [--workers 1,2] [--http h11,httptools]``.

The machine is shared and has 2 cores: wrk and the server compete for them; absolute numbers
move with the machine's load, the ratios of the same run much less.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ITEM = "id-card-renewal-replacement"
FACTS = {"reason": "lost", "hukou_region": "500103", "stable_residence": True}
REQUEST = {"facts": FACTS, "region": "510104", "on": "2026-03-02"}
REASONS = ("expiry", "damaged", "lost")
BATCH = 100  # cases a batch request (``--batch``)


def batch_request(n: int) -> dict:
    cases = [{"facts": {"reason": REASONS[i % 3], "hukou_region": ("500103", "510104", "110101")[i % 3],
                        "stable_residence": i % 2 == 0}} for i in range(n)]
    return {"region": "510104", "on": "2026-03-02", "cases": cases}


# ------------------------------------------------------------------ the servers


def floor_app(rules, decision_log, max_body):
    """The floor: the same stack, a constant JSON answer (the decision of REQUEST, made once)."""
    from datetime import date

    import orjson
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route

    snap = rules.current
    data = snap.ruleset.decide(ITEM, FACTS, region=REQUEST["region"], on=date.fromisoformat(REQUEST["on"])).to_dict()
    data["decision_id"] = "00000000-0000-4000-8000-000000000000"
    same, tiny = orjson.dumps(data), orjson.dumps({"status": "ok"})
    ask = batch_request(BATCH)
    many = snap.ruleset.decide_batch(ITEM, [c["facts"] for c in ask["cases"]], region=ask["region"],
                                     on=date.fromisoformat(ask["on"]))
    batch = orjson.dumps({"decisions": [{**d.to_dict(), "decision_id": data["decision_id"]} for d in many]})
    headers = {"x-rules-digest": snap.digest}

    async def constant(request):
        return Response(same, 200, headers, "application/json")

    async def small(request):
        return Response(tiny, 200, headers, "application/json")

    async def read(request):
        await request.body()
        return Response(same, 200, headers, "application/json")

    async def read_batch(request):
        await request.body()
        return Response(batch, 200, headers, "application/json")

    return Starlette(routes=[Route("/floor", constant, methods=["POST"]), Route("/tiny", small, methods=["POST"]),
                             Route("/read", read, methods=["POST"]), Route("/batch", read_batch, methods=["POST"])])


def run_server(kind: str, rules: str, port: int, workers: int, http: str, batch: int) -> None:
    from tongban_rules.service.server import Options, create_app, serve

    global BATCH
    BATCH = batch
    serve(Options(Path(rules), port=port, workers=workers, log_level="warning", http=http,
                  make_app=floor_app if kind == "floor" else create_app))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(kind: str, rules: str, workers: int, http: str, batch: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, __file__, "--serve", kind, "--rules", rules, "--port", str(port),
                             "--workers", str(workers), "--http", http, "--batch", str(batch)],
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if kind == "floor":
                urllib.request.urlopen(f"http://127.0.0.1:{port}/tiny", data=b"{}", timeout=1)
            else:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/health", timeout=1)
            return proc, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"{kind} server did not start")


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()


# ------------------------------------------------------------------ wrk


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of ``pid`` and its worker processes so far."""
    pids, total = [pid], 0.0
    for task in Path(f"/proc/{pid}/task").iterdir():
        pids += [int(c) for c in (task / "children").read_text().split()]
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def wrk(url: str, body: dict, duration: float, connections: int, tmp: Path, pid: int) -> dict:
    script = tmp / "post.lua"
    script.write_text('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                      f"wrk.body = [=[{json.dumps(body, ensure_ascii=False)}]=]\n", encoding="utf-8")
    before = cpu_seconds(pid)
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{duration:g}s", "--latency", "-s", str(script), url],
                         capture_output=True, text=True, check=True).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    if bad or errors:
        raise SystemExit(f"failed requests against {url}:\n{out}")
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "cpu_us": (cpu_seconds(pid) - before) / requests * 1e6,
            "p50": _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),
            "p99": _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))}


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


# ------------------------------------------------------------------ the run


def measure(args, workers: int, http: str, tmp: Path) -> dict[str, dict]:
    out = {}
    proc, port = start("floor", args.rules, workers, http, args.batch)
    try:
        out["floor"] = wrk(f"http://127.0.0.1:{port}/floor", REQUEST, args.duration, args.connections, tmp, proc.pid)
        out["tiny"] = wrk(f"http://127.0.0.1:{port}/tiny", REQUEST, args.duration, args.connections, tmp, proc.pid)
        out["read"] = wrk(f"http://127.0.0.1:{port}/read", REQUEST, args.duration, args.connections, tmp, proc.pid)
        out["bfloor"] = wrk(f"http://127.0.0.1:{port}/batch", batch_request(args.batch), args.duration,
                            args.connections, tmp, proc.pid)
    finally:
        stop(proc)
    proc, port = start("service", args.rules, workers, http, args.batch)
    base = f"http://127.0.0.1:{port}/v1/items/{ITEM}"
    try:
        out["single"] = wrk(base + "/decide", REQUEST, args.duration, args.connections, tmp, proc.pid)
        out["batch"] = wrk(base + "/decide-batch", batch_request(args.batch), args.duration, args.connections, tmp,
                           proc.pid)
    finally:
        stop(proc)
    return out


def report(workers: int, http: str, runs: list[dict], batch: int) -> None:
    med = {k: {m: statistics.median(r[k][m] for r in runs) for m in ("rps", "p50", "p99", "cpu_us")} for k in runs[0]}
    print(f"\n{workers} worker(s), uvicorn --http {http}, medians of {len(runs)} runs")
    for kind, m in med.items():
        extra = f"  = {m['rps'] * batch:,.0f} decisions/s" if kind in ("batch", "bfloor") else ""
        print(f"  {kind:7s} {m['rps']:9,.0f} req/s   p50 {m['p50']:6.2f} ms   p99 {m['p99']:6.2f} ms   "
              f"server CPU {m['cpu_us']:7.1f} us/req{extra}")
    ratios = [r["single"]["rps"] / r["floor"]["rps"] for r in runs]
    tiny = [r["single"]["rps"] / r["tiny"]["rps"] for r in runs]
    print(f"  single / floor (same bytes): {statistics.median(ratios):.2f}x  (runs: "
          f"{', '.join(f'{x:.2f}' for x in ratios)})")
    print(f"  single / tiny floor:         {statistics.median(tiny):.2f}x  (runs: "
          f"{', '.join(f'{x:.2f}' for x in tiny)})")
    read = [r["single"]["rps"] / r["read"]["rps"] for r in runs]
    print(f"  single / floor reading the body: {statistics.median(read):.2f}x  (runs: "
          f"{', '.join(f'{x:.2f}' for x in read)})")
    cpu = [r["floor"]["cpu_us"] / r["single"]["cpu_us"] for r in runs]
    print(f"  by server CPU per request, floor / single: {statistics.median(cpu):.2f}x  (the throughput ratio "
          f"when the server has the cores to itself; runs: {', '.join(f'{x:.2f}' for x in cpu)})")
    print(f"  batch by server CPU: {batch / med['batch']['cpu_us'] * 1e6:,.0f} decisions per CPU-second")
    both = [(r["batch"]["rps"] / r["bfloor"]["rps"], r["bfloor"]["cpu_us"] / r["batch"]["cpu_us"]) for r in runs]
    print(f"  batch / its floor (same bytes): {statistics.median(b[0] for b in both):.2f}x, by server CPU "
          f"{statistics.median(b[1] for b in both):.2f}x  (runs: {', '.join(f'{b[0]:.2f}/{b[1]:.2f}' for b in both)})")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rules", default=str(ROOT / "rules"))
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--duration", type=int, default=5)
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--workers", default="1,2")
    p.add_argument("--batch", type=int, default=100)
    p.add_argument("--http", default="h11", help="uvicorn HTTP parsers to measure, comma-separated (h11,httptools)")
    p.add_argument("--serve", choices=("floor", "service"), help=argparse.SUPPRESS)
    p.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.serve:
        return run_server(args.serve, args.rules, args.port, int(args.workers), args.http, args.batch)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk not found: apt-get install wrk")
    print(f"loopback, wrk 1 thread x {args.connections} connections, {args.duration:g} s per measurement, "
          f"{os.cpu_count()} cores (shared); batch = {args.batch} cases a request")
    with tempfile.TemporaryDirectory() as tmp:
        for http in args.http.split(","):
            for workers in (int(w) for w in args.workers.split(",")):
                before = os.getloadavg()[0]
                runs = [measure(args, workers, http, Path(tmp)) for _ in range(args.runs)]
                report(workers, http, runs, args.batch)
                print(f"  load average (1 min) before / after: {before:.2f} / {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
