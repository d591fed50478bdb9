"""The scan report for a terminal."""

from __future__ import annotations

from typing import Any

from .style import Style, wrap

LABELS = {
    "en": {"head": "{files} file(s), {lines:,} lines, {size}, {errors:,} error line(s) in {kinds} "
                   "kind(s)", "first": "Look at this first", "findings": "Findings",
           "none": "No socket or OS errors found.", "retry": "retry", "seen": "seen",
           "eg": "e.g.", "timer": "library timeout", "platforms": "platforms",
           "by_file": "Error lines by file"},
    "zh": {"head": "{files} 个文件，{lines:,} 行，{size}，{errors:,} 行错误，共 {kinds} 类",
           "first": "优先查看", "findings": "发现的错误", "none": "没有发现套接字或系统错误。",
           "retry": "重试", "seen": "出现", "eg": "示例", "timer": "库自身超时",
           "platforms": "平台", "by_file": "各文件中的错误行"},
}


MAX_FILES = 10  # files listed by their error count in the text report


def _size(count: int) -> str:
    value = float(count)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{count} B"


def _place(place: dict[str, Any] | None) -> str:
    if not place:
        return "?"
    where = f"{place['file']}:{place['line']}"
    return f"{where} ({place['timestamp']})" if place.get("timestamp") else where


def report_text(report: dict[str, Any], style: Style, lang: str) -> str:
    words = LABELS["zh" if lang == "zh" else "en"]
    findings = report["findings"]
    out = [style("sockerr scan", "bold") + " — " + words["head"].format(
        files=len(report["files"]), lines=report["lines"], size=_size(report["bytes"]),
        errors=report["errors"], kinds=len(findings))]
    if not findings:
        out.append(words["none"])
        return "\n".join(out) + "\n"
    by_concept = {f["concept"]: f for f in findings}
    out += ["", style(words["first"], "heading")]
    for number, pick in enumerate(report["look_first"], start=1):
        finding = by_concept[pick["concept"]]
        line = f"{number}. {style(pick['concept'], 'concept')}: {pick['why']}"
        out += ["  " + part for part in wrap(line, style.width - 2)]
        if finding.get("hint"):
            out += ["     " + part for part in wrap(finding["hint"], style.width - 5)]
    with_errors = sorted((f for f in report["files"] if f.get("errors")),
                         key=lambda f: (-f["errors"], f["path"]))
    if len(report["files"]) > 1 and with_errors:
        # Which logs (services) to open first: the files that hold the errors.
        out += ["", style(words["by_file"], "heading")]
        out += [f"  {f['errors']:>9,}  {f['path']}" for f in with_errors[:MAX_FILES]]
        if len(with_errors) > MAX_FILES:
            out.append(f"  … {len(with_errors) - MAX_FILES:,} more")
    out += ["", style(words["findings"], "heading")]
    for finding in findings:
        tags = [f"{finding['count']:,}", f"{finding['share']:.1%}"]
        if finding["platforms"]:
            tags.append(", ".join(finding["platforms"]))
        if finding["library_timeout"]:
            tags.append(words["timer"])
        head = f"  {style(finding['concept'], 'concept')}  " + " · ".join(tags)
        out.append(head)
        if finding.get("title"):
            out += ["    " + p for p in wrap(finding["title"], style.width - 4)]
        seen = f"{words['seen']}: {_place(finding['first'])} → {_place(finding['last'])}"
        out += ["    " + style(p, "dim") for p in wrap(seen, style.width - 4)]
        retry = finding.get("retry")
        if retry:
            text = f"{words['retry']}: {retry['class']} — {retry.get('condition') or ''}"
            out += ["    " + p for p in wrap(text, style.width - 4)]
        for sample in finding["samples"][:1]:
            out += ["    " + style(p, "dim") for p in wrap(f"{words['eg']} {sample}",
                                                          style.width - 4)[:2]]
        out.append("")
    return "\n".join(out)
