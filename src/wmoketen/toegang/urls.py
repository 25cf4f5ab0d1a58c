from django.urls import path

from . import views

app_name = "toegang"
urlpatterns = [
    path("", views.werklijst, name="werklijst"),
    path("melding/nieuw/", views.melding_nieuw, name="melding_nieuw"),
    path("dossier/<int:melding_id>/", views.dossier, name="dossier"),
    path("dossier/<int:melding_id>/<slug:stap>/", views.stap, name="stap"),
    path("beschikking/<int:beschikking_id>/pdf/", views.beschikking_pdf, name="beschikking_pdf"),
    path("plan/<int:plan_id>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("brieven/", views.brieven, name="brieven"),
    path("brief/<int:brief_id>/pdf/", views.brief_pdf, name="brief_pdf"),
    path("brief/<int:brief_id>/bezwaar/", views.bezwaar_nieuw, name="bezwaar_nieuw"),
    path("bezwaar/<int:bezwaar_id>/", views.bezwaar, name="bezwaar"),
    path("aanbieder/plannen/", views.aanbieder_plannen, name="aanbieder_plannen"),
    path("aanbieder/plannen/<int:plan_id>/", views.aanbieder_plan, name="aanbieder_plan"),
]
