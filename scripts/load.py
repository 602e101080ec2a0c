"""`make load`: Tandem under load on loopback, with production settings, and what it showed.

    python scripts/stack.py exec -- python scripts/load.py

1. A database of its own, LOAD_DATABASE (default tandem_load), on the server DATABASE_URL
   points at (stack.py's embedded one when unset): migrated, the demo seeded and, with
   LOAD_SCALE=N, the load generator's portfolio at scale N added (seed_demo and generate_load
   run with TANDEM_ENV=development: only development and test settings install devtools). It
   is kept for the next run with the same LOAD_SCALE (LOAD_FRESH=1 rebuilds it); the database
   DATABASE_URL names is never touched.
2. gunicorn (LOAD_WORKERS sync workers, 3 as in the Docker image, and gunicorn.conf.py) serves
   it on 127.0.0.1 with production settings: TANDEM_ENV=production, a random secret key,
   collectstatic and whitenoise, no HTTPS redirect or secure cookies (plain HTTP on loopback),
   plus the probe URL of loadtests/settings.py.
3. Deep pages, timed one request at a time: agreements page 1 against page 2,000 (or the
   deepest there is) as HTML, by API page number and by API cursor.
4. locust, headless: the mixed scenario (LOAD_USERS users for LOAD_SECONDS, started over the
   first LOAD_RAMP_SECONDS), then the ratio,
   alternating the agreements list (50 per page, by cursor) and the constant probe, each in
   its own phase with LOAD_RATIO_USERS users and no think time, LOAD_RATIO_ROUNDS times (4: on
   a shared VM the same request's CPU cost can drift a long way between one phase and the next,
   so one pair of phases can be far off). Each phase starts once the server has finished what
   the one before left queued.
5. test-artifacts/load/: locust's CSVs per phase, every sample, summary.json and summary.txt;
   the summary is printed. Exits 1 if any request failed.

The machine is shared: the summary reports the CPU the server, locust and everything else
(PostgreSQL included) used during each phase, so a disturbed run shows as one.
"""

import json
import os
import resource
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psutil
import psycopg2
import requests
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "load"
BIN = Path(sys.executable).parent
PYTHON = sys.executable
GOAL_P95_MS = 100
GOAL_RATIO = 0.5
GOAL_DEEP = 1.5


def say(message: str) -> None:
    print(f"[load] {message}", flush=True)


def setting(name: str, default: str) -> str:
    return os.environ.get(name) or default


def run(command: list[str], env: dict, **kwargs) -> None:
    subprocess.run(command, env=env, cwd=ROOT, check=True, **kwargs)


# --- 1. The database ------------------------------------------------------------------------


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def prepare_database(server_url: str, name: str, marker: str, fresh: bool) -> bool:
    """Create the load database unless one built for the same scale is there; True if new."""
    connection = psycopg2.connect(with_database(server_url, "postgres"))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name])
        row = cursor.fetchone()
        if row and row[0] == marker and not fresh:
            say(f"reusing database {name} ({marker}); LOAD_FRESH=1 rebuilds it")
            return False
        if row:
            say(f"dropping database {name} ({row[0] or 'not a finished load database'})")
            cursor.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()
    return True


def mark_database(server_url: str, name: str, marker: str) -> None:
    connection = psycopg2.connect(with_database(server_url, "postgres"))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(name), sql.Literal(marker)))
    connection.close()


# --- 2. The server --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env: dict, port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
            "--log-level",
            "warning",
            "--error-logfile",
            str(ARTIFACTS / "gunicorn.log"),
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return server
        except requests.RequestException:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            raise SystemExit(f"gunicorn did not become healthy; see {ARTIFACTS / 'gunicorn.log'}")
        time.sleep(0.3)


def cpu_seconds(process: psutil.Process) -> float:
    total = 0.0
    for each in [process, *process.children(recursive=True)]:
        try:
            times = each.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def wait_until_idle(server: psutil.Process, limit_s: float = 120.0) -> float:
    """Seconds until the server has finished what the last phase left queued (a stopped locust
    does not stop requests already sent), so that the next phase starts on an idle server."""
    started = time.monotonic()
    previous = cpu_seconds(server)
    while time.monotonic() - started < limit_s:
        time.sleep(0.5)
        current = cpu_seconds(server)
        if current - previous < 0.02:
            break
        previous = current
    return round(time.monotonic() - started, 1)


