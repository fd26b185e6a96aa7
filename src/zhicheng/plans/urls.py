from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("precheck/", views.precheck, name="precheck"),
    path("screen/", views.screen, name="screen"),
    path("screen/template.xlsx", views.screen_template, name="screen_template"),
    path("screen/<int:pk>/results.xlsx", views.screen_download, name="screen_download"),
]
