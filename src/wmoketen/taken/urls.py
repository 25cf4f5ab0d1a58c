from django.urls import path

from . import views

app_name = "taken"
urlpatterns = [
    path("<uuid:taak_id>/", views.detail, name="detail"),
    path("<uuid:taak_id>/status/", views.status, name="status"),
    path("<uuid:taak_id>/bestand/", views.bestand, name="bestand"),
    path("<uuid:taak_id>/opnieuw/", views.opnieuw, name="opnieuw"),
    path("<uuid:taak_id>/afhandelen/", views.afhandelen, name="afhandelen"),
]
