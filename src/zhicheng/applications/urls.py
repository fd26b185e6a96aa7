from django.urls import path

from . import views

app_name = "applications"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("start/<int:plan_pk>/", views.start, name="start"),
    path("<int:pk>/", views.progress, name="progress"),
    path("<int:pk>/photo.jpg", views.photo_file, name="photo"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/form.pdf", views.form_pdf, name="form_pdf"),
    path("<int:pk>/reexam/", views.reexam_request, name="reexam"),
    path("<int:pk>/<slug:step>/", views.step, name="step"),
]
