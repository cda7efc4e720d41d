#!/usr/bin/env bash
# A soak: runs PoolHttp in Thread and then in Process mode (5 workers each) for a set time under mixed load on
# 127.0.0.1 and checks that nothing is lost or leaked. The load, from a fixed set of client threads (8 plus one
# sampler) with a timeout on every exchange: PUT (some chunked) and multipart POST of files of 0 B to 48 MiB with
# known SHA-256, full and ranged GETs (checked byte for byte), HTML and JSON listings (checked against what the
# client stored), DELETEs, concurrent PUTs to a few shared names, clients that send part of a declared
# Content-Length and close (FIN or RST), and slow clients: a head or a body trickled within the timeouts, a head
# stalled past the header timeout (408) and a body stalled past the body timeout (connection closed).
# Every 10 s it samples the server's open file descriptors and RSS (summed over the parent and its children).
# At the end it checks and prints:
#   - no hidden (temporary, .poolhttp-PID-GUID.tmp) file anywhere under the root, while the server runs and after it stops
#   - no descriptor of the server still open on a file under the root once the load is over
#   - every completed upload (201/204) byte-identical on disk (SHA-256; a ledger of what each client stored and
#     deleted), no file that should not be there; each shared name holds one complete version that some client sent
#   - fd count and RSS: first minute against last minute (min/median/max); FLAT when the last minute's median is
#     within 10% (+8 fds, +16 MiB) of the first minute's, GROWING otherwise
#   - statistics: requests.total == succeeded + failed, sum of perWorker totals == total, active == 1 (the stats
#     request itself) once the load is over, and the server's own final count on stop adds up too
#   - every response as the contract says (any other status or a broken exchange is listed and fails the run), and
#     no keep-alive connection closed by the server, unannounced, before its keep-alive timeout (a client sends the
#     request again once on a new connection and the premature close is counted)
# The server runs with --header-timeout 5 --body-timeout 10 --keep-alive-timeout 5 so that the timeouts fire often. Exit code 0 only when
# every check of every mode passed. Everything it starts is stopped by its PID; the temporary root is removed.
#
# Usage: bench/soak.sh [--minutes N] [--mode thread|process|both]     (default: 10 minutes per mode, both modes)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

MINUTES=10 MODES="thread process"
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES=$2; shift 2 ;;
    --mode) case "$2" in thread|process) MODES=$2 ;; both) MODES="thread process" ;;
              *) echo "soak.sh: --mode thread|process|both" >&2; exit 2 ;; esac; shift 2 ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "soak.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$MINUTES" in ''|*[!0-9.]*) echo "soak.sh: --minutes takes a number" >&2; exit 2 ;; esac
HEADER_TIMEOUT=5 BODY_TIMEOUT=10 KEEPALIVE_TIMEOUT=5 WORKERS=5

need() { command -v "$1" >/dev/null || { apt-get update -qq >/dev/null && apt-get install -y -qq "$2" >/dev/null; }; }
need curl curl; need python3 python3

dotnet build -c Release src/PoolHttp.Cli -v q -nologo >/dev/null
DLL=src/PoolHttp.Cli/bin/Release/net8.0/poolhttp.dll
WORK=$(mktemp -d /tmp/poolhttp-soak.XXXXXX)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# The load driver, the sampler and the checks that need the client's ledger: one python3 program, standard library only.
cat > "$WORK/driver.py" <<'PY'
import collections, hashlib, html, http.client, json, os, random, socket, statistics, sys, threading, time, urllib.parse

port, root, seconds = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
header_to, body_to, keepalive_to, server_pid = float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7])
NORMAL, SLOW, NAMES, TIMEOUT, SAMPLE = 6, 2, 10, 60, 10.0
lock = threading.Lock()
counts = collections.Counter()
problems = []
premature = []
durations = collections.defaultdict(list)
stored = collections.Counter()

def store(kind, n):
    with lock: stored[kind] += n

def note(op, ok=True, detail=""):
    with lock:
        counts[op] += 1
        if not ok:
            counts["unexpected"] += 1
            if len(problems) < 40: problems.append(f"{op}: {detail}")

