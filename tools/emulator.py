"""The local AWS emulator (moto server), on loopback only, tracked by a pid file.

  python -m tools.emulator start   start unless already running; prints its URL
  python -m tools.emulator stop    stop exactly the process in the pid file
  python -m tools.emulator url     print the URL of the running emulator (exit 1 if none)
  python -m tools.emulator serve --port N   run in the foreground (used by start)

EMULATOR_PORT (default 4566) picks the port; EMULATOR_DIR (default .emulator/) holds the pid,
port and log files.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
DEFAULT_PORT = 4566
MOTO_ENV = {"MOTO_IAM_LOAD_MANAGED_POLICIES": "true", "MOTO_ACM_VALIDATION_WAIT": "0"}


class EmulatorError(Exception):
    pass


def answers(url: str, timeout: float = 1.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/moto-api/", timeout=timeout) as response:  # noqa: S310
            return bool(response.status == 200)
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex((HOST, port)) == 0


@dataclass
class Emulator:
    directory: Path
    port: int

    @classmethod
    def from_env(cls) -> Emulator:
        return cls(Path(os.environ.get("EMULATOR_DIR", ROOT / ".emulator")),
                   int(os.environ.get("EMULATOR_PORT", DEFAULT_PORT)))

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def pid_file(self) -> Path:
        return self.directory / "moto.pid"

    @property
    def log_file(self) -> Path:
        return self.directory / "moto.log"

    def pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            return None
        return pid if b"tools.emulator serve" in cmdline else None  # never a recycled pid

    def start(self, timeout: float = 60.0) -> str:
        if self.pid() is not None and answers(self.url):
            return self.url
        if port_in_use(self.port):
            raise EmulatorError(f"port {self.port} on {HOST} is taken by another program; stop it "
                                "or choose another port with EMULATOR_PORT=<port>")
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.log_file, "ab") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "tools.emulator", "serve", "--port", str(self.port)],
                cwd=ROOT, env={**os.environ, **MOTO_ENV}, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )
        self.pid_file.write_text(f"{process.pid} {self.port}\n")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise EmulatorError(f"the emulator exited with status {process.returncode}; "
                                    f"see {self.log_file}")
            if answers(self.url):
                return self.url
            time.sleep(0.2)
        self.stop()
        raise EmulatorError(f"the emulator did not answer on {self.url} within {timeout:.0f} s; "
                            f"see {self.log_file}")

    def stop(self, timeout: float = 15.0) -> bool:
        pid = self.pid()
        self.pid_file.unlink(missing_ok=True)
        if pid is None:
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not Path(f"/proc/{pid}").exists():
                return True
            with contextlib.suppress(ChildProcessError):  # reap it if it is our child
                os.waitpid(pid, os.WNOHANG)
            time.sleep(0.1)
        os.kill(pid, signal.SIGKILL)
        return True


def serve(port: int) -> None:
    from moto.server import main as moto_main

    from tools.moto_patches import apply_all

    print("emulator patches:", ", ".join(apply_all()), flush=True)
    moto_main(["-H", HOST, "-p", str(port)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.emulator")
    parser.add_argument("command", choices=["start", "stop", "url", "serve"])
    parser.add_argument("--port", type=int)
    args = parser.parse_args(argv)
    emulator = Emulator.from_env()
    if args.port:
        emulator.port = args.port
    try:
        if args.command == "serve":
            serve(emulator.port)
        elif args.command == "start":
            print(emulator.start())
        elif args.command == "stop":
            print("emulator stopped" if emulator.stop() else "emulator was not running")
        elif emulator.pid() is not None and answers(emulator.url):
            print(emulator.url)
        else:
            print("the emulator is not running; start it with: make emulator-start",
                  file=sys.stderr)
            return 1
    except EmulatorError as err:
        print(f"emulator: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
