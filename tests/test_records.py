from __future__ import annotations

import pytest

from sockerr.models import Code, Match


def test_match_fields_defaults_and_equality() -> None:
    a = Match(concept="ECONNRESET", platforms=("linux",), code=104, symbol="ECONNRESET")
    b = Match("ECONNRESET", ("linux",), 104, "ECONNRESET")
    assert a == b
    assert hash(a) == hash(b)
    assert a.reading == "value" and a.confidence == 1.0 and a.span is None
    assert a != a.replace(code=54)


def test_records_are_immutable() -> None:
    match = Match("ECONNRESET", ("linux",), 104, "ECONNRESET")
    with pytest.raises(AttributeError):
        match.code = 54  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del match.code  # type: ignore[misc]


def test_constructor_rejects_missing_unknown_and_repeated_fields() -> None:
    with pytest.raises(TypeError):
        Match("ECONNRESET", ("linux",), 104)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Match("ECONNRESET", ("linux",), 104, "ECONNRESET", colour="red")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Match("ECONNRESET", ("linux",), 104, "ECONNRESET", concept="X")  # type: ignore[misc]


def test_to_dict_is_plain_json_data() -> None:
    code = Code("errno", "errno-linux", "EAGAIN", 11, ("linux",), "Try again", "EAGAIN",
                localized=(("zh-CN", "重试"),))
    data = code.to_dict()
    assert data["platforms"] == ["linux"]
    assert data["localized"] == [["zh-CN", "重试"]]
    assert repr(code).startswith("Code(family='errno'")