# Payloads: three variants of each size, generated once, with their SHA-256.
SIZES = [0, 1, 1000, 65536, 262151, 1 << 20, 4 << 20, 16 << 20, 48 << 20]
WEIGHTS = [2, 3, 10, 15, 15, 20, 15, 5, 2]
gen = random.Random(20261122)
BLOBS = {s: [gen.randbytes(s) for _ in range(3)] for s in SIZES}
SHA = {(s, v): hashlib.sha256(BLOBS[s][v]).hexdigest() for s in SIZES for v in range(3)}

def pick_blob(rng, current=None, small=False):
    while True:
        s = rng.choices(SIZES[:6] if small else SIZES, WEIGHTS[:6] if small else WEIGHTS)[0]
        v = rng.randrange(3)
        if current is None or SHA[(s, v)] != SHA[current]: return (s, v)

def url(folder, name): return f"/{folder}/" + urllib.parse.quote(name)

def multipart(parts):
    boundary = "soak" + os.urandom(12).hex()
    out = []
    for name, data in parts:
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                   f'Content-Type: application/octet-stream\r\n\r\n'.encode())
        out += [data, b"\r\n"]
    out.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(out)

class Client:
    """One keep-alive connection. A request that finds it closed by the server is sent again once on a new one; when
    the connection had been idle for less than the keep-alive timeout (and its last response did not say
    Connection: close), that close is premature and noted."""
    def __init__(self): self.conn, self.used, self.last, self.last_op = None, False, 0.0, ""
    def close(self):
        if self.conn: self.conn.close()
        self.conn = None
    def request(self, method, path, body=None, headers=None):
        for attempt in (0, 1):
            if self.conn is None:
                self.conn, self.used = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT), False
            try:
                self.conn.request(method, path, body=body() if callable(body) else body, headers=headers or {})
                r = self.conn.getresponse()
                data = r.read()
                if r.will_close: self.close()
                else: self.used, self.last, self.last_op = True, time.monotonic(), f"{method} {len(body) if isinstance(body, bytes) else 'chunked' if body else 0}"
                with lock: counts["exchanges"] += 1
                return r, data
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                reused, idle = self.used, time.monotonic() - self.last
                self.close()
                if attempt == 0 and reused:
                    with lock:
                        counts["keep-alive closed by server, sent again"] += 1
                        if idle < keepalive_to - 1:
                            counts["premature"] += 1
                            if len(premature) < 5: premature.append(f"after {self.last_op} B answered keep-alive, closed within {idle * 1000:.0f} ms")
                    continue
                raise

# Raw sockets for what http.client cannot do: bodies cut short, trickled, stalled.
def raw_head(method, path, length, extra=""):
    return (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {length}\r\n{extra}"
            f"Connection: close\r\n\r\n").encode()

def read_until_closed(s, limit):
    """Reads until the server closes; returns (seconds, bytes) or (None, bytes) when it did not close within limit."""
    t0, data = time.monotonic(), b""
    s.settimeout(limit)
    try:
        while True:
            d = s.recv(65536)
            if not d: break
            data += d
    except ConnectionResetError: pass
    except socket.timeout: return None, data
    return time.monotonic() - t0, data

def status_of(data):
    try: return int(data.split(b" ", 2)[1])
    except Exception: return None

ledgers = {}          # folder -> {name: (size, variant)}: what the server must hold after the load
shared = collections.defaultdict(set)  # shared name -> every SHA-256 a client stored there with 201/204
stop_at = None

