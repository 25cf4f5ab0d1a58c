from django.urls import path

from . import views

app_name = "signalen"
urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("afvinken/", views.afvinken, name="afvinken"),
]
