"""The knowledge: coverage of every socket concept, the seeds' claims, rendering in every form."""

from __future__ import annotations

import csv
import json
import os
import re

import pytest

from sockerr.catalog import knowledge, load

from .conftest import Runner

HERE = os.path.dirname(__file__)
SEEDS = os.path.join(HERE, "..", "..", "shared", "seeds")
CLAIMS = os.path.join(HERE, "fixtures", "seed_claims")
GOLDEN = os.path.join(HERE, "golden")

# errno values a socket call can return (the man pages of socket, bind, listen, accept,
# connect, send, recv, setsockopt, shutdown, close, select/poll, getaddrinfo).
SOCKET_ERRNOS = {
    "EPERM", "ENOENT", "EINTR", "EIO", "EBADF", "EAGAIN", "ENOMEM", "EACCES", "EFAULT",
    "EEXIST", "ENOTDIR", "EINVAL", "ENFILE", "EMFILE", "ENOSPC", "EPIPE", "EROFS", "ELOOP",
    "ENAMETOOLONG", "EPROTO", "ENOBUFS", "ENOTSOCK", "EDESTADDRREQ", "EMSGSIZE", "EPROTOTYPE",
    "ENOPROTOOPT", "EPROTONOSUPPORT", "ESOCKTNOSUPPORT", "EOPNOTSUPP", "ENOTSUP",
    "EPFNOSUPPORT", "EAFNOSUPPORT", "EADDRINUSE", "EADDRNOTAVAIL", "ENETDOWN", "ENETUNREACH",
    "ENETRESET", "ECONNABORTED", "ECONNRESET", "EISCONN", "ENOTCONN", "ESHUTDOWN",
    "ETIMEDOUT", "ECONNREFUSED", "EHOSTDOWN", "EHOSTUNREACH", "EALREADY", "EINPROGRESS",
    "ECANCELED",
}


def _required_concepts() -> set[str]:
    catalog = load()
    needed = set(SOCKET_ERRNOS)
    for code in catalog.all_codes():
        if code.family in ("winsock", "eai", "h_errno"):
            needed.add(code.concept)
    return needed


def test_every_socket_concept_has_an_entry() -> None:
    known = knowledge()
    missing = sorted(c for c in _required_concepts() if known.entry(c) is None)
    assert missing == []


def test_entries_are_full_except_rare_codes() -> None:
    """Brief entries only for the QoS family, rare resolver codes and Win32-only codes."""
    known = knowledge()
    catalog = load()
    brief = sorted(c for c in known.concepts()
                   if (known.entry(c) or {}).get("kind", "full") == "brief")

    def win32_only(concept: str) -> bool:
        return {code.family for code in catalog.codes_of(concept)} == {"win32"}

    assert all(c.startswith("WSA_QOS_") or win32_only(c) or c in (
        "WSA_SECURE_HOST_NOT_FOUND", "WSA_IPSEC_NAME_POLICY_ERROR", "NETDB_INTERNAL",
        "NETDB_SUCCESS") for c in brief), brief


def test_every_entry_says_the_same_things_in_both_languages() -> None:
    """A coarse check beyond the validator: list fields have as many items in each language."""
    known = knowledge()
    for concept in known.concepts():
        entry = known.entry(concept) or {}
        for field in ("causes", "check", "fix", "calls", "platforms", "myths"):
            for item in entry.get(field, []):
                pair = item if field != "myths" else item["truth"]
                assert pair["en"].strip() and pair["zh"].strip(), (concept, field)


def _claim_rows() -> list[dict[str, str]]:
    rows = []
    for name in sorted(os.listdir(CLAIMS)):
        if name.endswith(".tsv"):
            with open(os.path.join(CLAIMS, name), encoding="utf-8") as handle:
                for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                    rows.append({**row, "file": name})
    return rows


