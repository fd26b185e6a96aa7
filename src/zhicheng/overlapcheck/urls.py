from django.urls import path

from . import views

app_name = "overlapcheck"
urlpatterns = [
    path("", views.index, name="index"),
    path("materials/<int:pk>/check/", views.run, name="run"),
    path("reindex/", views.reindex, name="reindex"),
    path("reports/<int:pk>/", views.report, name="report"),
]
