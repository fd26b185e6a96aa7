from django.urls import path

from . import office_views, views

app_name = "reviews"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("bulk/preview/", views.bulk_preview, name="bulk_preview"),
    path("bulk/apply/", views.bulk_apply, name="bulk_apply"),
    path("app/<int:pk>/", views.detail, name="detail"),
    path("app/<int:pk>/act/", views.act, name="act"),
    path("app/<int:pk>/material/<slug:part>/<int:index>/", views.material, name="material"),
    path("app/<int:pk>/objections/", views.objection_add, name="objection_add"),
    path("app/<int:pk>/objections/<int:objection_pk>/", views.objection_resolve,
         name="objection_resolve"),
    path("app/<int:pk>/fraud/", views.fraud, name="fraud"),
    path("app/<int:pk>/paper/", views.paper, name="paper"),
    path("app/<int:pk>/fee/", views.fee, name="fee"),
    path("exports/", office_views.export_list, name="exports"),
    path("exports/new/", office_views.export_new, name="export_new"),
    path("exports/<int:pk>/", office_views.export_detail, name="export"),
    path("exports/<int:pk>/download/", office_views.export_download, name="export_download"),
    path("plans/", office_views.plan_list, name="plans"),
    path("plans/<int:pk>/", office_views.plan_edit, name="plan_edit"),
]
