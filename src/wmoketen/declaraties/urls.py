from django.urls import path

from . import views

app_name = "declaraties"
urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("<int:declaratie_id>/", views.detail, name="detail"),
    path("betalingen/", views.betalingen, name="betalingen"),
    path("betalingen/nieuw/", views.batch_aanmaken, name="batch_aanmaken"),
    path("betalingen/<int:batch_id>/", views.batch_detail, name="batch_detail"),
    path("betalingen/<int:batch_id>/<str:actie>/", views.batch_actie, name="batch_actie"),
    path("betalingen/<int:batch_id>/export/<str:soort>/", views.batch_export, name="batch_export"),
    path("plafonds/", views.plafonds, name="plafonds"),
    path("cak/", views.cak, name="cak"),
]
