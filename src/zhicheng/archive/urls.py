from django.urls import path

from . import ce_views, pdf_views, portable, verify, views

app_name = "archive"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.json", portable.export_profile, name="export"),
    path("import/", portable.import_profile, name="import"),
    path("verify/", verify.pending, name="verify_list"),
    path("ce-import/", ce_views.import_ce, name="ce_import"),
    path("ce-summary.pdf", pdf_views.hours_summary, name="ce_pdf"),
    path("appraisal-form.pdf", pdf_views.appraisal_template, name="appraisal_pdf"),
    path("achievements/<int:pk>/certificate.pdf", pdf_views.project_certificate,
         name="project_pdf"),
    path("verify/<slug:slug>/<int:pk>/", verify.decide, name="verify"),
    path("<slug:slug>/", views.section_list, name="section"),
    path("<slug:slug>/add/", views.section_edit, name="add"),
    path("<slug:slug>/<int:pk>/", views.section_edit, name="edit"),
    path("<slug:slug>/<int:pk>/delete/", views.section_delete, name="delete"),
    path("<slug:slug>/<int:pk>/file/<str:field>/", views.file, name="file"),
]
