from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("post/", views.switch_post, name="switch_post"),
    path("security/", views.security, name="security"),
    path("security/password/", views.change_password, name="change_password"),
    path("security/tokens/", views.create_token, name="create_token"),
    path("security/tokens/<int:pk>/revoke/", views.revoke_token, name="revoke_token"),
    path("security/two-factor/enroll/", views.totp_enroll, name="totp_enroll"),
    path("security/two-factor/confirm/", views.totp_confirm, name="totp_confirm"),
    path("security/two-factor/remove/", views.totp_remove, name="totp_remove"),
]
