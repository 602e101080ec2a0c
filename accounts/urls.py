from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("profile/", views.profile, name="profile"),
    path("profile/token/", views.token_create, name="token-create"),
    path("profile/token/revoke/", views.token_revoke, name="token-revoke"),
    path("profile/calendar/", views.calendar_create, name="calendar-create"),
    path("profile/calendar/revoke/", views.calendar_revoke, name="calendar-revoke"),
]