def machine_busy_seconds() -> float:
    times = psutil.cpu_times()
    return sum(times) - times.idle - getattr(times, "iowait", 0.0)


# --- 3. Deep pages --------------------------------------------------------------------------


def time_deep_pages(base: str, fixture: dict, repeats: int) -> dict:
    """Median and p95 of each URL, requests interleaved so that a busy moment hits all alike."""
    deep = fixture["deep"]
    browser = requests.Session()
    browser.cookies.set(fixture["session_cookie"], fixture["sessions"]["staff"][0])
    api = requests.Session()
    api.headers["Authorization"] = f"Token {fixture['token']}"
    html_page, api_page = deep["html_page"], deep["api_page"]
    pairs = {
        "HTML list, 25 per page (offset)": (
            (browser, "/agreements/"),
            (browser, f"/agreements/?page={html_page}"),
            html_page,
        ),
        "API, 50 per page, by page number (offset)": (
            (api, "/api/v1/agreements/?page_size=50"),
            (api, f"/api/v1/agreements/?page_size=50&page={api_page}"),
            api_page,
        ),
        "API, 50 per page, by cursor (keyset)": (
            (api, "/api/v1/agreements/?page_size=50&cursor="),
            (api, f"/api/v1/agreements/?page_size=50&cursor={deep['api_cursor']}"),
            api_page,
        ),
    }
    timings: dict[tuple[str, str], list[float]] = {}
    for round_number in range(repeats + 3):  # the first three warm every worker up
        for label, (first, deeper, _) in pairs.items():
            for which, (session, path) in (("first", first), ("deep", deeper)):
                started = time.perf_counter()
                response = session.get(base + path, allow_redirects=False, timeout=60)
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    raise SystemExit(f"{path} answered {response.status_code}")
                if round_number >= 3:
                    timings.setdefault((label, which), []).append(elapsed)
    result = {}
    for label, (_, _, page) in pairs.items():
        first, deeper = timings[(label, "first")], timings[(label, "deep")]
        result[label] = {
            "deep_page": page,
            "page_1_median_ms": round(percentile(first, 50), 1),
            "deep_median_ms": round(percentile(deeper, 50), 1),
            "page_1_p95_ms": round(percentile(first, 95), 1),
            "deep_p95_ms": round(percentile(deeper, 95), 1),
            "ratio": round(percentile(deeper, 50) / percentile(first, 50), 2),
        }
    return result


# --- 4. locust ------------------------------------------------------------------------------


def run_phase(
    name: str, classes: list[str], users: int, seconds: int, env: dict, base: str, server, *, ramp_seconds: int = 0
) -> dict:
    """One locust run. Users start over `ramp_seconds` (all at once for 0), inside `seconds`."""
    samples = ARTIFACTS / f"samples-{name}.jsonl"
    samples.unlink(missing_ok=True)
    command = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "loadtests" / "locustfile.py"),
        "--headless",
        "--host",
        base,
        "--users",
        str(users),
        "--spawn-rate",
        str(users / ramp_seconds if ramp_seconds else users),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "5",
        "--csv",
        str(ARTIFACTS / name),
        "--only-summary",
        "--loglevel",
        "WARNING",
        *classes,
    ]
    say(f"phase {name}: {users} users of {', '.join(classes)} for {seconds} s")
    load_before = os.getloadavg()[0]
    server_before, busy_before = cpu_seconds(server), machine_busy_seconds()
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    with open(ARTIFACTS / f"locust-{name}.log", "w") as log:
        subprocess.run(command, env={**env, "LOAD_SAMPLES": str(samples)}, cwd=ROOT, stdout=log, stderr=log)
    drained = wait_until_idle(server)
    rows = [json.loads(line) for line in samples.read_text().splitlines()] if samples.exists() else []
    wall = time.monotonic() - started  # the CPU figures below include the drain
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_cpu = cpu_seconds(server) - server_before
    locust_cpu = (children_after.ru_utime + children_after.ru_stime) - (
        children_before.ru_utime + children_before.ru_stime
    )
    busy = machine_busy_seconds() - busy_before
    return {
        "samples": rows,
        "cpu": {
            "wall_s": round(wall, 1),
            "server_s": round(server_cpu, 1),
            "locust_s": round(locust_cpu, 1),
            "others_s": round(max(0.0, busy - server_cpu - locust_cpu), 1),
            "capacity_s": round(wall * psutil.cpu_count(), 1),
            # What a request costs the server whatever else the machine runs (others' load
            # stretches wall times, much less the CPU a request needs).
            "server_ms_per_request": round(server_cpu * 1000 / max(1, len(rows)), 2),
            "load_average_before": round(load_before, 2),
            "drain_s": drained,
        },
    }


