from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse

from zhicheng.audit.domain import Who
from zhicheng.core.admin_audit import AuditedAdmin
from zhicheng.orgs.admin import office_committee_ids
from zhicheng.orgs.models import Organisation, OrgKind

from . import loader
from .forms import PlanUploadForm
from .models import Plan, ScreeningRun


@admin.register(Plan)
class PlanAdmin(AuditedAdmin):
    list_display = ("key", "title", "level", "year", "committee", "status", "apply_closes")
    list_filter = ("status", "level", "year")
    search_fields = ("key", "title")
    readonly_fields = ("document_sha256", "updated_at", "source")
    exclude = ("document",)
    change_list_template = "admin/plans/plan/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Plan]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(committee_id__in=office_committee_ids(request.user))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "committee":
            committees = Organisation.objects.filter(kind=OrgKind.COMMITTEE)
            if not request.user.is_superuser:
                committees = committees.filter(pk__in=office_committee_ids(request.user))
            kwargs["queryset"] = committees
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_urls(self) -> list[Any]:
        upload = self.admin_site.admin_view(self.upload_view)
        return [path("upload/", upload, name="plans_plan_upload"), *super().get_urls()]

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a plan file: checked completely (line numbers on errors), then loaded."""
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = PlanUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            name, raw = form.cleaned_data["file"]
            try:
                pf = loader.read_bytes(raw, name)
                committee = pf.document["plan"]["committee"]
                allowed = request.user.is_superuser or Organisation.objects.filter(
                    pk__in=office_committee_ids(request.user), name=committee).exists()
                if not allowed:
                    raise loader.PlanFileError(
                        f"{name}：只能上传本评委会（而非“{committee}”）的计划")
                existing = Plan.objects.filter(key=pf.document["plan"]["key"]).first()
                if existing and not request.user.is_superuser and \
                        existing.committee_id not in office_committee_ids(request.user):
                    raise loader.PlanFileError(f"{name}：计划代码已被其他评委会使用")
                plan, changed = loader.load(pf, status=form.cleaned_data["status"],
                                            who=Who.from_request(request))
            except loader.PlanFileError as exc:
                form.add_error("file", str(exc))
            else:
                text = "已载入" if changed else "内容未变化"
                messages.success(request, f"{text}：{plan.key} {plan.title}")
                return redirect(reverse("admin:plans_plan_change", args=[plan.pk]))
        context = {**self.admin_site.each_context(request), "form": form,
                   "title": "上传计划文件", "opts": self.model._meta}
        return render(request, "admin/plans/plan/upload.html", context)


@admin.register(ScreeningRun)
class ScreeningRunAdmin(admin.ModelAdmin):
    list_display = ("plan", "committee", "created_at", "total", "eligible", "ineligible",
                    "needs_review", "errors")
    exclude = ("results",)  # shown as a storage URL (on S3, a signed link to the bucket)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
