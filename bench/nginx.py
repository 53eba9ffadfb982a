"""nginx for the benchmarks: Debian's package, found or installed, and started on a private folder
with bench/nginx-load.conf (bench/load.py, bench/serving.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from harness.server import ROOT


def installed(command: str, package: str) -> str:
    """The path of a Debian tool the benches drive, installed with apt-get if missing and root."""
    found = shutil.which(command) or next((p for p in (f"/usr/sbin/{command}", f"/usr/bin/{command}") if os.path.exists(p)), None)
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", package], check=True)
        return shutil.which(command) or f"/usr/sbin/{command}"
    sys.exit(f"bench: {command} is not installed. Install Debian's package: sudo apt-get install {package}")


def ensure_nginx() -> str:
    return installed("nginx", "nginx")


def start_nginx(prefix: Path, port: int, app_port: int) -> subprocess.Popen:
    conf = (ROOT / "bench/nginx-load.conf").read_text("utf-8")
    conf = conf.replace("@@PREFIX@@", str(prefix)).replace("@@PORT@@", str(port)).replace("@@APP_PORT@@", str(app_port))
    if os.geteuid() == 0:  # nginx would otherwise drop its workers to `nobody`, who cannot write the private folder
        conf = "user root;\n" + conf
    (prefix / "nginx.conf").write_text(conf, "utf-8")
    process = subprocess.Popen([ensure_nginx(), "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "error.log")])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    sys.exit(f"bench: nginx did not start; see {prefix / 'error.log'}")