# --- 5. The summary -------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """Nearest rank: the value below which p per cent of the samples fall."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def describe(rows: list) -> dict:
    times = [row[2] for row in rows]
    return {
        "requests": len(rows),
        "failures": sum(1 for row in rows if not row[3]),
        "p50_ms": round(percentile(times, 50), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "p99_ms": round(percentile(times, 99), 1),
        "max_ms": round(max(times), 1) if times else None,
    }


def throughput(rows: list, settle_s: float = 2.0) -> tuple[int, float]:
    """Successful requests and seconds, leaving out the first seconds (users starting) and the last."""
    if not rows:
        return 0, 0.0
    start, end = rows[0][0] + settle_s, rows[-1][0] - 0.5
    kept = [row for row in rows if start <= row[0] <= end and row[3]]
    return len(kept), max(0.001, end - start)


def summarize(setup: dict, deep: dict, mixed: dict, ratio_phases: list[tuple[str, dict]]) -> dict:
    rows = mixed["samples"]
    kinds = {}
    for kind in ("page", "api", "export"):
        kinds[kind] = describe([row for row in rows if row[1].startswith(kind + " ")])
    names = sorted({row[1] for row in rows})
    per_name = {name: describe([row for row in rows if row[1] == name]) for name in names}
    totals = {"api": [0, 0.0], "probe": [0, 0.0]}
    ratio_detail = []
    for phase, result in ratio_phases:
        kind = "api" if phase.startswith("ratio-api") else "probe"
        count, seconds = throughput(result["samples"])
        totals[kind][0] += count
        totals[kind][1] += seconds
        ratio_detail.append(
            {
                "phase": phase,
                "requests_per_s": round(count / seconds, 1),
                **describe(result["samples"]),
                "cpu": result["cpu"],
            }
        )
    cost = {kind: [d["cpu"]["server_ms_per_request"] for d in ratio_detail if kind in d["phase"]] for kind in totals}
    cost = {kind: sum(values) / len(values) for kind, values in cost.items() if values}
    api_rps = totals["api"][0] / max(0.001, totals["api"][1])
    probe_rps = totals["probe"][0] / max(0.001, totals["probe"][1])
    failures = sum(d["failures"] for d in kinds.values()) + sum(d["failures"] for d in ratio_detail)
    cursor = deep["API, 50 per page, by cursor (keyset)"]
    return {
        "setup": setup,
        "mixed": {"by_kind": kinds, "by_name": per_name, "cpu": mixed["cpu"]},
        "ratio": {
            "agreements_api_requests_per_s": round(api_rps, 1),
            "constant_probe_requests_per_s": round(probe_rps, 1),
            "ratio": round(api_rps / probe_rps, 2) if probe_rps else None,
            "agreements_api_server_cpu_ms": round(cost["api"], 2),
            "constant_probe_server_cpu_ms": round(cost["probe"], 2),
            "ratio_by_server_cpu": round(cost["probe"] / cost["api"], 2),
            "phases": ratio_detail,
        },
        "deep_pages": deep,
        "goals": {
            "errors": {"measured": failures, "goal": 0, "met": failures == 0},
            "p95 pages (ms)": {
                "measured": kinds["page"]["p95_ms"],
                "goal": f"< {GOAL_P95_MS}",
                "met": kinds["page"]["p95_ms"] < GOAL_P95_MS,
            },
            "p95 API (ms)": {
                "measured": kinds["api"]["p95_ms"],
                "goal": f"< {GOAL_P95_MS}",
                "met": kinds["api"]["p95_ms"] < GOAL_P95_MS,
            },
            "agreements API / constant probe, requests per s": {
                "measured": round(api_rps / probe_rps, 2) if probe_rps else None,
                "goal": f">= {GOAL_RATIO}",
                "met": bool(probe_rps) and api_rps / probe_rps >= GOAL_RATIO,
            },
            # Only where there is a deep page: the demo alone has one page (LOAD_SCALE=1 has 4,000).
            f"API page {cursor['deep_page']} / page 1 (cursor)": {
                "measured": cursor["ratio"] if cursor["deep_page"] > 1 else "n/a",
                "goal": f"<= {GOAL_DEEP}",
                "met": cursor["ratio"] <= GOAL_DEEP if cursor["deep_page"] > 1 else None,
            },
        },
    }


def render(summary: dict) -> str:
    setup, mixed, ratio = summary["setup"], summary["mixed"], summary["ratio"]
    lines = [
        f"Tandem load run, {setup['started']}: {setup['agreements']} agreements (demo"
        + (f" + generate_load --scale {setup['scale']})" if setup["scale"] else ")"),
        f"gunicorn {setup['workers']} sync workers, production settings, on {setup['cpus']} CPUs "
        f"(load average {setup['load_average_before']} before the run)",
        "",
        "Goals:",
    ]
    for name, goal in summary["goals"].items():
        verdict = {True: "met", False: "NOT MET", None: "not measured"}[goal["met"]]
        lines.append(f"  {name:<52} {goal['measured']!s:>8}  goal {goal['goal']:<6} {verdict}")
    cpu = mixed["cpu"]
    lines += [
        "",
        f"Mixed scenario ({setup['users']} users started over {setup.get('ramp_seconds', 0)} s, {setup['seconds']} s; "
        f"CPU s: server {cpu['server_s']}, "
        f"locust {cpu['locust_s']}, others incl. PostgreSQL {cpu['others_s']} of {cpu['capacity_s']}; "
        f"{cpu['server_ms_per_request']} ms server CPU per request):",
        f"  {'kind':<8} {'requests':>8} {'failures':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}",
    ]
    for kind, row in mixed["by_kind"].items():
        lines.append(
            f"  {kind:<8} {row['requests']:>8} {row['failures']:>8} {row['p50_ms']:>8} {row['p95_ms']:>8} "
            f"{row['p99_ms']:>8}"
        )
    lines += ["", "  by request:"]
    for name, row in mixed["by_name"].items():
        lines.append(f"  {name:<62} {row['requests']:>6} {row['p50_ms']:>7} {row['p95_ms']:>7}")
    lines += [
        "",
        f"Ratio ({setup['ratio_users']} users, no think time, {setup['ratio_seconds']} s per phase): agreements "
        f"API {ratio['agreements_api_requests_per_s']} req/s / constant probe {ratio['constant_probe_requests_per_s']}"
        f" req/s = {ratio['ratio']}",
        f"  server CPU per request: constant {ratio['constant_probe_server_cpu_ms']} ms / agreements API "
        f"{ratio['agreements_api_server_cpu_ms']} ms = {ratio['ratio_by_server_cpu']} (less sensitive to others' load)",
    ]
    for phase in ratio["phases"]:
        cpu = phase["cpu"]
        lines.append(
            f"  {phase['phase']:<14} {phase['requests_per_s']:>7} req/s  p95 {phase['p95_ms']:>6} ms  "
            f"{cpu['server_ms_per_request']:>6} ms server CPU/request; CPU s: server {cpu['server_s']}, "
            f"locust {cpu['locust_s']}, others {cpu['others_s']} of {cpu['capacity_s']}"
        )
    lines += ["", "Deep pages (one request at a time; median, p95 in ms):"]
    for label, row in summary["deep_pages"].items():
        lines.append(
            f"  {label:<44} page 1 {row['page_1_median_ms']:>6} ({row['page_1_p95_ms']}), page {row['deep_page']} "
            f"{row['deep_median_ms']:>6} ({row['deep_p95_ms']}): x{row['ratio']}"
        )
    return "\n".join(lines)


def collect_static(manage: list[str], env: dict) -> None:
    """collectstatic compresses every file (minutes on a busy machine): only when static/ changed."""
    manifest = ARTIFACTS / "static" / "staticfiles.json"
    sources = [path for path in (ROOT / "static").rglob("*") if path.is_file()]
    if manifest.exists() and all(path.stat().st_mtime < manifest.stat().st_mtime for path in sources):
        return
    shutil.rmtree(ARTIFACTS / "static", ignore_errors=True)
    say("collecting static files")
    run([*manage, "collectstatic", "--noinput", "-v", "0"], env)


def main() -> int:
    if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
        raise SystemExit("Run through scripts/stack.py exec -- (make load), or set DATABASE_URL and REDIS_URL.")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    scale = os.environ.get("LOAD_SCALE", "")
    name = setting("LOAD_DATABASE", "tandem_load")
    users, seconds = int(setting("LOAD_USERS", "20")), int(setting("LOAD_SECONDS", "60"))
    ramp_seconds = int(setting("LOAD_RAMP_SECONDS", "5"))
    ratio_users, ratio_seconds = int(setting("LOAD_RATIO_USERS", "8")), int(setting("LOAD_RATIO_SECONDS", "15"))
    ratio_rounds, workers = int(setting("LOAD_RATIO_ROUNDS", "4")), int(setting("LOAD_WORKERS", "3"))
    server_url = os.environ["DATABASE_URL"]
    marker = f"tandem load database: demo, scale {scale or 0}"

    env = {
        **os.environ,
        "TANDEM_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "loadtests.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on loopback: no redirect to HTTPS, cookies a plain-HTTP client sends back.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "DATABASE_URL": with_database(server_url, name),
        "MEDIA_ROOT": str(ARTIFACTS / "media"),
        "LOAD_FIXTURE": str(ARTIFACTS / "fixture.json"),
    }
    env.pop("DJANGO_DEBUG", None)
    manage = [PYTHON, str(ROOT / "manage.py")]
    if prepare_database(server_url, name, marker, fresh=os.environ.get("LOAD_FRESH") == "1"):
        # No worker runs during preparation: jobs run inline rather than wait in a queue.
        eager = {**env, "CELERY_TASK_ALWAYS_EAGER": "1"}
        run([*manage, "migrate", "--noinput", "-v", "0"], eager)
        # seed_demo and generate_load live in devtools, which production settings do not install.
        # They run with development settings, so that the server below keeps production's apps
        # exactly; the rows they write are the same under either (devtools has no models, and
        # only tests change the password hasher).
        seeding = {**eager, "TANDEM_ENV": "development", "DJANGO_DEBUG": "false"}
        run([*manage, "seed_demo"], seeding, stdout=subprocess.DEVNULL)
        if scale:
            say(f"adding the load generator's portfolio at scale {scale} (about 90 s at scale 1)")
            run([*manage, "generate_load", "--scale", scale], seeding)
        mark_database(server_url, name, marker)
    else:
        run([*manage, "migrate", "--noinput", "-v", "0"], env)
    collect_static(manage, env)
    run([PYTHON, "-m", "loadtests.prepare", env["LOAD_FIXTURE"]], env)
    fixture = json.loads(Path(env["LOAD_FIXTURE"]).read_text())

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    setup = {
        "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "scale": scale,
        "agreements": fixture["deep"]["agreements"],
        "workers": workers,
        "cpus": psutil.cpu_count(),
        "load_average_before": round(os.getloadavg()[0], 2),
        "users": users,
        "seconds": seconds,
        "ramp_seconds": ramp_seconds,
        "ratio_users": ratio_users,
        "ratio_seconds": ratio_seconds,
    }
    say(f"gunicorn with production settings at {base} ({workers} workers)")
    server = start_server(env, port, workers)
    try:
        process = psutil.Process(server.pid)
        say("timing deep pages")
        deep = time_deep_pages(base, fixture, repeats=int(setting("LOAD_DEEP_REPEATS", "15")))
        # People do not all click in the same second: started together, the users' first
        # requests queued behind each other on the workers, and the first seconds' pages stood
        # out above the p95.
        mixed = run_phase(
            "mixed",
            ["StaffBrowser", "LiaisonReviewer", "ApiClient", "AdminExporter"],
            users,
            seconds,
            env,
            base,
            process,
            ramp_seconds=ramp_seconds,
        )
        ratio_phases = []
        for round_number in range(1, ratio_rounds + 1):
            for kind, user_class in (("api", "ApiPager"), ("probe", "ConstantProbe")):
                phase = f"ratio-{kind}-{round_number}"
                ratio_phases.append(
                    (phase, run_phase(phase, [user_class], ratio_users, ratio_seconds, env, base, process))
                )
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)

    summary = summarize(setup, deep, mixed, ratio_phases)
    (ARTIFACTS / "summary.json").write_text(json.dumps(summary, indent=2))
    text = render(summary)
    (ARTIFACTS / "summary.txt").write_text(text + "\n")
    print(text, flush=True)
    say(f"percentiles and samples in {ARTIFACTS}")
    return 0 if summary["goals"]["errors"]["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
