from django.urls import path

from . import views

app_name = "stats"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:table>.xlsx", views.download, name="download"),
]
