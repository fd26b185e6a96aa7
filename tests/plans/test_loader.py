from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhicheng.audit.models import AuditEntry
from zhicheng.plans import loader
from zhicheng.plans.models import Plan

pytestmark = pytest.mark.django_db
CONTRACT_KEYS = {
    "sh-pudong-2022-engineer", "zj-2023-it-senior", "jx-2021-it-engineer",
    "jx-2021-it-assistant", "wx-xishan-2023-engineer", "wx-xishan-2023-assistant",
    "sx-shangyu-2023-engineer",
}


def test_all_contract_plans_are_shipped_and_load(capsys) -> None:
    call_command("load_plans")
    assert set(Plan.objects.values_list("key", flat=True)) == CONTRACT_KEYS
    assert AuditEntry.objects.filter(action="plan.loaded").count() == 7
    jx = Plan.objects.get(key="jx-2021-it-assistant")
    assert jx.level == "assistant" and jx.committee.kind == "committee"
    # Both Jiaxing plans belong to one committee.
    assert Plan.objects.get(key="jx-2021-it-engineer").committee == jx.committee


def test_loading_twice_changes_nothing() -> None:
    call_command("load_plans")
    call_command("load_plans")
    assert Plan.objects.count() == 7
    assert AuditEntry.objects.filter(action="plan.loaded").count() == 7


def test_bad_file_names_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[plan]\nkey = "x"\ntitle = "t"\nlevel = "boss"\nyear = 2024\n'
                   'committee = "c"\n', encoding="utf-8")
    with pytest.raises(CommandError, match="level"):
        call_command("load_plans", str(bad))
    missing = tmp_path / "missing.toml"
    missing.write_text('[plan]\nkey = "x"\n', encoding="utf-8")
    with pytest.raises(loader.PlanFileError, match="title"):
        loader.read(missing)


def test_syntax_error_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "syntax.toml"
    bad.write_text('[plan]\nkey = "x"\ntitle = \n', encoding="utf-8")
    with pytest.raises(loader.PlanFileError, match="line 3"):
        loader.read(bad)
