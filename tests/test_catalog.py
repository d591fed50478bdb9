"""The shipped catalog: integrity, freshness, and facts checked against this machine."""

from __future__ import annotations

import builtins
import errno
import marshal
import os
import socket
import sys

import pytest

import sockerr.catalog as catalog_module
from sockerr.catalog import Catalog, compiled_path, load
from sockerr.compile import build_runtime
from sockerr.platforms import host_platform
from sockerr.validate import check

ON_GENERIC_LINUX = host_platform() == "linux"


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load()


def test_shipped_data_has_no_problems() -> None:
    assert [f"{p.where}: {p.message}" for p in check()] == []


def test_compiled_catalog_equals_a_fresh_compile() -> None:
    with open(compiled_path(), "rb") as handle:
        compiled = marshal.load(handle)
    fresh = build_runtime()
    # The phrase data is stored encoded: compare what it decodes to.
    blob, fresh_blob = compiled.pop("phrase_blob"), fresh.pop("phrase_blob")
    assert marshal.loads(blob) == marshal.loads(fresh_blob), "run: python -m sockerr.compile"
    assert compiled == fresh, "run: python -m sockerr.compile"


def test_compiled_knowledge_equals_a_fresh_compile() -> None:
    from sockerr.catalog import knowledge_path
    from sockerr.compile import build_knowledge

    with open(knowledge_path(), "rb") as handle:
        compiled = marshal.load(handle)
    fresh = build_knowledge()
    decode = {k: marshal.loads(v) for k, v in compiled.pop("concepts").items()}
    assert decode == {k: marshal.loads(v) for k, v in fresh.pop("concepts").items()}
    assert compiled == fresh, "run: python -m sockerr.compile"


