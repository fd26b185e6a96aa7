"""The contract's command: single and batch, exit status 2 and field names for bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PLAN = Path(__file__).resolve().parents[1] / "plans" / "data" / "test-plan.toml"
ENV = {k: v for k, v in os.environ.items()
       if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DEBUG"}}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    # The production settings would refuse to start without a secret: the command must not
    # need them.
    return subprocess.run([sys.executable, "-m", "zhicheng.cli", "eligibility", *args],
                          capture_output=True, text=True, env=ENV, timeout=60, check=False)


def profile(**extra: object) -> dict:
    data = {"schema": "zhicheng.profile/1", "as_of": "2026-08-01",
            "person": {"name": "张三", "id_type": "resident_id",
                       "id_number": "110105199003071239", "sex": "male",
                       "birth_date": "1990-03-07"},
            "education": [{"level": "bachelor", "awarded": "2015-07-01", "mode": "full_time"}],
            "work_history": [{"from": "2015-07-01", "to": None, "technical": True}],
            "application": {"specialty": "engineering"}}
    data.update(extra)
    return data


def test_single_profile(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(profile(), ensure_ascii=False), encoding="utf-8")
    result = run("--plan", str(PLAN), str(path))
    assert result.returncode == 0, result.stderr
    verdict = json.loads(result.stdout)
    assert verdict["verdict"] == "eligible" and verdict["route"] == "normal"
    assert {c["id"] for c in verdict["criteria"]} >= {"specialty", "education_years"}
    assert all(c["clause"] for c in verdict["criteria"])


@pytest.mark.parametrize(("content", "field"), [
    ("{not json", "JSON"),
    (json.dumps(profile(as_of="2026/08/01")), "as_of"),
    (json.dumps(profile(person={"id_type": "resident_id", "id_number": "110105199003071238"})),
     "person.id_number"),
])
def test_unusable_input_exits_2_naming_the_field(tmp_path: Path, content: str,
                                                  field: str) -> None:
    path = tmp_path / "p.json"
    path.write_text(content, encoding="utf-8")
    result = run("--plan", str(PLAN), str(path))
    assert result.returncode == 2
    assert field in result.stderr
    assert result.stdout == ""


def test_unknown_plan_exits_2() -> None:
    result = run("--plan", "no-such-plan", "x.json")
    assert result.returncode == 2 and "未知的计划代码" in result.stderr


def test_batch_of_json_lines_goes_on_after_a_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    late = profile(work_history=[{"from": "2024-01-01", "to": None, "technical": True}])
    lines = [json.dumps(profile()), "{bad", "", json.dumps(late)]
    path.write_text("\n".join(lines), encoding="utf-8")
    result = run("--plan", str(PLAN), "--batch", str(path))
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 3
    assert out[0]["verdict"] == "eligible"
    assert out[1]["file"].endswith(":2") and "error" in out[1]
    assert out[2]["verdict"] == "ineligible"


def test_batch_of_a_directory(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps(profile()), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(profile(as_of="x")), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    result = run("--plan", str(PLAN), "--batch", str(tmp_path))
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(o["file"]).name for o in out] == ["a.json", "b.json"]
    assert out[1]["field"] == "as_of"
