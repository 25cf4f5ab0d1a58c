from django.urls import path

from . import views

app_name = "catalogus"
urlpatterns = [
    path("<slug:code>/", views.regio_catalogus, name="regio"),
]
