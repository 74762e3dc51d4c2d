#!/usr/bin/env python
"""Benchmark the fetch layer: N documents from five local servers that answer after 50 ms.

Servers listen on 127.0.0.2 … 127.0.0.6 (in this process); each measurement runs the
client in a fresh child process so that its memory figures are its own:

- wall time for 500 documents at a per-host limit of 4, against the ideal
  500 / (5 hosts × 4) × 50 ms = 1.25 s (robots.txt, one per host, also takes 50 ms);
- peak memory at 100, 500 and 2,000 documents, twice: tracemalloc's peak of
  Python allocations (in a run of its own, since tracing slows the client), and
  ru_maxrss of the child process (the whole resident set, interpreter included).

Every response is archived (gzip WARC, fsync per pair) exactly as in production;
BENCH_NO_FSYNC=1 skips the fsync, to see what it costs.
Run: .venv/bin/python bench/fetch.py  [--docs 500] [--hosts 5] [--limit 4] [--delay 0.05]
     [--runs 5]  (the wall time is the median and range of the runs, not the best)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HOSTS = [f"127.0.0.{i}" for i in range(2, 12)]
WORKERS_PER_SLOT = 2  # queue workers per concurrency slot: enough to keep every slot busy


def page(path: str) -> bytes:
    n = sum(path.encode())
    paras = "".join(f"<p>Paragraph {i} of document {path}: figure {n * i % 9973}.</p>"
                    for i in range(60))
    return f"<html><head><title>Doc {path}</title></head><body>{paras}</body></html>".encode()


def serve(hosts: list[str], delay: float) -> list[ThreadingHTTPServer]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes; without this, Nagle's algorithm and
        # delayed ACKs add ~40 ms to every keep-alive response.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            time.sleep(delay)
            if self.path == "/robots.txt":
                body, status = b"User-agent: *\nAllow: /\n", 200
            else:
                body, status = page(self.path), 200
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    servers = []
    for host in hosts:
        httpd = ThreadingHTTPServer((host, 0), Handler)
        httpd.daemon_threads = True
        httpd.request_queue_size = 128
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
    return servers


async def client(urls: list[str], limit: int, hosts: int, archive_dir: str) -> dict:
    from verify.fetch import Archive, FetchPolicy, HttpFetcher

    policy = FetchPolicy(per_host_concurrency=limit, per_host_rate=None,
                         allowed_networks=("127.0.0.0/8",), retries=0)
    archive = Archive(archive_dir, fsync=not os.environ.get("BENCH_NO_FSYNC"))
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    statuses: dict[str, int] = {}

    async def worker(http: HttpFetcher) -> None:
        while not queue.empty():
            url = queue.get_nowait()
            fetched = await http.get(url)
            statuses[fetched.status] = statuses.get(fetched.status, 0) + 1
            del fetched  # results keep no bodies: the archive has them

    started = time.perf_counter()
    async with HttpFetcher(policy, archive) as http:
        await asyncio.gather(*(worker(http) for _ in range(limit * hosts * WORKERS_PER_SLOT)))
    wall = time.perf_counter() - started
    archive.close()
    return {"wall": wall, "statuses": statuses}


def child(args: argparse.Namespace) -> None:
    ports = json.loads(args.ports)
    urls = [f"http://{host}:{port}/doc/{i}" for i in range(args.docs)
            for host, port in [ports[i % len(ports)]]]
    with tempfile.TemporaryDirectory() as tmp:
        if args.trace:
            tracemalloc.start()
        result = asyncio.run(client(urls, args.limit, len(ports), tmp))
        if args.trace:
            result["traced_peak"] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        result["archive_bytes"] = sum(p.stat().st_size for p in Path(tmp).rglob("*.warc.gz"))
    result["maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    print(json.dumps(result))


def run_child(ports: list, docs: int, limit: int, trace: bool) -> dict:
    cmd = [sys.executable, __file__, "--child", "--ports", json.dumps(ports),
           "--docs", str(docs), "--limit", str(limit)] + (["--trace"] if trace else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--hosts", type=int, default=5)
    parser.add_argument("--limit", type=int, default=4)
    parser.add_argument("--delay", type=float, default=0.05)
    parser.add_argument("--runs", type=int, default=5, help="timed runs (median and range)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--ports", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    servers = serve(HOSTS[:args.hosts], args.delay)
    ports = [list(s.server_address[:2]) for s in servers]
    ideal = args.docs / (args.hosts * args.limit) * args.delay
    print(f"load before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    timed = [run_child(ports, args.docs, args.limit, trace=False) for _ in range(args.runs)]
    walls = sorted(r["wall"] for r in timed)
    med = statistics.median(walls)
    runs = ", ".join(f"{r['wall']:.3f}" for r in timed)
    print(f"fetch bench: {args.docs} docs, {args.hosts} hosts, per-host limit {args.limit}, "
          f"server delay {args.delay * 1000:.0f} ms")
    print(f"  wall time   median of {args.runs} {med:.3f} s (range {walls[0]:.3f}-"
          f"{walls[-1]:.3f}; runs: {runs}); ideal {ideal:.3f} s; "
          f"ratio {med / ideal:.2f}x (target <= 1.5x)")
    first = timed[0]
    print(f"  statuses    {first['statuses']}; archive {first['archive_bytes'] / 1024:.0f} KiB")
    print("  memory      docs   tracemalloc peak   ru_maxrss (child process)")
    for docs in (100, 500, 2000):
        traced = run_child(ports, docs, args.limit, trace=True)
        plain = run_child(ports, docs, args.limit, trace=False)
        print(f"              {docs:>5}   {traced['traced_peak'] / 2**20:9.2f} MiB"
              f"      {plain['maxrss'] / 2**20:9.1f} MiB")
    print(f"load after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for s in servers:
        s.shutdown()


if __name__ == "__main__":
    main()
