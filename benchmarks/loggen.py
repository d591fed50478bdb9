"""A deterministic generator of realistic mixed service logs, with the true error counts.

    python benchmarks/loggen.py OUT.log --size 1G [--seed 7] [--error-rate 0.005]

Writes OUT.log (nginx access and error logs, Python, Java, Node.js and Go services,
systemd-style lines, multi-line Python tracebacks) and OUT.log.truth.json: for each
concept the number of lines that carry that error. A traceback carries its error on
one line (its last), so for this generator a count of lines is also a count of events.
About --error-rate of the lines are errors; many clean lines look like errors to a
naive grep ("connection established", "reset password", "timeout=30"). Every line has
its own timestamp (one millisecond apart) and every error line its own addresses and
ids, as in real logs: a scanner cannot get faster by remembering whole lines.
"""

from __future__ import annotations

import argparse
import json
import random
import sys

# (concept, template): {h} host, {p} port, {ip} address, {n} number, {t} timestamp
ERRORS: list[tuple[str, str]] = [
    ("ECONNRESET", "{t} ERROR api ConnectionResetError: [Errno 104] Connection reset by peer"),
    ("ECONNRESET", "{t} [error] 31#31: *{n} recv() failed (104: Connection reset by peer) "
                   "while reading response header from upstream, client: {ip}"),
    ("ECONNRESET", "{t} WARN worker read tcp {ip}:{p}->{ip}:6379: read: connection reset by peer"),
    ("ECONNRESET", "{t} ERROR java.net.SocketException: Connection reset"),
    ("ECONNRESET", "{t} ERROR Error: socket hang up"),
    ("ECONNREFUSED", "{t} [error] 31#31: *{n} connect() failed (111: Connection refused) while "
                     "connecting to upstream, client: {ip}, server: {h}"),
    ("ECONNREFUSED", "{t} ERROR Error: connect ECONNREFUSED {ip}:{p}"),
    ("ECONNREFUSED", "{t} ERROR dial tcp {ip}:5432: connect: connection refused"),
    ("ECONNREFUSED", "{t} ERROR redis.exceptions.ConnectionError: Error 111 connecting to "
                     "{h}:6379. Connection refused."),
    ("ETIMEDOUT", "{t} [error] 31#31: *{n} upstream timed out (110: Connection timed out) while "
                  "reading response header from upstream, client: {ip}"),
    ("ETIMEDOUT", "{t} ERROR java.net.ConnectException: Connection timed out (Connection timed "
                  "out)"),
    ("ETIMEDOUT+lib", "{t} ERROR java.net.SocketTimeoutException: Read timed out"),
    ("ETIMEDOUT+lib", "{t} WARN client: Get \"http://{h}:{p}/v1\": dial tcp {ip}:{p}: "
                      "i/o timeout"),
    ("ETIMEDOUT+lib", "{t} ERROR socket.timeout: timed out"),
    ("EPIPE", "{t} ERROR BrokenPipeError: [Errno 32] Broken pipe"),
    ("EPIPE", "{t} ERROR write tcp {ip}:{p}->{ip}:443: write: broken pipe"),
    ("EAI_NONAME", "{t} ERROR socket.gaierror: [Errno -2] Name or service not known"),
    ("EAI_NONAME", "{t} ERROR Error: getaddrinfo ENOTFOUND {h}"),
    ("EAI_NONAME", "{t} ERROR dial tcp: lookup {h} on 127.0.0.53:53: no such host"),
    ("EAI_AGAIN", "{t} ERROR socket.gaierror: [Errno -3] Temporary failure in name resolution"),
    ("EADDRINUSE", "{t} FATAL OSError: [Errno 98] Address already in use"),
    ("EADDRINUSE", "{t} ERROR Error: listen EADDRINUSE: address already in use :::{p}"),
    ("EMFILE", "{t} ERROR http: Accept error: accept tcp [::]:{p}: accept4: too many open files; "
               "retrying in 5ms"),
    ("EHOSTUNREACH", "{t} ERROR java.net.NoRouteToHostException: No route to host (Host "
                     "unreachable)"),
    ("ENETUNREACH", "{t} ERROR OSError: [Errno 101] Network is unreachable"),
    ("ECONNABORTED", "{t} ERROR ConnectionAbortedError: [WinError 10053] An established "
                     "connection was aborted by the software in your host machine"),
    ("ECONNRESET", "{t} ERROR ConnectionResetError: [WinError 10054] 远程主机强迫关闭了一个现有的"
                   "连接。"),
    ("ECONNREFUSED", "{t} ERROR System.Net.Sockets.SocketException (10061): No connection could "
                     "be made because the target machine actively refused it."),
]

TRACEBACK = [
    "Traceback (most recent call last):",
    '  File "/srv/app/client.py", line {n}, in fetch',
    "    response = session.get(url, timeout=5)",
    '  File "/usr/lib/python3/dist-packages/urllib3/connectionpool.py", line 703, in urlopen',
    "    conn.request(method, url, **httplib_request_kw)",
]

