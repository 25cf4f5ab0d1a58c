from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "wmoketen – functioneel beheer"
admin.site.site_title = "wmoketen beheer"
admin.site.index_title = "Catalogus, contracten en gebruikers"

urlpatterns = [
    path("beheer/", admin.site.urls),
    path("", include("wmoketen.web.urls")),
]
