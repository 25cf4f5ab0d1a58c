from django.urls import path

from . import views

app_name = "herindicatie"
urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("evaluatie/<int:evaluatie_id>/", views.evaluatie, name="evaluatie"),
    path("signaal/<int:signaal_id>/melden/", views.signaal_melden, name="signaal_melden"),
    path("signaal/<int:signaal_id>/starten/", views.signaal_starten, name="signaal_starten"),
    path("conversies/aanleveren/", views.conversie_aanleveren, name="conversie_aanleveren"),
    path("conversie/<slug:code>/", views.conversie, name="conversie"),
    path("conversie/<slug:code>/starten/", views.conversie_starten, name="conversie_starten"),
    path("conversie/<slug:code>/planning/", views.planning, name="planning"),
    path("run/<int:run_id>/rapport.<str:formaat>", views.rapport, name="rapport"),
]
