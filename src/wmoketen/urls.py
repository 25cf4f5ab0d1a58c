from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from wmoketen.accounts.views import Afmelden

admin.site.site_header = "wmoketen – functioneel beheer"
admin.site.site_title = "wmoketen beheer"
admin.site.index_title = "Catalogus, contracten en gebruikers"

handler400 = "wmoketen.web.views.ongeldig_verzoek"

urlpatterns = [
    # The admin signs in and out through the application's own pages: password, second factor, lockout, the
    # session in "Mijn sessies", the session ended on the server (before admin.site.urls, which has its own).
    path("beheer/login/", RedirectView.as_view(pattern_name="login", query_string=True), name="beheer_aanmelden"),
    path("beheer/logout/", Afmelden.as_view(), name="beheer_afmelden"),
    path("beheer/", admin.site.urls),
    path("", include("wmoketen.web.urls")),
]
