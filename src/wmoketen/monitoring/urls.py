from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("benchmark/", views.benchmark, name="benchmark"),
    path("aanbieder/<int:aanbieder_id>/", views.rapport, name="rapport"),
    path("aanbieder/<int:aanbieder_id>/rapport.pdf", views.rapport_als_pdf, name="rapport_pdf"),
    path("export/<slug:code>.<str:formaat>", views.export, name="export"),
]
