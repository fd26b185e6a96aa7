from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("switch-role/", views.switch_role, name="switch_role"),
    path("employers/register/", views.employer_register, name="employer_register"),
    path("employers/", views.employer_list, name="employer_list"),
    path("employers/<int:pk>/", views.employer_review, name="employer_review"),
    path("employers/<int:pk>/letter/", views.employer_letter, name="employer_letter"),
    path("departments/", views.department_list, name="department_list"),
    path("experts/", views.expert_list, name="expert_list"),
    path("my-employer/", views.my_employer, name="my_employer"),
]
