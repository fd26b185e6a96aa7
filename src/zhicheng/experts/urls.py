from django.urls import path

from . import views

app_name = "experts"
urlpatterns = [
    path("", views.pool, name="pool"),
    path("plans/<int:pk>/", views.plan_desk, name="plan"),
    path("plans/<int:pk>/propose/", views.propose, name="propose"),
    path("plans/<int:pk>/sheet/", views.sheet, name="sheet"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/revise/", views.run_revise, name="run_revise"),
    path("runs/<int:pk>/apply/", views.run_apply, name="run_apply"),
    path("groups/<int:pk>/interviews/", views.interviews, name="interviews"),
    path("pool/<int:pk>/conflicts/", views.office_conflict, name="office_conflict"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/", views.review, name="review"),
    path("mine/<int:pk>/material/<slug:part>/<int:index>/", views.material, name="material"),
    path("mine/conflicts/", views.declare, name="declare"),
]
