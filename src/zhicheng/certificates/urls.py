from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("by_token/<str:token>/", views.by_token, name="by_token"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/certificate.pdf", views.mine_pdf, name="mine_pdf"),
    path("office/", views.office_list, name="office_list"),
    path("office/issue/<int:app_pk>/", views.office_issue, name="office_issue"),
    path("office/<int:pk>/", views.office_detail, name="office_detail"),
    path("office/<int:pk>/revoke/", views.office_revoke, name="office_revoke"),
    path("office/<int:pk>/reissue/", views.office_reissue, name="office_reissue"),
    path("office/<int:pk>/certificate.pdf", views.office_pdf, name="office_pdf"),
]
