from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "职称评审平台 · 管理后台"
admin.site.site_title = "职称评审平台"

urlpatterns = [
    path("", include(("zhicheng.core.urls", "core"))),
    path("accounts/", include("zhicheng.accounts.urls")),
    path("orgs/", include("zhicheng.orgs.urls")),
    path("plans/", include("zhicheng.plans.urls")),
    path("archive/", include("zhicheng.archive.urls")),
    path("applications/", include("zhicheng.applications.urls")),
    path("notifications/", include("zhicheng.notifications.urls")),
    path("reviews/", include("zhicheng.reviews.urls")),
    path("experts/", include("zhicheng.experts.urls")),
    path("overlap/", include("zhicheng.overlapcheck.urls")),
    path("jobs/", include("zhicheng.jobs.urls")),
    path("certificates/", include("zhicheng.certificates.urls")),
    path("meetings/", include("zhicheng.meetings.urls")),
    path("stats/", include("zhicheng.stats.urls")),
    path("api/", include("zhicheng.api.urls")),
    path("api-tokens/", include("zhicheng.api.pages")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# JSON errors under /api/ (the pages keep Django's own)
handler404 = "zhicheng.api.errors.handler404"
handler500 = "zhicheng.api.errors.handler500"