def normal_worker(n):
    rng, c, folder = random.Random(n), Client(), f"w{n}"
    names = [f"f{i}{ext}" for i, ext in zip(range(NAMES), [".bin", ".txt", ".dat", ".json", ".bin", ".log", ".bin", ".csv", ".bin", ".bin"])]
    names[9] = "f9 ü space.bin"
    ledger = ledgers[folder] = {}
    try:  # the folder exists from the first file on (deleting files leaves it), so its listing is never a 404
        r, _ = c.request("PUT", url(folder, names[0]), BLOBS[1000][0])
        note("put", r.status == 201, f"{names[0]} {r.status}")
        if r.status == 201: ledger[names[0]] = (1000, 0); store("put", 1)
    except Exception as e: note("put", False, f"{type(e).__name__}: {e}")
    ops = ["put", "post", "get", "range", "list-json", "list-html", "delete", "abort", "shared"]
    weights = [25, 8, 20, 12, 6, 5, 8, 8, 3]
    while time.monotonic() < stop_at:
        op = rng.choices(ops, weights)[0]
        try:
            if op == "put":
                name = rng.choice(names)
                key = pick_blob(rng, ledger.get(name))
                data = BLOBS[key[0]][key[1]]
                chunked = rng.random() < 0.2
                body = (lambda d=data: (d[i:i + 300000] for i in range(0, len(d), 300000))) if chunked else data
                r, _ = c.request("PUT", url(folder, name), body)
                want = 204 if name in ledger else 201
                note("put chunked" if chunked else "put", r.status == want, f"{name} {r.status} want {want}")
                if r.status in (201, 204): ledger[name] = key; store("put", 1)
            elif op == "post":
                chosen = rng.sample([x for x in names if x.isascii()], rng.randint(1, 3))
                keys = {x: pick_blob(rng, ledger.get(x)) for x in chosen}
                ctype, body = multipart([(x, BLOBS[k[0]][k[1]]) for x, k in keys.items()])
                r, data = c.request("POST", f"/{folder}/", body, {"Content-Type": ctype, "Accept": "application/json"})
                ok = r.status == 201 and sorted((e["name"], e["size"]) for e in json.loads(data)) == sorted((x, k[0]) for x, k in keys.items())
                note("post multipart", ok, f"{chosen} {r.status} {data[:200]!r}")
                if r.status == 201: ledger.update(keys); store("multipart part", len(keys))
            elif op == "get":
                if not ledger or rng.random() < 0.1:
                    name = rng.choice([x for x in names if x not in ledger] or names)
                else: name = rng.choice(list(ledger))
                r, data = c.request("GET", url(folder, name))
                if name in ledger:
                    key = ledger[name]
                    note("get", r.status == 200 and hashlib.sha256(data).hexdigest() == SHA[key], f"{name} {r.status} {len(data)} bytes, want {key[0]}")
                else: note("get missing", r.status == 404, f"{name} {r.status}")
            elif op == "range":
                full = [x for x in ledger if ledger[x][0] > 0]
                if not full: continue
                name = rng.choice(full); s, v = ledger[name]; blob = BLOBS[s][v]; p = rng.random()
                if p < 0.05:
                    r, data = c.request("GET", url(folder, name), headers={"Range": f"bytes={s}-"})
                    note("range unsatisfiable", r.status == 416 and r.getheader("Content-Range") == f"bytes */{s}", f"{name} {r.status}")
                    continue
                if p < 0.15: a = s - rng.randint(1, s); b = s - 1; spec = f"-{s - a}"
                else: a = rng.randrange(s); b = rng.randrange(a, s); spec = f"{a}-{b}"
                r, data = c.request("GET", url(folder, name), headers={"Range": f"bytes={spec}"})
                note("range", r.status == 206 and data == blob[a:b + 1] and r.getheader("Content-Range") == f"bytes {a}-{b}/{s}",
                     f"{name} bytes={spec} {r.status} {r.getheader('Content-Range')}")
            elif op == "list-json":
                hdr = {"Accept": "text/html;q=0.5, application/json"} if rng.random() < 0.5 else {}
                r, data = c.request("GET", f"/{folder}/" + ("" if hdr else "?format=json"), headers=hdr)
                got = {(e["name"], e["size"]) for e in json.loads(data) if e["type"] == "file"} if r.status == 200 else None
                note("list json", got == {(x, k[0]) for x, k in ledger.items()}, f"{r.status} {sorted(got or [])} want {sorted(ledger)}")
            elif op == "list-html":
                r, data = c.request("GET", f"/{folder}/", headers={"Accept": "text/html"})
                page = data.decode("utf-8", "replace")
                missing = [x for x in ledger if html.escape(x) not in page and urllib.parse.quote(x) not in page]
                note("list html", r.status == 200 and not missing, f"{r.status} missing {missing}")
            elif op == "delete":
                if ledger and rng.random() < 0.9: name = rng.choice(list(ledger))
                else: name = rng.choice([x for x in names if x not in ledger] or names)
                r, _ = c.request("DELETE", url(folder, name))
                want = 204 if name in ledger else 404
                note("delete" if want == 204 else "delete missing", r.status == want, f"{name} {r.status} want {want}")
                if r.status == 204: ledger.pop(name, None)
            elif op == "abort":
                # Send part of a declared body, then close: the server must store nothing and keep the old version.
                name = rng.choice(names)
                key = pick_blob(rng, ledger.get(name))
                if key[0] < 2: key = (65536, key[1])
                if rng.random() < 0.25:
                    ctype, body = multipart([(name if name.isascii() else "f0.bin", BLOBS[key[0]][key[1]])])
                    head, kind = raw_head("POST", f"/{folder}/", len(body), f"Content-Type: {ctype}\r\n"), "abort multipart"
                else:
                    body = BLOBS[key[0]][key[1]]
                    head, kind = raw_head("PUT", url(folder, name), len(body)), "abort put"
                s = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
                try:
                    s.sendall(head + body[:rng.randrange(len(body))])
                    if rng.random() < 0.5: time.sleep(rng.random() * 0.3)
                    if rng.random() < 0.5:  # RST instead of FIN
                        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                finally: s.close()
                note(kind)
            elif op == "shared":
                name = f"s{rng.randrange(4)}.bin"
                key = pick_blob(rng, small=True)
                r, _ = c.request("PUT", f"/shared/{name}", BLOBS[key[0]][key[1]])
                note("put shared", r.status in (201, 204), f"{name} {r.status}")
                if r.status in (201, 204):
                    with lock: shared[name].add(SHA[key])
                    store("shared", 1)
        except Exception as e:
            c.close()
            note(op, False, f"{type(e).__name__}: {e}")
    c.close()

