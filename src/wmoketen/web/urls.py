from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("aanmelden/", auth_views.LoginView.as_view(), name="login"),
    path("afmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("catalogus/", include("wmoketen.catalogus.urls")),
    path("contracten/", include("wmoketen.contracten.urls")),
    path("clienten/", include("wmoketen.clienten.urls")),
]
