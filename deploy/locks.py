"""The requirement locks (requirements.txt, requirements-dev.txt): what they pin, and whether a
virtual environment holds it.

`make run` and `make test` ask this script before they start anything: a venv is in step with a
lock when its stamp holds the lock's SHA-256 (written after the last complete install) and every
package the lock pins for this interpreter is installed at its version. Anything else (a changed
lock, a package removed by hand, a stamp left by an install that failed) and they install the lock
again. It runs with the venv's own Python before the packages are there, so it uses the standard
library alone, and `packaging` (which both locks pin) only when it is installed.

    python deploy/locks.py check LOCK STAMP   # exit 0 if the venv is in step, else 1 with one line why
    python deploy/locks.py stamp LOCK STAMP   # after a complete install
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


@dataclass(frozen=True)
class Pin:
    """One package of a lock: its normalised name, exact version, environment marker ('' if none) and hashes."""

    name: str
    version: str
    marker: str
    hashes: frozenset[str]


def normalise(name: str) -> str:
    """A distribution name as PEP 503 compares them (Flask, flask, zope.event and zope-event)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(path: Path) -> dict[str, Pin]:
    """Every pin of a lock compiled with hashes, by normalised name."""
    pins: dict[str, Pin] = {}
    name = None
    for line in Path(path).read_text("utf-8").splitlines():
        stripped = line.strip()
        match = PIN.match(line)
        if match:
            name = normalise(match.group(1))
            pins[name] = Pin(name, match.group(2), (match.group(3) or "").strip(), frozenset())
        elif stripped.startswith("--hash=") and name:
            pin = pins[name]
            pins[name] = Pin(pin.name, pin.version, pin.marker, pin.hashes | {stripped.removeprefix("--hash=").rstrip(" \\")})
        elif not stripped.startswith("#"):
            name = None
    return pins


def lock_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def applies(marker: str) -> bool:
    """Whether a pin's environment marker holds for this interpreter."""
    if not marker:
        return True
    from packaging.markers import Marker  # installed by the lock itself; absent only before the first install

    return Marker(marker).evaluate()


def out_of_step(lock: Path, stamp: Path) -> str | None:
    """Why this interpreter's environment does not hold what `lock` pins, or None if it does."""
    if not stamp.exists():
        return "no complete install recorded yet"
    if stamp.read_text("utf-8").strip() != lock_digest(lock):
        return f"{lock} has changed since the last install"
    try:
        wanted = [pin for pin in read_lock(lock).values() if applies(pin.marker)]
    except ImportError:
        return "packaging is not installed"
    for pin in wanted:
        try:
            installed = metadata.version(pin.name)
        except metadata.PackageNotFoundError:
            return f"{pin.name} is not installed"
        if installed != pin.version:
            return f"{pin.name} is {installed}, {lock} pins {pin.version}"
    return None


def main(arguments: list[str]) -> int:
    command, lock, stamp = arguments[0], Path(arguments[1]), Path(arguments[2])
    if command == "stamp":
        stamp.write_text(lock_digest(lock) + "\n", "utf-8")
        return 0
    reason = out_of_step(lock, stamp)
    if reason:
        print(f"installing {lock}: {reason}", file=sys.stderr)
    return 1 if reason else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
