from django.urls import path

from . import views

app_name = "clienten"
urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("<int:client_id>/", views.detail, name="detail"),
]
