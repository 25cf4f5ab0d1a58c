from django.urls import include, path

from wmoketen.accounts import views as account_views
from wmoketen.clienten import views as clienten_views

from . import export, views

clienten_urls = (
    [
        path("", clienten_views.zoeken, name="lijst"),
        path("<int:client_id>/", views.client, name="detail"),
        path("<int:client_id>/gegevens/", clienten_views.gegevens, name="gegevens"),
        path("<int:client_id>/brp/", clienten_views.brp_controleren, name="brp"),
    ],
    "clienten",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("regios/", views.regios, name="regios"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("toegankelijkheid/", views.toegankelijkheid, name="toegankelijkheid"),
    path("thema/<slug:code>.css", views.thema, name="thema"),
    path("lijsten/<slug:lijst>/<slug:formaat>/", export.lijst_export, name="lijst_export"),
    path("aanmelden/", account_views.Aanmelden.as_view(), name="login"),
    path("aanmelden/code/", account_views.tweede_factor, name="tweede_factor"),
    path("afmelden/", account_views.Afmelden.as_view(), name="logout"),
    path("account/sessies/", account_views.sessies, name="sessies"),
    path("account/sessies/<int:sessie_id>/beeindigen/", account_views.sessie_beeindigen, name="sessie_beeindigen"),
    path("catalogus/", include("wmoketen.catalogus.urls")),
    path("contracten/", include("wmoketen.contracten.urls")),
    path("clienten/", include(clienten_urls)),
    path("toegang/", include("wmoketen.toegang.urls")),
    path("voorzieningen/", include("wmoketen.toewijzingen.urls")),
    path("berichten/", include("wmoketen.berichten.urls")),
    path("herindicatie/", include("wmoketen.herindicatie.urls")),
    path("declaraties/", include("wmoketen.declaraties.urls")),
    path("monitoring/", include("wmoketen.monitoring.urls")),
    path("te-doen/", include("wmoketen.signalen.urls")),
    path("taken/", include("wmoketen.beheer.urls")),
    path("taken/", include("wmoketen.taken.urls")),
    path("migratie/", include("wmoketen.migratie.urls")),
]
