"""Exact lookups over the hand-written fixture catalog."""

from __future__ import annotations

from sockerr.catalog import Catalog
from sockerr.lookups import concept_codes, errata, list_codes, lookup, search


def readings(catalog: Catalog, query: str, platform: str | None = "linux"
             ) -> list[tuple[str | None, int | None, tuple[str, ...], str]]:
    return [(m.symbol, m.code, m.platforms, m.reading)
            for m in lookup(query, platform, catalog=catalog)]


def test_number_with_different_meanings_lists_every_reading_host_first(tiny: Catalog) -> None:
    assert readings(tiny, "54", "linux") == [
        ("EXFULL", 54, ("linux",), "value"),
        ("ECONNRESET", 54, ("macos", "freebsd"), "value"),
    ]
    assert readings(tiny, "54", "macos") == [
        ("ECONNRESET", 54, ("macos", "freebsd"), "value"),
        ("EXFULL", 54, ("linux",), "value"),
    ]


def test_alias_comes_after_its_primary(tiny: Catalog) -> None:
    assert [r[0] for r in readings(tiny, "11")] == ["EAGAIN", "EWOULDBLOCK"]


def test_negative_number_reads_libuv_and_negated_errno(tiny: Catalog) -> None:
    assert readings(tiny, "-104") == [
        ("UV_ECONNRESET", -104, ("linux",), "value"),
        ("ECONNRESET", 104, ("linux",), "negated"),
    ]
    assert readings(tiny, "-2")[0] == ("EAI_NONAME", -2, ("linux",), "value")
    assert ("UV_ENOENT", -2, ("linux", "macos"), "value") in readings(tiny, "-2")


def test_libuv_values_follow_each_platform_and_its_overrides(tiny: Catalog) -> None:
    uv = {(c.value, c.platforms) for c in tiny.by_name("UV_ENOENT")}
    assert uv == {(-2, ("linux", "macos")), (-9999, ("freebsd",)), (-4058, ("windows",))}
    assert readings(tiny, "-4077") == [("UV_ECONNRESET", -4077, ("windows",), "value")]


def test_hex_and_hresult(tiny: Catalog) -> None:
    assert readings(tiny, "0x2746") == [("WSAECONNRESET", 10054, ("windows",), "value")]
    matches = lookup("0x80072746", "linux", catalog=tiny)
    assert [(m.symbol, m.code, m.reading) for m in matches] == [
        ("WSAECONNRESET", 10054, "hresult")]
    assert matches[0].note is not None and "0x80072746" in matches[0].note


def test_names_in_any_case_and_spelling(tiny: Catalog) -> None:
    assert {m.code for m in lookup("econnreset", catalog=tiny)} == {104, 54}
    assert [m.concept for m in lookup("ConnectionResetError", catalog=tiny)] == ["ECONNRESET"]
    assert [m.code for m in lookup("errno.EAGAIN", "macos", catalog=tiny)] == [35, 11]
    assert lookup("Errno::ECONNRESET", catalog=tiny)[0].symbol == "ECONNRESET"


def test_unknown_value_or_name_has_no_reading(tiny: Catalog) -> None:
    assert lookup("99999", catalog=tiny) == []
    assert lookup("ENOSUCHTHING", catalog=tiny) == []


def test_errata_by_trigger(tiny: Catalog) -> None:
    found = errata(" etimeout ", catalog=tiny)
    assert [e.id for e in found] == ["etimeout"]
    assert found[0].see == ("ECONNRESET",)
    assert errata("ETIMEDOUT", catalog=tiny) == []


def test_concept_codes_side_by_side(tiny: Catalog) -> None:
    concept = concept_codes("ECONNRESET", catalog=tiny)
    assert concept.title == "Connection reset by peer"
    assert [(c.family, c.symbol, c.value) for c in concept.codes] == [
        ("errno", "ECONNRESET", 104),
        ("errno", "ECONNRESET", 54),
        ("winsock", "WSAECONNRESET", 10054),
        ("libuv", "UV_ECONNRESET", -104),
        ("libuv", "UV_ECONNRESET", -54),
        ("libuv", "UV_ECONNRESET", -4077),
        ("python", "ConnectionResetError", None),
    ]
    zh = concept.codes[2].localized
    assert zh == (("zh-CN", "远程主机强迫关闭了一个现有的连接。"),)


def test_list_filters(tiny: Catalog) -> None:
    macos = list_codes("darwin", catalog=tiny)
    assert {c.table for c in macos} == {"errno-macos", "libuv", "python"}
    assert [c.symbol for c in list_codes("windows", "winsock", catalog=tiny)] == [
        "WSAEWOULDBLOCK", "WSAECONNRESET"]


def test_search_every_word_in_english_or_chinese(tiny: Catalog) -> None:
    assert {m.symbol for m in search(["RESET", "peer"], catalog=tiny)} == {
        "ECONNRESET", "UV_ECONNRESET"}
    assert [m.symbol for m in search(["强迫关闭"], catalog=tiny)] == ["WSAECONNRESET"]
    assert search(["reset", "nonsense"], catalog=tiny) == []
    assert search([" "], catalog=tiny) == []
