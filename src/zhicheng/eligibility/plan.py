"""Plan files (TOML): loading, validation with the line of each mistake, and lookup.

A plan is [plan] metadata, [dates], [[general]] criteria that hold whatever the route,
[[routes]] each with its [[routes.rules]], and [[review_points]]. Every criterion names its
`kind` (see rules/) and the `clause` of the notice it comes from. docs/plan-format.md
describes the format for committee offices.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .rules import KINDS, PARAMS

SHIPPED_DIR = Path(__file__).resolve().parent.parent / "plans" / "data"
ROUTES = ("normal", "title", "skill", "direct", "alternative", "quantified", "exceptional")
LEVELS = ("technician", "assistant", "engineer", "senior")
COMMON = {"id", "kind", "clause", "note"}


class PlanError(ValueError):
    def __init__(self, source: str, line: int | None, message: str) -> None:
        where = f"{source} 第{line}行" if line else source
        super().__init__(f"{where}：{message}")
        self.source, self.line, self.message = source, line, message


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    kind: str
    clause: str
    params: dict[str, Any]
    name: str | None = None  # a sub-rule's name in the messages of any_of / all_of


@dataclass(frozen=True, slots=True)
class Route:
    route: str
    label: str
    clause: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Plan:
    key: str
    title: str
    level: str
    year: int
    seniority_cutoff: date | None
    general: tuple[Rule, ...]
    routes: tuple[Route, ...]
    review_points: tuple[str, ...]
    meta: dict[str, Any] = field(default_factory=dict)


class _Lines:
    """Finds the line of a table or key in TOML text written one key per line."""

    HEADER = re.compile(r"^\s*\[(\[)?\s*([A-Za-z0-9_.\-]+)\s*\]?\]\s*(#.*)?$")
    KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")

    def __init__(self, text: str) -> None:
        self.tables: dict[tuple[str, int], int] = {}
        self.keys: dict[tuple[str, int, str], int] = {}
        self.sub_counts: dict[str, int] = {}  # sub-rules (any_of / all_of) seen per table
        counts: dict[str, int] = {}
        current: tuple[str, int] = ("", 0)
        for number, line in enumerate(text.splitlines(), start=1):
            m = self.HEADER.match(line)
            if m:
                name = m.group(2)
                index = counts.get(name, 0)
                if m.group(1):
                    counts[name] = index + 1
                current = (name, index)
                self.tables[current] = number
                continue
            k = self.KEY.match(line)
            if k:
                self.keys.setdefault((current[0], current[1], k.group(1)), number)

    def table(self, name: str, index: int = 0) -> int | None:
        return self.tables.get((name, index))

    def key(self, name: str, index: int, key: str) -> int | None:
        return self.keys.get((name, index, key)) or self.table(name, index)


def _check_type(value: Any, kind: str) -> bool:
    if kind == "str":
        return isinstance(value, str)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "num":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "date":
        return isinstance(value, date)
    if kind == "list[str]":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "list[int]":
        return isinstance(value, list) and all(isinstance(v, int) for v in value)
    if kind == "dict":
        return isinstance(value, dict)
    if kind == "table":
        return isinstance(value, list) and all(isinstance(v, dict) for v in value)
    return True


def _rule(raw: dict[str, Any], table: str, index: int, lines: _Lines, source: str,
          default_id: str, *, inherit: str | None = None, at: int | None = None) -> Rule:
    """Check one rule. A sub-rule of any_of / all_of (inherit = the parent's clause) may
    leave out its clause and may have a `name`; written as an inline table it has no line of
    its own, so its errors point at the parent's `rules` key (at)."""
    sub = inherit is not None
    prefix = f"子规则 {default_id}：" if sub else ""

    def err(message: str, key: str | None = None) -> PlanError:
        line = lines.key(table, index, key) if key else lines.table(table, index)
        return PlanError(source, line or at, prefix + message)

    kind = raw.get("kind")
    if not isinstance(kind, str):
        raise err("缺少 kind（规则类型）", "kind")
    if kind not in KINDS:
        raise err(f"未知的规则类型 {kind!r}，可用：{', '.join(sorted(KINDS))}", "kind")
    clause = raw.get("clause", inherit)
    if not isinstance(clause, str) or not clause.strip():
        raise err("缺少 clause（出自通知的哪一条）", "clause")
    accepted = PARAMS[kind]
    params = {k: v for k, v in raw.items() if k not in COMMON and not (sub and k == "name")}
    for key, value in params.items():
        if key not in accepted:
            known = ", ".join(sorted(accepted)) or "无"
            raise err(f"规则类型 {kind} 没有参数 {key!r}（可用参数：{known}）", key)
        if not _check_type(value, accepted[key]):
            raise err(f"参数 {key} 应为 {accepted[key]}，实为 {value!r}", key)
    for required in _REQUIRED.get(kind, ()):
        if required not in params:
            raise err(f"规则类型 {kind} 缺少参数 {required}")
    if kind == "education_years":
        for row in params["table"]:
            if row.get("level") not in _EDU_LEVELS or not isinstance(row.get("years"), int):
                raise err(f"table 每行须有 level（{'/'.join(_EDU_LEVELS)}）和整数 years，"
                          f"实为 {row!r}", "table")
    rid = raw.get("id", default_id)
    if not isinstance(rid, str):
        raise err("id 应为字符串", "id")
    name = raw.get("name") if sub else None
    if name is not None and not isinstance(name, str):
        raise err("name 应为字符串", "name")
    if kind in _NESTED:
        if not params["rules"]:
            raise err(f"规则类型 {kind} 的 rules 不能为空", "rules")
        sub_table = f"{table}.rules"
        here = lines.key(table, index, "rules") or at
        subs = []
        for j, raw_sub in enumerate(params["rules"]):
            n = lines.sub_counts.get(sub_table, 0)
            lines.sub_counts[sub_table] = n + 1
            subs.append(_rule(raw_sub, sub_table, n, lines, source, f"{rid}.{j + 1}",
                              inherit=clause.strip(), at=here))
        params["rules"] = tuple(subs)
    return Rule(rid, kind, clause.strip(), params, name)


_NESTED = ("any_of", "all_of")


_REQUIRED = {
    "specialty": ("accepted",), "region": ("prefixes",), "education_years": ("table",),
    "title_years": ("level",), "skill_years": ("levels", "years"), "work_years": ("years",),
    "honours": ("kinds",), "direct_category": ("categories",), "alternatives": ("codes",),
    "enterprise_honour": ("levels",), "quantified_score": ("minimum",),
    "continuing_education": ("years", "minimum"), "appraisals": ("years",),
    "outputs": ("kinds",), "unknown": ("check",), "education_min": ("level",),
    "no_title_at_or_above": ("level",), "projects_led": ("minimum",), "awards": ("levels",),
    "social_security": ("regions",), "any_of": ("rules",), "all_of": ("rules",),
    "id_document": ("accepted",),
}
_EDU_LEVELS = ("doctorate", "master", "bachelor", "associate", "secondary_vocational")


def parse_plan(text: str, source: str = "plan.toml") -> Plan:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise PlanError(source, int(m.group(1)) if m else None, f"TOML 语法错误：{exc}") from None
    lines = _Lines(text)
    meta = doc.get("plan")
    if not isinstance(meta, dict):
        raise PlanError(source, None, "缺少 [plan] 表")
    for key in ("key", "title", "level", "year"):
        if key not in meta:
            raise PlanError(source, lines.table("plan"), f"[plan] 缺少 {key}")
    if meta["level"] not in LEVELS:
        raise PlanError(source, lines.key("plan", 0, "level"),
                        f"level 应为 {'/'.join(LEVELS)} 之一，实为 {meta['level']!r}")
    if not isinstance(meta["year"], int):
        raise PlanError(source, lines.key("plan", 0, "year"), "year 应为整数年份")
    dates = doc.get("dates", {})
    cutoff = dates.get("seniority_cutoff")
    if cutoff is not None and not isinstance(cutoff, date):
        raise PlanError(source, lines.key("dates", 0, "seniority_cutoff"),
                        "seniority_cutoff 应为日期，如 2023-12-31")
    general = tuple(_rule(r, "general", i, lines, source, f"general{i + 1}")
                    for i, r in enumerate(_tables(doc, "general", lines, source)))
    routes = []
    rule_index = 0
    for i, r in enumerate(_tables(doc, "routes", lines, source)):
        name = r.get("route")
        if name not in ROUTES:
            raise PlanError(source, lines.key("routes", i, "route"),
                            f"route 应为 {'/'.join(ROUTES)} 之一，实为 {name!r}")
        rules = []
        for j, rr in enumerate(r.get("rules", [])):
            rules.append(_rule(rr, "routes.rules", rule_index, lines, source, f"{name}{j + 1}"))
            rule_index += 1
        if not rules:
            raise PlanError(source, lines.table("routes", i), f"路径 {name} 没有任何规则")
        routes.append(Route(name, str(r.get("label", name)), str(r.get("clause", "")),
                            tuple(rules)))
    points = tuple(str(rp.get("text", "")) for rp in _tables(doc, "review_points", lines,
                                                              source))
    ids = [r.id for r in general] + [r.id for rt in routes for r in rt.rules]
    return Plan(key=meta["key"], title=meta["title"], level=meta["level"], year=meta["year"],
                seniority_cutoff=cutoff, general=general, routes=tuple(routes),
                review_points=points, meta=meta | {"criteria": len(set(ids))})


def _tables(doc: dict[str, Any], name: str, lines: _Lines, source: str) -> list[dict[str, Any]]:
    value = doc.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise PlanError(source, lines.table(name), f"{name} 应写成 [[{name}]] 表数组")
    return value


def load_plan(path: Path) -> Plan:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanError(path.name, None, f"无法读取：{exc}") from None
    return parse_plan(text, path.name)


_CACHE: dict[str, Plan] = {}


def shipped_keys() -> list[str]:
    return sorted(p.stem for p in SHIPPED_DIR.glob("*.toml"))


def shipped_plan(key: str) -> Plan:
    if key not in _CACHE:
        path = SHIPPED_DIR / f"{key}.toml"
        if not path.is_file() or "/" in key:
            raise PlanError(key, None, f"未知的计划代码，可用：{', '.join(shipped_keys())}")
        _CACHE[key] = load_plan(path)
    return _CACHE[key]
