from django.urls import path

from . import declareren, upload, views

app_name = "berichten"
urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("<int:bericht_id>/", views.detail, name="detail"),
    path("upload/", upload.upload, name="upload"),
    path("portaal/", views.portaal_pagina, name="portaal"),
    path("portaal/verzoek-om-toewijzing/", views.vot_versturen, name="vot"),
    path("portaal/toewijzing/<int:toewijzing_id>/", views.toewijzing_pagina, name="toewijzing"),
    path("portaal/toewijzing/<int:toewijzing_id>/start/", views.start_versturen, name="start"),
    path("portaal/toewijzing/<int:toewijzing_id>/stop/<int:start_id>/", views.stop_versturen, name="stop"),
    path("portaal/toewijzing/<int:toewijzing_id>/wijziging/", views.vow_versturen, name="vow"),
    path("portaal/declareren/", declareren.declareren, name="declareren"),
    path("portaal/declareren/corrigeren/<int:prestatie_id>/", declareren.corrigeren, name="corrigeren"),
    path("verzoeken/", views.verzoeken_pagina, name="verzoeken"),
    path("verzoeken/<int:verzoek_id>/", views.verzoek_pagina, name="verzoek"),
    path("verzoeken/<int:verzoek_id>/antwoord/", views.verzoek_beantwoorden, name="antwoord"),
    path(
        "verzoeken/<int:verzoek_id>/regel/<int:regel_id>/antwoord/", views.verzoek_beantwoorden, name="regel_antwoord"
    ),
]
