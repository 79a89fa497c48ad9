"""A network guard for whole process trees: a `sitecustomize.py` that makes every Internet connection fail.

Python imports `sitecustomize` at start-up from the first directory of PYTHONPATH that has one, so a run started with
`guard_env()` is guarded in the `newsmon` process and in every Python process it starts (dbt runs in a subprocess).
Each guarded process records that it loaded the guard, and every blocked attempt (connect, connect_ex,
create_connection, sendto, name lookups) is recorded with its target and a short stack, in a JSON Lines file.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

LOG_ENV = "RELIABILITY_NETGUARD_LOG"

SITECUSTOMIZE = '''"""Installed by reliability.netguard: Internet sockets fail, and every attempt is written down."""
import json as _json
import os as _os
import socket as _socket
import sys as _sys
import traceback as _traceback

_LOG = _os.environ.get("RELIABILITY_NETGUARD_LOG")
_INET = (_socket.AF_INET, _socket.AF_INET6)
_LOCAL_NAMES = {"localhost", "127.0.0.1", "::1", "", None}


def _record(event, target=None):
    if not _LOG:
        return
    entry = {"pid": _os.getpid(), "argv": _sys.argv[:4], "event": event, "target": repr(target)}
    if event != "loaded":
        entry["stack"] = _traceback.format_stack(limit=10)[:-2]
    with open(_LOG, "a", encoding="utf-8") as handle:
        handle.write(_json.dumps(entry) + "\\n")


class NetworkBlocked(ConnectionRefusedError):
    """Raised instead of opening a connection: the pipeline must not use the network."""


_connect = _socket.socket.connect
_connect_ex = _socket.socket.connect_ex
_sendto = _socket.socket.sendto
_getaddrinfo = _socket.getaddrinfo
_gethostbyname = _socket.gethostbyname


def connect(self, address):
    if self.family in _INET:
        _record("connect", address)
        raise NetworkBlocked(f"network blocked by the reliability guard: connect {address!r}")
    return _connect(self, address)


def connect_ex(self, address):
    if self.family in _INET:
        _record("connect_ex", address)
        raise NetworkBlocked(f"network blocked by the reliability guard: connect_ex {address!r}")
    return _connect_ex(self, address)


def sendto(self, *args):
    if self.family in _INET:
        _record("sendto", args[-1])
        raise NetworkBlocked(f"network blocked by the reliability guard: sendto {args[-1]!r}")
    return _sendto(self, *args)


def create_connection(address, *args, **kwargs):
    _record("create_connection", address)
    raise NetworkBlocked(f"network blocked by the reliability guard: create_connection {address!r}")


def getaddrinfo(host, *args, **kwargs):
    name = host.decode() if isinstance(host, bytes) else host
    if name not in _LOCAL_NAMES:
        _record("getaddrinfo", host)
        raise _socket.gaierror(_socket.EAI_NONAME, f"name lookup blocked by the reliability guard: {host!r}")
    return _getaddrinfo(host, *args, **kwargs)


def gethostbyname(host):
    if host not in _LOCAL_NAMES:
        _record("gethostbyname", host)
        raise _socket.gaierror(_socket.EAI_NONAME, f"name lookup blocked by the reliability guard: {host!r}")
    return _gethostbyname(host)


_socket.socket.connect = connect
_socket.socket.connect_ex = connect_ex
_socket.socket.sendto = sendto
_socket.create_connection = create_connection
_socket.getaddrinfo = getaddrinfo
_socket.gethostbyname = gethostbyname
_record("loaded")
'''


def install(directory: Path) -> Path:
    """Write the guard's sitecustomize.py into `directory`; returns the directory (to put first on PYTHONPATH)."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    return directory


def guard_env(env: dict[str, str], guard_dir: Path, log: Path) -> dict[str, str]:
    """`env` with the guard first on PYTHONPATH and its log file set."""
    guarded = dict(env)
    guarded["PYTHONPATH"] = os.pathsep.join(p for p in (str(guard_dir), env.get("PYTHONPATH", "")) if p)
    guarded[LOG_ENV] = str(log)
    return guarded


@dataclass
class GuardLog:
    processes: list[dict]  # one entry per guarded Python process that started
    attempts: list[dict]  # one entry per blocked network call

    @property
    def dbt_guarded(self) -> bool:
        """Whether the guard was loaded in a dbt process too (not only in newsmon itself)."""
        return any("dbt" in " ".join(map(str, p["argv"])) for p in self.processes)


def read_log(log: Path) -> GuardLog:
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
    return GuardLog(
        processes=[e for e in entries if e["event"] == "loaded"],
        attempts=[e for e in entries if e["event"] != "loaded"],
    )
