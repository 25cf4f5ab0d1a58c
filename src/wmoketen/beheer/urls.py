from django.urls import path

from . import views

app_name = "beheer"
urlpatterns = [
    path("", views.taken, name="taken"),
]
