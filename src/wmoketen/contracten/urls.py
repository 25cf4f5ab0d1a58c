from django.urls import path

from . import views

app_name = "contracten"
urlpatterns = [
    path("", views.overeenkomsten, name="overeenkomsten"),
    path("<int:overeenkomst_id>/", views.overeenkomst, name="overeenkomst"),
]
