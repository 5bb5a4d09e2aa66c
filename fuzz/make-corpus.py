#!/usr/bin/env python3
"""Regenerates the seed corpus in fuzz/corpus/ from the real fixtures in tests/data/.

The seeds are small on purpose: compact JSON, one file per captured tool output. Run from
anywhere: python3 fuzz/make-corpus.py. Existing seeds of a target are replaced.
"""
import json
import pathlib
import shutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
OUT = ROOT / "fuzz" / "corpus"


def compact(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode()


def write(target, name, data):
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data)


def reset(target):
    shutil.rmtree(OUT / target, ignore_errors=True)


def workers():
    files = sorted((DATA / "gpustack-fixtures" / "workers").glob("*.json"))
    files.append(DATA / "gpustack-fixtures" / "v2" / "worker_unreachable_v2_2.json")
    return [(f.stem, json.loads(f.read_text())) for f in files]


def main():
    ws = workers()
    # A varied dozen: CPU-only, macOS Metal, ROCm, Ascend, mixed vendors, big NVIDIA, v2.
    picks = [w for w in ws if any(k in w[0] for k in ("cpu_1", "metal_1", "rocm_1", "ascend_1", "mix_1",
                                                      "nvidia_0", "H200", "v2_2"))]

    reset("workerjson")
    for name, w in picks:
        write("workerjson", name + ".json", compact(w))
    write("workerjson", "page.json", compact({"items": [picks[0][1], picks[-1][1]],
                                              "pagination": {"page": 1, "perPage": 100, "total": 2,
                                                             "totalPage": 1}}))

    # Numbers beyond what a field holds (issue 21 item 9): unknown, never converted. JSON has no
    # inf or nan, but a number sent as a string reads as one ("inf", "nan").
    def numbers(v):
        gpu = {"index": v, "device_index": v, "core": {"total": v, "utilization_rate": v},
               "memory": {"total": v, "used": v, "utilization_rate": v}, "temperature": v, "power": v}
        return {"id": v, "port": v, "metrics_port": v, "cluster_id": v, "worker_pool_id": v,
                "status": {"cpu": {"total": v, "utilization_rate": v}, "memory": {"total": v, "used": v},
                           "uptime": {"uptime": v}, "gpu_devices": [gpu, gpu],
                           "filesystem": [{"total": v, "used": v}]}}
    extremes = [numbers(v) for v in (1e300, -1e300, 8.9e18, 9.3e18, 4294977446, "inf", "-inf", "nan", "1e400")]
    for w in extremes:
        w["id"] = 1 if isinstance(w["id"], str) or abs(w["id"]) > 9e18 else w["id"]
    extremes.append(numbers(1e300))  # and one whose id is 1e300 itself
    write("workerjson", "extreme-numbers.json", compact({"items": extremes, "pagination": {
        "page": 1e300, "perPage": -1e300, "total": 1e300, "totalPage": 1e300}}))

    # Watch stream: the first byte picks the read sizes (fuzz_watchframes.cpp).
    reset("watchframes")
    v2 = dict(ws)["worker_unreachable_v2_2"]
    created = compact({"type": 1, "data": picks[0][1]})
    updated = compact({"type": 2, "data": v2, "changed_fields": {"state": ["ready", "unreachable"]},
                       "id": v2["id"]})
    deleted = compact({"type": 3, "data": {"id": 7}, "id": 7})
    write("watchframes", "replay-then-update", b"\x01" + created + b"\n\n" + updated + b"\n\n")
    write("watchframes", "keepalive-delete", b"\x07" + b"\n\n\n\n" + deleted + b"\n\n\n\n")
    write("watchframes", "crlf-proxy", b"\x2a" + updated.replace(b",", b",\r\n", 1) + b"\r\n\r\n")
    write("watchframes", "extreme-ids", b"\x05" + b"".join(
        compact(e) + b"\n\n" for e in ({"type": 3, "data": {"id": 1e300}}, {"type": 3, "data": {}, "id": -1e300},
                                       {"type": 3, "data": {"id": 9.3e18}},
                                       {"type": 2, "data": numbers(1e300)}, {"type": 1, "data": numbers("inf")})))
    write("watchframes", "sse-data-prefix", b"\x63" + b"data: " + deleted + b"\n\n" + b"data: " + updated[:40])

    # Health answers: the first byte picks the read sizes (fuzz_healthresponse.cpp).
    reset("healthresponse")
    date = b"date: Sat, 21 Aug 2026 07:47:45 GMT\r\n"
    answers = {
        "gpustack-ok": b"HTTP/1.1 200 OK\r\n" + date + b"server: uvicorn\r\ncontent-length: 4\r\n"
                       b"content-type: application/json\r\n\r\n\"ok\"",
        "chunked": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;x=y\r\n\"o\r\n2\r\nk\"\r\n0\r\n\r\n",
        "close-delimited": b"HTTP/1.0 200 OK\nDate: Sunday, 06-Nov-94 08:49:37 GMT\n\nok",
        "503-html": b"HTTP/1.1 503 Service Unavailable\r\nDate: Sun Nov  6 08:49:37 1994\r\n"
                    b"Content-Length: 19\r\n\r\n<h1>maintenance</h1>",
        "204": b"HTTP/1.1 204 No Content\r\n\r\n",
        "not-http": b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n",
    }
    for i, (name, a) in enumerate(answers.items()):
        write("healthresponse", name, bytes([i * 37 % 256]) + a)

    reset("scenario")
    for f in sorted((ROOT / "resources" / "scenarios").glob("*.json")):
        write("scenario", f.name, f.read_bytes())

    # Paste-back parsers: the captured outputs, verbatim (tests/data/tool-outputs/README.md).
    pastes = {
        "paste_connectivity": ["curl", "nc", "telnet"],
        "paste_proxyenv": ["env-proxy"],
        "paste_firewall": ["firewall-cmd", "ufw", "iptables", "nft"],
        "paste_docker": ["docker"],
        "paste_ip": ["ip"],
        "paste_timedatectl": ["timedatectl"],
    }
    for target, dirs in pastes.items():
        reset(target)
        for d in dirs:
            for f in sorted((DATA / "tool-outputs" / d).glob("*.txt")):
                write(target, d + "-" + f.name, f.read_bytes())


if __name__ == "__main__":
    main()
