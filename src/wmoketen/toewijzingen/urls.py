from django.urls import path

from . import views

app_name = "toewijzingen"
urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("client/<int:client_id>/beeindigen/", views.beeindigen, name="beeindigen"),
    path("<int:toewijzing_id>/", views.toewijzing, name="toewijzing"),
]