def slow_worker(n):
    rng, folder = random.Random(100 + n), f"slow{n}"
    ledger = ledgers[folder] = {}
    names = [f"s{i}.bin" for i in range(4)]
    kinds = ["trickle head", "trickle body", "stall body", "trickle head", "trickle body", "stall head"]
    i = 0
    while time.monotonic() < stop_at - (body_to + 5):
        kind = kinds[i % len(kinds)]; i += 1
        name = rng.choice(names)
        key = pick_blob(rng, ledger.get(name))
        if key[0] < 1000: key = (65536, key[1])
        data = BLOBS[key[0]][key[1]]
        s = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        try:
            if kind == "trickle head":  # the whole head within 60% of the header timeout, in 8 pieces
                head = raw_head("PUT", url(folder, name), len(data))
                step = -(-len(head) // 8)
                for k in range(0, len(head), step):
                    s.sendall(head[k:k + step]); time.sleep(header_to * 0.6 / 8)
                s.sendall(data)
                took, resp = read_until_closed(s, TIMEOUT)
                want = 204 if name in ledger else 201
                note(kind, status_of(resp) == want, f"{name} {status_of(resp)} want {want}")
                if status_of(resp) in (201, 204): ledger[name] = key; store("slow", 1)
            elif kind == "trickle body":  # 4 pieces, each pause 30% of the body timeout
                s.sendall(raw_head("PUT", url(folder, name), len(data)))
                step = -(-len(data) // 4)
                for k in range(0, len(data), step):
                    time.sleep(body_to * 0.3); s.sendall(data[k:k + step])
                took, resp = read_until_closed(s, TIMEOUT)
                want = 204 if name in ledger else 201
                note(kind, status_of(resp) == want, f"{name} {status_of(resp)} want {want}")
                if status_of(resp) in (201, 204): ledger[name] = key; store("slow", 1)
            elif kind == "stall body":  # half the body, then nothing: closed after the body timeout, old version kept
                s.sendall(raw_head("PUT", url(folder, name), len(data)) + data[:len(data) // 2])
                took, resp = read_until_closed(s, body_to + 20)
                ok = took is not None and body_to - 0.5 <= took <= body_to + 10 and status_of(resp) in (None, 408)
                note(kind, ok, f"{name} closed after {took} s, answer {resp[:60]!r}")
                with lock: durations["stall body"].append(took)
            else:  # half a head, then nothing: 408 and closed after the header timeout
                s.sendall(f"GET /{folder}/ HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode())
                took, resp = read_until_closed(s, header_to + 20)
                ok = took is not None and header_to - 0.5 <= took <= header_to + 10 and status_of(resp) == 408
                note(kind, ok, f"closed after {took} s, answer {resp[:60]!r}")
                with lock: durations["stall head"].append(took)
        except Exception as e:
            note(kind, False, f"{type(e).__name__}: {e}")
        finally:
            s.close()

def tree(pid):
    pids = [pid]
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid: pids.append(int(d))
            except (OSError, ValueError, IndexError): pass
    return pids

def sample():
    fds = rss = 0
    pids = tree(server_pid)
    for p in pids:
        try:
            fds += len(os.listdir(f"/proc/{p}/fd"))
            with open(f"/proc/{p}/status") as f:
                rss += int(next(l for l in f if l.startswith("VmRSS:")).split()[1])
        except (OSError, StopIteration): pass
    return fds, rss, pids

samples = []
def sampler(start):
    k = 1
    while True:
        t = start + k * SAMPLE
        if t > stop_at + 0.5: return
        time.sleep(max(0, t - time.monotonic()))
        fds, rss, pids = sample()
        samples.append((round(time.monotonic() - start), fds, rss, pids))
        k += 1

def stats():
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("GET", "/.poolhttp/stats"); r = c.getresponse(); j = json.loads(r.read()); c.close()
    return j

# ---- run ----
idle_fds, idle_rss, _ = sample()
start = time.monotonic(); stop_at = start + seconds
threads = [threading.Thread(target=normal_worker, args=(n,)) for n in range(NORMAL)]
threads += [threading.Thread(target=slow_worker, args=(n,)) for n in range(SLOW)]
threads.append(threading.Thread(target=sampler, args=(start,)))
for t in threads: t.start()
for t in threads: t.join(timeout=max(1, stop_at + 3 * TIMEOUT - time.monotonic()))
hung = sum(t.is_alive() for t in threads)
wall = time.monotonic() - start

failed = []
def check(name, ok, text):
    print(f"  {'PASS' if ok else 'FAIL'}  {text}")
    if not ok: failed.append(name)

# Wait until no request but the stats request itself is in progress.
for _ in range(60):
    st = stats()
    if st["requests"]["active"] <= 1: break
    time.sleep(0.5)
time.sleep(1)
st = stats()
after_fds, after_rss, pids = sample()
open_under_root = []
for p in pids:
    try:
        for fd in os.listdir(f"/proc/{p}/fd"):
            try:
                target = os.readlink(f"/proc/{p}/fd/{fd}")
                if target.startswith(root + "/") or target == root: open_under_root.append(f"{p}:{fd}->{target}")
            except OSError: pass
    except OSError: pass

# ---- what the load did ----
ops = {k: v for k, v in counts.items() if k not in ("unexpected", "exchanges", "premature")}
print(f"  load: {wall:.0f} s, {NORMAL} mixed clients + {SLOW} slow clients, {counts['exchanges']} keep-alive exchanges + raw-socket ones")
items = sorted(ops.items())
for k in range(0, len(items), 4):
    print("        " + "   ".join(f"{name} {n}" for name, n in items[k:k + 4]))
for key, v in sorted(durations.items()):
    v = [x for x in v if x is not None]
    if v: print(f"        {key}: server closed the connection after {min(v):.1f}-{max(v):.1f} s")
print(f"  idle before load: {idle_fds} fds, {idle_rss / 1024:.1f} MiB; after the load settled: {after_fds} fds, {after_rss / 1024:.1f} MiB")

# ---- samples ----
print(f"  samples every {SAMPLE:.0f} s (t: fds / RSS MiB):")
for k in range(0, len(samples), 6):
    print("        " + "  ".join(f"{t:>4}s {f:>4} / {r / 1024:6.1f}" for t, f, r, _ in samples[k:k + 6]))
kids = sorted({p for *_, ps in samples for p in ps[1:]})
if len(kids): print(f"        child processes seen: {len(kids)} ({len(kids) - len(samples[0][3][1:])} replaced)")
first = [s for s in samples if s[0] <= 60]
last = [s for s in samples if s[0] > seconds - 60]
def mmm(v): return f"{min(v)}/{statistics.median(v):g}/{max(v)}"
if first and last:
    for label, idx, scale, slack, unit in (("fds", 1, 1, 8, ""), ("RSS", 2, 1024, 16, " MiB")):
        a = [round(s[idx] / scale, 1) if scale > 1 else s[idx] for s in first]; b = [round(s[idx] / scale, 1) if scale > 1 else s[idx] for s in last]
        flat = statistics.median(b) <= statistics.median(a) * 1.10 + slack
        check(label.lower() + " growing", flat, f"{label:<4} first minute min/med/max {mmm(a)}{unit}, last minute {mmm(b)}{unit}: {'FLAT' if flat else 'GROWING'}")
else: check("samples", False, "no samples")

# ---- the disk ----
hidden, extra, bad, missing, verified = [], [], [], [], 0
def few(v): return f" {v[:5]}" if v else ""
def sha_file(p):
    h = hashlib.sha256()
    with open(p, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""): h.update(b)
    return h.hexdigest()
for d, dirs, files in os.walk(root):
    for x in dirs + files:
        if x.startswith("."): hidden.append(os.path.relpath(os.path.join(d, x), root))
for folder, ledger in ledgers.items():
    path = os.path.join(root, folder)
    on_disk = {x for x in os.listdir(path) if not x.startswith(".")} if os.path.isdir(path) else set()
    extra += [f"{folder}/{x}" for x in on_disk - set(ledger)]
    missing += [f"{folder}/{x}" for x in set(ledger) - on_disk]
    for x in on_disk & set(ledger):
        verified += 1
        if sha_file(os.path.join(path, x)) != SHA[ledger[x]]: bad.append(f"{folder}/{x}")
sp = os.path.join(root, "shared")
for x in (os.listdir(sp) if os.path.isdir(sp) else []):
    if x.startswith("."): continue
    verified += 1
    if x not in shared: extra.append(f"shared/{x}")
    elif sha_file(os.path.join(sp, x)) not in shared[x]: bad.append(f"shared/{x}")
extra += [x for x in os.listdir(root) if not x.startswith(".") and x not in ledgers and x != "shared"]
uploads = sum(stored.values())
check("temp files", not hidden, f"hidden/temporary files under the root after the load: {len(hidden)}{few(hidden)}")
check("open files", not open_under_root, f"server descriptors open on files under the root after the load: {len(open_under_root)}{few(open_under_root)}")
check("ledger", not (bad or extra or missing),
      f"{uploads} uploads completed; {verified} files on disk byte-identical to the last version sent: {verified - len(bad)}, "
      f"different {len(bad)}{few(bad)}, missing {len(missing)}{few(missing)}, not expected {len(extra)}{few(extra)}")

# ---- statistics ----
q = st["requests"]; w = st["perWorker"]
ok = (q["total"] == q["succeeded"] + q["failed"] and sum(x["total"] for x in w) == q["total"]
      and sum(x["succeeded"] for x in w) == q["succeeded"] and sum(x["failed"] for x in w) == q["failed"] and q["active"] == 1)
check("stats", ok, f"stats: total {q['total']} = succeeded {q['succeeded']} + failed {q['failed']}; perWorker totals sum to "
      f"{sum(x['total'] for x in w)} over {len(w)} workers; active {q['active']} (the stats request itself)")
print(f"        client: {counts['exchanges']} keep-alive exchanges answered; server: {st['bytesReceived'] / 2**30:.2f} GiB in, {st['bytesSent'] / 2**30:.2f} GiB out")
check("premature close", counts["premature"] == 0, f"keep-alive connections closed by the server within the keep-alive timeout ({keepalive_to:g} s) after a response that kept them open: {counts['premature']}")
for p in premature: print(f"        ! {p}")
check("responses", counts["unexpected"] == 0 and hung == 0, f"unexpected responses or broken exchanges: {counts['unexpected']}; clients still running at the end: {hung}")
for p in problems: print(f"        ! {p}")
with open(os.environ.get("SOAK_STATS_OUT", "/dev/null"), "w") as f: json.dump(q, f)
sys.exit(1 if failed else 0)
PY

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

FAILED=()
run_mode() { # mode
  local mode=$1 root=$WORK/root-$1 port log=$WORK/server-$1.log rc=0 seconds
  mkdir -p "$root"; port=$(free_port)
  seconds=$(awk -v m="$MINUTES" 'BEGIN { print m * 60 }')
  echo
  echo "== $mode mode: $MINUTES min, $WORKERS workers, header/body/keep-alive timeouts $HEADER_TIMEOUT/$BODY_TIMEOUT/$KEEPALIVE_TIMEOUT s, 127.0.0.1:$port =="
  dotnet "$DLL" serve --root "$root" --port "$port" --mode "$mode" --workers $WORKERS --quiet \
    --header-timeout $HEADER_TIMEOUT --body-timeout $BODY_TIMEOUT --keep-alive-timeout $KEEPALIVE_TIMEOUT 2>"$log" &
  SERVER_PID=$!
  for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$port/.poolhttp/health" && break; sleep 0.05; done
  curl -sf -o /dev/null "http://127.0.0.1:$port/.poolhttp/health" || { echo "  FAIL  server did not start"; cat "$log"; FAILED+=("$mode: start"); return; }

  SOAK_STATS_OUT=$WORK/stats-$mode.json python3 "$WORK/driver.py" "$port" "$root" "$seconds" $HEADER_TIMEOUT $BODY_TIMEOUT $KEEPALIVE_TIMEOUT "$SERVER_PID" || rc=$?
  [ $rc = 0 ] || FAILED+=("$mode: load checks")

  # Stop by PID: SIGTERM, then wait (at most 60 s, then SIGKILL and a failure).
  kill -TERM "$SERVER_PID"
  for _ in $(seq 1 600); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "  FAIL  server still running 60 s after SIGTERM; killed"; kill -KILL "$SERVER_PID"; FAILED+=("$mode: stop")
  fi
  wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
  local line; line=$(grep 'PoolHttp stopped:' "$log" || true)
  if [[ $line =~ stopped:\ ([0-9]+)\ requests\ \(([0-9]+)\ succeeded,\ ([0-9]+)\ failed\) ]] &&
     [ "${BASH_REMATCH[1]}" = $((BASH_REMATCH[2] + BASH_REMATCH[3])) ] &&
     [ "${BASH_REMATCH[1]}" -gt "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$WORK/stats-$mode.json" 2>/dev/null || echo 0)" ]; then
    echo "  PASS  on stop the server counted ${BASH_REMATCH[1]} requests = ${BASH_REMATCH[2]} succeeded + ${BASH_REMATCH[3]} failed (more than the stats total: the stats request itself)"
  else
    echo "  FAIL  on stop: '${line:-no final line}'"; FAILED+=("$mode: final count")
  fi
  local left; left=$(find "$root" -name '.*' | wc -l)
  if [ "$left" = 0 ]; then echo "  PASS  hidden/temporary files under the root after the server stopped: 0"
  else echo "  FAIL  hidden/temporary files under the root after the server stopped: $left"; find "$root" -name '.*' | head -5; FAILED+=("$mode: temp after stop"); fi
  grep -v -e '^PoolHttp serving' -e '^PoolHttp stopp' "$log" | head -20 | sed 's/^/  server: /' || true
  rm -rf "$root"
}

echo "PoolHttp soak, $(nproc) cores, $(uname -r), .NET $(dotnet --version), $(date -u +%Y-%m-%dT%H:%MZ); $MINUTES min per mode; loopback only"
for m in $MODES; do run_mode "$m"; done
echo
if [ ${#FAILED[@]} = 0 ]; then echo "SOAK PASSED ($MODES)"; else echo "SOAK FAILED: ${FAILED[*]}"; exit 1; fi
