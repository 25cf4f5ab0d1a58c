from django.urls import path

from . import views

app_name = "migratie"

urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("exporteren/", views.exporteren, name="exporteren"),
    path("importeren/", views.importeren, name="importeren"),
    path("<int:migratie_id>/starten/", views.starten, name="starten"),
    path("<int:migratie_id>/", views.rapport, name="rapport"),
    path("<int:migratie_id>/afwijzingen.csv", views.afwijzingen, name="afwijzingen"),
    path("<int:migratie_id>/download/", views.download, name="download"),
]
