from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("register/", views.register, name="register"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("me/", views.profile, name="profile"),
    path("confirm/", views.confirm_password, name="confirm_password"),
    path("me/password/", views.password_change, name="password_change"),
    path("me/mobile/", views.mobile_change, name="mobile_change"),
]
