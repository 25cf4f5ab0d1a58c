from django.urls import path

from . import views

app_name = "beheer"
urlpatterns = [
    path("", views.taken, name="taken"),
    path(
        "bereiksignaal/<int:signaal_id>/afhandelen/",
        views.bereiksignaal_afhandelen,
        name="bereiksignaal_afhandelen",
    ),
]