CLEAN = [
    '{ip} - - [02/Mar/2024:10:11:12 +0000] "GET /api/v1/items/{n} HTTP/1.1" 200 {n} "-" '
    '"curl/8.5.0"',
    '{ip} - - [02/Mar/2024:10:11:12 +0000] "POST /login HTTP/1.1" 302 0 "-" "Mozilla/5.0"',
    "{t} INFO api request served path=/api/v1/items status=200 duration={n}ms",
    "{t} INFO db connection established to {h}:5432 (pool size 10)",
    "{t} INFO auth user requested password reset for account {n}",
    "{t} DEBUG http client configured timeout=30 keepalive=true",
    "{t} INFO worker closed {n} idle connections",
    "{t} WARN retrying in 5s (attempt 2 of 5)",
    "{t} INFO Connection: keep-alive header set for {h}",
    "{t} INFO GET /health 200 1ms",
    "{t} INFO scheduler picked job {n} from queue default",
    "{t} DEBUG cache miss key=user:{n} latency={n}us",
    "{t} INFO tls handshake completed with {h} in {n}ms",
    "{t} INFO service started on port {p}",
    "{t} WARN slow query took {n}ms: SELECT * FROM orders WHERE id = {n}",
    "{t} INFO error budget 99.9% ok for {h}",
]

HOSTS = ["db-primary.internal", "cache-1.internal", "api.example.com", "auth.svc.cluster.local",
         "payments.example.net", "queue-2.internal"]


def _fill(template: str, rng: random.Random, stamp: str) -> str:
    return template.format(
        t=stamp,
        h=rng.choice(HOSTS),
        p=rng.choice((80, 443, 5432, 6379, 8080, 9000, 3000)),
        ip=f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
        n=rng.randrange(1, 100000),
    )


class _Clock:
    """ISO timestamps one millisecond apart, one per line: no two lines are alike."""

    def __init__(self) -> None:
        self.tick = 0
        self.second = -1
        self.prefix = ""

    def next(self) -> str:
        second, millis = divmod(self.tick, 1000)
        self.tick += 1
        if second != self.second:
            self.second = second
            hours, rest = divmod(second, 3600)
            self.prefix = (f"2024-03-{2 + hours // 24:02d}T{hours % 24:02d}:"
                           f"{rest // 60:02d}:{rest % 60:02d}.")
        return f"{self.prefix}{millis:03d}Z"


def parse_size(text: str) -> int:
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = text.strip().upper()
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def generate(out: str, size: int, seed: int, error_rate: float) -> dict[str, object]:
    rng = random.Random(seed)
    clock = _Clock()
    # Clean lines come from a pool (rendered once, stamped per line); every error line is
    # rendered afresh with its own addresses, ports and ids, so no two error lines are alike.
    clean_pool = [_fill(rng.choice(CLEAN), rng, "{t}").split("{t}") for _ in range(20000)]
    truth: dict[str, int] = {}
    written = lines = 0
    with open(out, "w", encoding="utf-8", newline="\n") as handle:
        buffer: list[str] = []
        while written < size:
            if rng.random() < error_rate:
                concept, template = ERRORS[rng.randrange(len(ERRORS))]
                if concept == "ECONNRESET" and rng.random() < 0.2:
                    # A traceback: five clean lines, then the error on the last one.
                    for part in TRACEBACK:
                        buffer.append(part.replace("{n}", str(rng.randrange(1, 900))))
                        lines += 1
                truth[concept] = truth.get(concept, 0) + 1
                line = _fill(template, rng, clock.next())
            else:
                line = clock.next().join(clean_pool[rng.randrange(len(clean_pool))])
            buffer.append(line)
            lines += 1
            if len(buffer) >= 4096:
                chunk = "\n".join(buffer) + "\n"
                handle.write(chunk)
                written += len(chunk.encode("utf-8"))
                buffer = []
        if buffer:
            chunk = "\n".join(buffer) + "\n"
            handle.write(chunk)
            written += len(chunk.encode("utf-8"))
    result = {"file": out, "bytes": written, "lines": lines, "seed": seed, "counts": "lines",
              "truth": dict(sorted(truth.items()))}
    with open(out + ".truth.json", "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=2)
    return result


def error_literals() -> list[str]:
    """Fixed strings that find every error line of this generator (for grep-like tools)."""
    return [
        "Connection reset by peer", "connection reset by peer", "SocketException: Connection reset",
        "socket hang up", "Connection refused", "ECONNREFUSED", "connection refused",
        "Connection timed out", "SocketTimeoutException", "i/o timeout", "timed out",
        "Broken pipe", "broken pipe", "Name or service not known", "ENOTFOUND", "no such host",
        "Temporary failure in name resolution", "Address already in use", "EADDRINUSE",
        "too many open files", "No route to host", "Network is unreachable", "WinError 10053",
        "WinError 10054", "SocketException (10061)", "远程主机强迫关闭",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--size", default="100M")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--error-rate", type=float, default=0.005)
    args = parser.parse_args()
    result = generate(args.out, parse_size(args.size), args.seed, args.error_rate)
    json.dump(result, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
