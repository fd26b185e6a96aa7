from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/open/", views.open_voting, name="open"),
    path("<int:pk>/close/", views.close_voting, name="close"),
    path("results/<int:plan_pk>/", views.results, name="results"),
    path("reexam/<int:pk>/decide/", views.decide_reexam, name="decide_reexam"),
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/vote/<int:app_pk>/", views.cast, name="cast"),
]