def test_seed_claims_fixture_is_sound() -> None:
    rows = _claim_rows()
    assert len(rows) >= 300
    concepts = set(load().concepts())
    seeds = set(os.listdir(SEEDS)) if os.path.isdir(SEEDS) else None
    for row in rows:
        where = f"{row['file']}: {row.get('claim', '')[:60]}"
        assert row["verdict"] in ("true", "false", "partly", "garbled"), where
        assert row["concept"] == "-" or row["concept"] in concepts, where
        if row["verdict"] != "true":
            assert (row.get("note") or "").strip(), where
        if seeds is not None:
            assert row["seed"] in seeds, where
    if seeds is not None:
        assert {row["seed"] for row in rows} == seeds  # every seed was read


@pytest.mark.skipif(not os.path.isdir(SEEDS), reason="shared/seeds is not beside the project")
def test_every_code_and_name_in_the_seeds_has_a_home() -> None:
    """Each WinSock number, WSA name and errno name the seeds print is a catalog code,
    a name of the catalog, or an erratum (nothing from the seeds is silently dropped)."""
    catalog = load()
    values = {c.value for c in catalog.all_codes()}
    errata_triggers = {t.upper() for e in catalog.all_errata() for t in e.triggers}
    numbers: set[int] = set()
    names: set[str] = set()
    for name in os.listdir(SEEDS):
        with open(os.path.join(SEEDS, name), encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        numbers |= {int(n) for n in re.findall(r"(?<!\d)(1[01]\d{3})(?!\d)", text)}
        names |= set(re.findall(r"\b(WSA[A-Z_]{3,}|E[A-Z]{3,})\b", text))
    homeless_numbers = sorted(n for n in numbers
                              if n not in values and str(n) not in errata_triggers)
    assert homeless_numbers == []
    homeless_names = sorted(n for n in names
                            if not catalog.has_name(n) and n.upper() not in errata_triggers
                            and n not in NOT_CODE_NAMES)
    assert homeless_names == []


# Words of the seeds that match the name pattern but are not error names (checked by hand).
NOT_CODE_NAMES = {
    "EINT", "ETHOSTUNREACH", "WSAENETCONN", "WSASTARTUP", "WSACLEANUP", "WSADATA",
    "WSASOCKET", "WSASEND", "WSARECV", "WSAGETLASTERROR", "WSAIOCTL", "WSAEVENTSELECT",
    "WSAASYNCSELECT", "WSAPROTOCOL_INFO", "WSASYSCALL", "EOF", "ERROR", "ERRORS", "EXE", "ENTER",
    "ESTABLISHED", "ELSE", "EXIT", "EVENT", "EXCEPTION", "ETHERNET", "EXPLORER", "EXAMPLE",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_concept_renders_in_every_form(run: Runner, lang: str) -> None:
    for concept in load().concepts():
        text = run(concept, "--lang", lang)
        assert text.status == 0 and text.out.strip(), concept
        brief = run(concept, "--lang", lang, "--brief")
        assert brief.status == 0 and brief.out.strip(), concept
    document = json.loads(run("ECONNRESET", "--json").out)
    explanation = document["concepts"]["ECONNRESET"]["explanation"]
    assert explanation["title"]["zh"] and explanation["retry"]["class"] == "reconnect"
    assert all(ref["title"] and ref["url"] for ref in explanation["references"])


GOLDEN_CASES = {
    "lookup-econnreset-en.txt": ("ECONNRESET", "--platform", "linux"),
    "lookup-econnreset-zh.txt": ("ECONNRESET", "--platform", "linux", "--lang", "zh"),
    "lookup-10054-brief.txt": ("10054", "--brief", "--platform", "windows"),
    "lookup-10094-erratum.txt": ("10094",),
    "explain-python-104.txt": ("explain",
                               "ConnectionResetError: [Errno 104] Connection reset by peer"),
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden_layouts(run: Runner, name: str) -> None:
    """The rendered layouts, byte for byte (SOCKERR_UPDATE_GOLDEN=1 rewrites them)."""
    result = run(*GOLDEN_CASES[name], env={"COLUMNS": "100", "LANG": "C.UTF-8"})
    path = os.path.join(GOLDEN, name)
    if os.environ.get("SOCKERR_UPDATE_GOLDEN"):
        os.makedirs(GOLDEN, exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(result.out)
    with open(path, encoding="utf-8") as handle:
        assert result.out == handle.read()
