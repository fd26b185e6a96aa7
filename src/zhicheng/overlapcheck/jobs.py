"""Overlap work as background jobs: indexing the committee's submitted materials again, and
checking one material against the index."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from zhicheng.audit.domain import Who
from zhicheng.jobs import progress
from zhicheng.jobs.models import Job, JobKind

from . import domain
from .models import Material


def start_reindex(who: Who) -> Job:
    return progress.start(who, JobKind.OVERLAP_INDEX, "已提交申报的论文与技术总结")


def reindex(job: Job, report: progress.Reporter) -> dict[str, Any]:
    app_ids = domain.applications_to_index(job.organisation_id)  # type: ignore[arg-type]
    report(0, total=len(app_ids), note="逐件索引，并按检查设置抽检")
    materials = domain.reindex(app_ids, progress=report)
    return {"summary": f"已处理申报 {len(app_ids)} 件、材料 {materials} 份。",
            "links": [{"label": "查看检查结果", "url": reverse("overlapcheck:index")}]}


def start_check(who: Who, material: Material) -> Job:
    return progress.start(who, JobKind.OVERLAP_CHECK,
                          f"{material.application.applicant.name}：{material.title}",
                          params={"material": material.pk}, total=1)


def check(job: Job, report: progress.Reporter) -> dict[str, Any]:
    material = Material.objects.select_related("application__committee", "output").get(
        pk=job.params["material"], application__committee=job.organisation)
    report(0, note="与比对库逐段比对")
    found = domain.check(material)
    flag = "，疑似重复提交" if found.resubmission else ""
    return {
        "summary": f"总文字复制比 {found.overlap_ratio:.0%}，去除本人已发表文献 "
                   f"{found.excluding_own_ratio:.0%}，与本人往年材料 {found.own_ratio:.0%}{flag}。",
        "links": [{"label": "查看检测报告",
                   "url": reverse("overlapcheck:report", args=[found.pk])}],
        "report": found.pk}
