"""The validator finds every kind of problem it is meant to (on broken copies of a tiny KB)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sockerr.knowledge import check_entry
from sockerr.validate import check

from .conftest import FIXTURE_KB


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, target)
    return target


def _problems(kb: Path) -> list[str]:
    return [f"{p.where}: {p.message}" for p in check(str(kb))]


def test_the_fixture_is_clean(kb: Path) -> None:
    assert _problems(kb) == []


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t.replace("# family: errno", "# family: errnoo"), "unknown family"),
        (lambda t: t.replace("# platforms: linux", "# platforms: plan9"), "unknown platform"),
        (lambda t: t.replace("# source: example/linux@", "# sauce: x"), "no '# source:' line"),
        (lambda t: t + "EAGAIN\t99\tdup\tEAGAIN\t\n", "appears twice"),
        (lambda t: t + "ENEW\tten\tx\tENEW\t\n", "not a decimal integer"),
        (lambda t: t + "ENEW\t12\tx\t\t\n", "no concept"),
        (lambda t: t + "ENEW\t12\tx\tENEW\tENOSUCH\n", "is not a symbol of this table"),
        (lambda t: t + "ENEW\t12\tx\tENEW\tEAGAIN\n", "values differ"),
    ],
)
def test_table_problems(kb: Path, edit: object, expected: str) -> None:
    path = kb / "codes" / "errno-linux.tsv"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]
    assert any(expected in problem for problem in _problems(kb)), _problems(kb)


def test_symbol_defined_twice_for_one_platform(kb: Path) -> None:
    extra = (kb / "codes" / "errno-linux.tsv").read_text(encoding="utf-8").replace(
        "# table: errno-linux", "# table: errno-linux2")
    (kb / "codes" / "errno-linux2.tsv").write_text(extra, encoding="utf-8")
    assert any("also defined by" in p for p in _problems(kb))


def test_localized_text_needs_evidence(kb: Path) -> None:
    (kb / "evidence" / "winsock-localized.tsv").write_text("code\tlang\tmessage\tseen_in\n",
                                                            encoding="utf-8")
    assert any("no recorded occurrence" in p for p in _problems(kb))


def test_errata_problems(kb: Path) -> None:
    path = kb / "errata" / "etimeout.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"ECONNRESET"', '"ENOPE"')
                    .replace('zh = "测试事实"', 'zh = ""'), encoding="utf-8")
    problems = _problems(kb)
    assert any("ENOPE is not a concept" in p for p in problems)
    assert any("truth.zh is empty" in p for p in problems)


def test_concept_entry_problems(kb: Path) -> None:
    (kb / "concepts").mkdir()
    (kb / "references").mkdir()
    (kb / "references" / "r.toml").write_text('[rfc9293]\ntitle = "TCP"\nurl = "https://x"\n',
                                              encoding="utf-8")
    (kb / "concepts" / "ENOPE.toml").write_text('kind = "brief"\n[title]\nen = "x"\nzh = "叉"\n'
                                                '[summary]\nen = "s"\nzh = "s"\n',
                                                encoding="utf-8")
    problems = _problems(kb)
    assert any("ENOPE is not a concept of any code table" in p for p in problems)
    assert any("summary.zh has no Chinese characters" in p for p in problems)


def test_check_entry_reports_every_field() -> None:
    entry = {
        "kind": "full", "title": {"en": "t", "zh": "标题"}, "summary": {"en": "s", "zh": "摘要"},
        "hint": {"en": "h", "zh": "提示"}, "wire": {"en": "w", "zh": "线路"}, "who": ["alien"],
        "causes": [{"en": "c", "zh": "原因"}], "check": [{"en": "c", "zh": "检查"}],
        "fix": [], "retry": {"class": "pray", "en": "r", "zh": "重试"},
        "calls": [{"call": "recvv", "socket": "sctp", "en": "x", "zh": "调用"}],
        "platforms": [{"platform": "plan9", "en": "p", "zh": "平台"}],
        "myths": [{"claim": {"en": "a", "zh": "说法"}, "truth": {"en": "b"}}],
        "related": ["ENOPE"], "references": ["nope"], "lab": ["no-such-scenario"],
        "colour": "red",
    }
    problems = check_entry(entry, concepts={"ECONNRESET"}, references={"rfc9293"},
                           scenarios=["econnreset"])
    for fragment in ("unknown field 'colour'", "who: 'alien'", "fix: needs at least one item",
                     "retry.class", "recvv", "sctp", "plan9", "myths[0].truth",
                     "related: ENOPE", "references: 'nope'", "lab: 'no-such-scenario'"):
        assert any(fragment in p for p in problems), (fragment, problems)
