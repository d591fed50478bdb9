"""The lab: every scenario reproduces live, and the kernel agrees with the catalog."""

from __future__ import annotations

import errno
import importlib
import io
import ipaddress
import json
import os
import pathlib
import pkgutil
import re
import signal
import subprocess
import sys
import time
from typing import Any

import pytest

from sockerr.catalog import load
from sockerr.cli import Environment
from sockerr.lab import Lab, Result, all_scenarios, get, run_scenario, scenarios
from sockerr.lab.command import run_command
from sockerr.lab.model import ACTORS, NEEDS
from sockerr.lab.netns import lab_namespaces, unavailable_reason

SCENARIOS = all_scenarios()
NAMES = [s.name for s in SCENARIOS]
SRC = os.path.dirname(os.path.dirname(os.path.abspath(scenarios.__file__)))


def ours(pid: int | None = None) -> list[str]:
    """Namespaces left by this process (or `pid`): other lab runs may be going on."""
    prefix = f"sockerr-lab-{os.getpid() if pid is None else pid}-"
    return [name for name in lab_namespaces() if name.startswith(prefix)]


def run_lab(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = Environment(out, err, {"LANG": "C.UTF-8", "COLUMNS": "100"})
    return run_command(list(argv), env), out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def lab_run() -> dict[str, Any]:
    """Every scenario, once, through the command's --json output."""
    status, out, err = run_lab("run", "--all", "--json")
    document = json.loads(out)
    return {"status": status, "err": err,
            "results": {r["name"]: r for r in document["scenarios"]}}


def catalog_value(concept: str) -> int:
    """The Linux errno (or EAI value) the catalog's tables give the concept."""
    codes = [c for c in load().codes_of(concept)
             if c.family in ("errno", "eai") and "linux" in c.platforms and c.alias_of is None]
    assert len(codes) == 1, f"{concept}: expected one linux code, got {codes}"
    assert codes[0].value is not None
    return codes[0].value


def catalog_exception(concept: str) -> str:
    """The class the catalog's python table states; OSError outside its errnomap rows,
    socket.gaierror for resolver (EAI) concepts, as the table's notes say."""
    codes = load().codes_of(concept)
    named = [c.symbol for c in codes if c.family == "python" and c.alias_of is None]
    if named:
        assert len(named) == 1, named
        return named[0]
    if any(c.family == "eai" for c in codes):
        return "socket.gaierror"
    return "OSError"


# -- the knowledge, checked against the kernel --------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_scenario_reproduces_the_catalog(lab_run: dict[str, Any], name: str) -> None:
    result = lab_run["results"][name]
    if result["status"] == "skipped":
        # Only for a missing tool or privilege; a mismatch is never "skipped".
        pytest.skip(f"{name}: {result['reason']}")
    concept = result["concept"]
    assert result["status"] == "reproduced", result["reason"]
    assert result["observed_errno"] == catalog_value(concept)
    assert result["exception"] == catalog_exception(concept)
    if result["observed_errno"] > 0:
        assert result["observed_symbol"] == errno.errorcode[result["observed_errno"]]
        assert result["observed_message"] == os.strerror(result["observed_errno"])
    assert result["failed_call"]
    assert result["trace"] and all(step["actor"] in ACTORS for step in result["trace"])


def test_nothing_skips_when_root_and_netns_work(lab_run: dict[str, Any]) -> None:
    if unavailable_reason() is not None:
        pytest.skip(str(unavailable_reason()))
    skipped = {n: r["reason"] for n, r in lab_run["results"].items() if r["status"] == "skipped"}
    assert not skipped


def test_run_all_exits_zero_and_leaves_no_namespace(lab_run: dict[str, Any]) -> None:
    assert lab_run["status"] == 0, lab_run["err"]
    assert ours() == []


def test_at_least_thirty_distinct_errors(lab_run: dict[str, Any]) -> None:
    concepts = {r["concept"] for r in lab_run["results"].values()}
    assert len(concepts) >= 30
    for wanted in ("ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENETUNREACH",
                   "EHOSTUNREACH", "EAI_NONAME", "EAI_SERVICE", "EINTR", "EMFILE"):
        assert wanted in concepts


# -- the registry ---------------------------------------------------------------------------

def test_one_scenario_per_module_with_known_concepts() -> None:
    modules = [m.name for m in pkgutil.iter_modules(scenarios.__path__)]
    assert len(modules) == len(SCENARIOS)
    catalog = load()
    for item in SCENARIOS:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", item.name)
        assert item.needs in NEEDS
        assert catalog.has_concept(item.concept), item.concept
        assert item.title


def test_addresses_stay_on_loopback_or_in_private_namespaces() -> None:
    """Every IPv4 literal a scenario uses is loopback, or lives only in its own namespaces."""
    bind_only = {"203.0.113.7"}  # eaddrnotavail binds it; bind sends nothing
    for module in pkgutil.iter_modules(scenarios.__path__):
        name = f"{scenarios.__name__}.{module.name}"
        source = pathlib.Path(importlib.import_module(name).__file__ or "").read_text("utf-8")
        needs = {s.needs for s in SCENARIOS if s.run.__module__ == name}
        for literal in re.findall(r"\b\d{1,3}(?:\.\d{1,3}){3}\b", source):
            try:
                address = ipaddress.ip_address(literal)
            except ValueError:
                continue  # deliberately malformed (eai-noname)
            if address in ipaddress.ip_network("127.0.0.0/8") or literal in bind_only:
                continue
            assert address in ipaddress.ip_network("198.18.0.0/15"), (name, literal)
            assert needs == {"netns"}, (name, literal)


# -- the command ------------------------------------------------------------------------------

def test_list_shows_every_scenario_and_its_needs() -> None:
    status, out, err = run_lab("list")
    assert status == 0 and not err
    for item in SCENARIOS:
        line = next(row for row in out.splitlines() if row.split()[:1] == [item.name])
        assert item.concept in line and item.needs in line


def test_list_json() -> None:
    status, out, _ = run_lab("list", "--json")
    assert status == 0
    rows = json.loads(out)["scenarios"]
    assert [r["name"] for r in rows] == NAMES
    assert set(rows[0]) == {"name", "concept", "title", "needs"}


def test_run_json_shape(lab_run: dict[str, Any]) -> None:
    for result in lab_run["results"].values():
        assert {"name", "concept", "observed_errno", "observed_symbol", "observed_message",
                "exception", "status", "reason", "trace"} <= set(result)
        assert result["status"] in ("reproduced", "different", "skipped")
        for step in result["trace"]:
            assert set(step) == {"actor", "text"}


def test_run_text_narrates_one_scenario() -> None:
    status, out, err = run_lab("run", "econnreset")
    assert status == 0 and not err
    assert "SO_LINGER" in out and "RST" in out
    assert "errno 104 ECONNRESET: Connection reset by peer" in out
    assert "ConnectionResetError" in out
    assert "see: sockerr ECONNRESET" in out


def test_unknown_scenario_is_a_usage_error() -> None:
    status, out, err = run_lab("run", "econnreset", "no-such-scenario")
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "no-such-scenario" in err


@pytest.mark.parametrize("argv", [["run"], ["run", "--all", "econnreset"], ["frobnicate"]])
def test_usage_errors(argv: list[str]) -> None:
    status, _, err = run_lab(*argv)
    assert status == 2 and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("argv", [["--help"], ["list", "--help"], ["run", "--help"]])
def test_help(argv: list[str]) -> None:
    status, out, err = run_lab(*argv)
    assert status == 0 and out.startswith("usage: sockerr lab") and not err


def test_a_different_result_exits_one(monkeypatch: pytest.MonkeyPatch) -> None:
    different = Result(name="econnreset", concept="ECONNRESET", title="t", needs="loopback",
                       status="different", reason="observed something else")
    monkeypatch.setattr("sockerr.lab.command.run_many", lambda chosen: iter([different]))
    status, out, _ = run_lab("run", "econnreset")
    assert status == 1 and "DIFFERENT" in out


# -- cleanup when interrupted -----------------------------------------------------------------

def test_interrupted_scenario_removes_its_namespace(monkeypatch: pytest.MonkeyPatch) -> None:
    if unavailable_reason() is not None:
        pytest.skip(str(unavailable_reason()))

    def interrupted(self: Lab, *args: Any, **kwargs: Any) -> None:
        assert ours(), "the namespace should exist while the scenario runs"
        raise KeyboardInterrupt

    monkeypatch.setattr(Lab, "run_child", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_scenario(get("enetunreach"))
    assert ours() == []


def _lab_children() -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as handle:
                    if b"sockerr.lab.child" in handle.read():
                        found.append(int(entry))
            except OSError:
                continue
    return found


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_signal_mid_run_leaves_nothing_behind(signum: int) -> None:
    """Kill `lab run etimedout` while its child waits in the namespace."""
    if unavailable_reason() is not None:
        pytest.skip(str(unavailable_reason()))
    code = ("import sys; from sockerr.cli import Environment; "
            "from sockerr.lab.command import run_command; "
            "sys.exit(run_command(['run', 'etimedout'], Environment()))")
    env = dict(os.environ, PYTHONPATH=SRC)
    process = subprocess.Popen([sys.executable, "-c", code], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 5
        while not _lab_children() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert ours(process.pid), "the scenario should be running in its namespace"
        process.send_signal(signum)
        process.wait(timeout=10)
    finally:
        process.kill()
        process.wait()
    assert ours(process.pid) == []
    time.sleep(0.1)
    assert _lab_children() == []