def test_missing_compiled_file_is_rebuilt_from_sources(tmp_path: pytest.TempPathFactory,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    missing = os.path.join(str(tmp_path), "absent.bin")
    monkeypatch.setattr(catalog_module, "_loaded", None)
    rebuilt = catalog_module.load(missing)
    assert len(rebuilt) == len(load())


def test_every_table_records_its_sources(shipped: Catalog) -> None:
    for name, table in shipped.tables.items():
        assert table["sources"], name
        assert all("@" in s or "://" in s for s in table["sources"]), name


def _table(shipped: Catalog, name: str) -> dict[str, tuple[int | None, str]]:
    return {c.symbol: (c.value, c.message) for c in shipped.all_codes() if c.table == name}


@pytest.mark.skipif(not ON_GENERIC_LINUX, reason="checks the linux table against this host")
def test_linux_errno_table_matches_this_machine(shipped: Catalog) -> None:
    table = _table(shipped, "errno-linux")
    primary_message = {
        c.value: c.message for c in shipped.all_codes()
        if c.table == "errno-linux" and c.alias_of is None
    }
    for value, name in errno.errorcode.items():
        assert name in table, name
        assert table[name][0] == value, name
    for name in dir(errno):
        if name.startswith("E") and name.isupper():
            assert table[name][0] == getattr(errno, name), name
            assert primary_message[table[name][0]] == os.strerror(getattr(errno, name)), name


@pytest.mark.skipif(not ON_GENERIC_LINUX, reason="checks glibc's EAI values on this host")
def test_linux_eai_values_match_this_machine(shipped: Catalog) -> None:
    table = _table(shipped, "eai-linux")
    for name in dir(socket):
        if name.startswith("EAI_"):
            assert table[name][0] == getattr(socket, name), name


def test_python_exception_rows_match_this_interpreter(shipped: Catalog) -> None:
    """OSError(e, ...) must construct the subclass the table names, wherever e exists here."""
    checked = 0
    for code in shipped.all_codes():
        if code.family != "python" or code.symbol.startswith("socket."):
            continue
        cls = vars(builtins).get(code.symbol)
        assert isinstance(cls, type) and issubclass(cls, OSError), code.symbol
        names = [code.concept] + (["EWOULDBLOCK"] if code.concept == "EAGAIN" else [])
        for name in names:
            number = getattr(errno, name, None)
            if number is not None:
                assert type(OSError(number, "x")) is cls, (code.symbol, name)
                checked += 1
    assert checked >= 15


def test_socket_timeout_is_timeout_error() -> None:
    assert socket.timeout is TimeoutError


@pytest.mark.parametrize(
    ("query", "platform", "symbol", "value", "concept"),
    [
        ("10054", "windows", "WSAECONNRESET", 10054, "ECONNRESET"),
        ("104", "linux", "ECONNRESET", 104, "ECONNRESET"),
        ("54", "macos", "ECONNRESET", 54, "ECONNRESET"),
        ("108", "windows-crt", "ECONNRESET", 108, "ECONNRESET"),
        ("107", "windows-crt", "ECONNREFUSED", 107, "ECONNREFUSED"),
        ("-4077", "windows", "UV_ECONNRESET", -4077, "ECONNRESET"),
        ("0x2746", "windows", "WSAECONNRESET", 10054, "ECONNRESET"),
        ("0x80072746", "windows", "WSAECONNRESET", 10054, "ECONNRESET"),
        ("WSAECONNRESET", None, "WSAECONNRESET", 10054, "ECONNRESET"),
        ("UV_ECONNRESET", "linux", "UV_ECONNRESET", -104, "ECONNRESET"),
        ("ConnectionResetError", None, "ConnectionResetError", None, "ECONNRESET"),
        ("SocketError.ConnectionReset", None, "SocketError.ConnectionReset", 10054,
         "ECONNRESET"),
        ("EAI_NONAME", "linux", "EAI_NONAME", -2, "EAI_NONAME"),
        ("EAI_NONAME", "macos", "EAI_NONAME", 8, "EAI_NONAME"),
        ("ENOTFOUND", None, "ENOTFOUND", -3008, "EAI_NONAME"),
        ("11001", "windows", "WSAHOST_NOT_FOUND", 11001, "EAI_NONAME"),
        ("11002", "windows", "WSATRY_AGAIN", 11002, "EAI_AGAIN"),
        ("11003", "windows", "WSANO_RECOVERY", 11003, "EAI_FAIL"),
        ("11004", "windows", "WSANO_DATA", 11004, "EAI_NODATA"),
        ("10035", "windows", "WSAEWOULDBLOCK", 10035, "EAGAIN"),
        ("EWOULDBLOCK", "linux", "EWOULDBLOCK", 11, "EAGAIN"),
        ("10093", "windows", "WSANOTINITIALISED", 10093, "WSANOTINITIALISED"),
        ("10101", "windows", "WSAEDISCON", 10101, "WSAEDISCON"),
        ("997", "windows", "WSA_IO_PENDING", 997, "WSA_IO_PENDING"),
        ("-3008", None, "UV_EAI_NONAME", -3008, "EAI_NONAME"),
        ("ETIMEDOUT", "illumos", "ETIMEDOUT", 145, "ETIMEDOUT"),
    ],
)
def test_issue_examples_first_reading(query: str, platform: str | None, symbol: str,
                                      value: int | None, concept: str) -> None:
    from sockerr import lookup

    first = lookup(query, platform)[0]
    assert (first.symbol, first.code, first.concept) == (symbol, value, concept)


def test_negative_104_on_linux_reads_libuv_glibc_eai_and_kernel_errno() -> None:
    from sockerr import lookup

    found = [(m.symbol, m.code, m.reading) for m in lookup("-104", "linux")][:3]
    assert sorted(found) == [("EAI_INTR", -104, "value"), ("ECONNRESET", 104, "negated"),
                             ("UV_ECONNRESET", -104, "value")]


def test_enotsup_and_eopnotsupp_differ_on_macos_but_alias_on_linux(shipped: Catalog) -> None:
    macos = _table(shipped, "errno-macos")
    assert macos["ENOTSUP"][0] != macos["EOPNOTSUPP"][0]
    linux = {c.symbol: c for c in shipped.all_codes() if c.table == "errno-linux"}
    assert linux["ENOTSUP"].alias_of == "EOPNOTSUPP"
    assert linux["EWOULDBLOCK"].alias_of == "EAGAIN"


def test_winsock_table_is_complete(shipped: Catalog) -> None:
    values = {c.value for c in shipped.all_codes() if c.family == "winsock"}
    core = {10004, 10009, 10013, 10014, 10022, 10024, *range(10035, 10072),
            *range(10091, 10094), *range(10101, 10113), *range(11001, 11005)}
    assert core - values == set()
    assert {6, 8, 87, 995, 996, 997} <= values
    assert any(11005 <= v <= 11031 for v in values)
    assert values - set(range(10000, 12000)) == {6, 8, 87, 995, 996, 997}


def test_chinese_windows_messages(shipped: Catalog) -> None:
    localized = {c.value: dict(c.localized) for c in shipped.all_codes() if c.family == "winsock"}
    assert localized[10054]["zh-CN"] == "远程主机强迫关闭了一个现有的连接。"
    assert sum(1 for v in localized.values() if "zh-CN" in v) >= 30


def test_every_concept_is_reachable_by_its_id(shipped: Catalog) -> None:
    from sockerr import lookup

    missing = [c for c in shipped.concepts() if not lookup(c)]
    assert missing == []


def test_host_platform_detection() -> None:
    assert host_platform("linux", "x86_64") == "linux"
    assert host_platform("linux", "mips64") == "linux-mips"
    assert host_platform("darwin") == "macos"
    assert host_platform("win32") == "windows"
    assert host_platform("freebsd14") == "freebsd"
    assert host_platform("sunos5") == "illumos"
    assert host_platform("emscripten") is None
    assert sys.platform  # the real host is detected without error
    assert host_platform() is None or isinstance(host_platform(), str)
