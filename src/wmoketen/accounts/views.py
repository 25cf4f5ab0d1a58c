"""Sign-in with a second factor, sign-out that ends the session on the server, and the user's own sessions."""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import services, tweefactor
from .demo import DEMO_TOTP_GEHEIM
from .forms import CodeForm
from .http import IngelogdVerzoek
from .models import Sessie

NIEUW_GEHEIM = "nieuw_totp_geheim"


def _volgende(request: IngelogdVerzoek) -> str:
    doel = request.POST.get("next") or request.GET.get("next") or reverse("home")
    return doel if url_has_allowed_host_and_scheme(doel, allowed_hosts={request.get_host()}) else reverse("home")


class Aanmelden(auth_views.LoginView):
    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)  # login() renews the session id
        services.sessie_registreren(
            gebruiker=form.get_user(),
            sessie=self.request.session,
            ip_adres=self.request.META.get("REMOTE_ADDR"),
            apparaat=self.request.META.get("HTTP_USER_AGENT", ""),
        )
        return response


class Afmelden(auth_views.LogoutView):
    def post(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        services.sessie_afmelden(sessiesleutel=request.session.session_key)
        return super().post(request, *args, **kwargs)  # flushes the session on the server


def geblokkeerd(
    request: HttpRequest, response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """django-axes' answer to a locked-out account or address: 429 with a Dutch page."""
    minuten = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(request, "accounts/geblokkeerd.html", {"minuten": minuten}, status=429)


def _code_mislukt(request: IngelogdVerzoek) -> None:
    """A wrong code counts as a failed sign-in for django-axes (per account and per address, logged), so codes
    cannot be guessed without limit; at the limit AxesMiddleware answers with the lockout page."""
    user_login_failed.send(sender=__name__, credentials={"username": request.user.username}, request=request)


def _geblokkeerd(request: IngelogdVerzoek) -> HttpResponse | None:
    credentials = {"username": request.user.username}
    if AxesProxyHandler.is_allowed(request, credentials):
        return None
    return geblokkeerd(request, None, credentials)


@login_required
def tweede_factor(request: IngelogdVerzoek) -> HttpResponse:
    gebruiker = request.user
    if (blokkade := _geblokkeerd(request)) is not None:
        return blokkade
    if not gebruiker.totp_geheim:
        return _instellen(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.tweede_factor_controleren(
            gebruiker=gebruiker, sessie=request.session, code=form.cleaned_data["code"]
        ):
            return HttpResponseRedirect(_volgende(request))
        _code_mislukt(request)
        form.add_error(
            "code",
            "Deze code klopt niet of is al gebruikt. Wacht op de volgende code, kijk of de tijd op uw telefoon goed "
            "staat en probeer opnieuw.",
        )
    demo_hint = settings.WMOKETEN_DEMO and gebruiker.totp_geheim == DEMO_TOTP_GEHEIM
    return render(
        request, "accounts/tweede_factor.html", {"form": form, "next": _volgende(request), "demo_hint": demo_hint}
    )


def _instellen(request: IngelogdVerzoek) -> HttpResponse:
    geheim = request.session.get(NIEUW_GEHEIM) or tweefactor.nieuw_geheim()
    request.session[NIEUW_GEHEIM] = geheim
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.tweede_factor_instellen(gebruiker=request.user, geheim=geheim, code=form.cleaned_data["code"]):
            del request.session[NIEUW_GEHEIM]
            services.tweede_factor_bewezen(gebruiker=request.user, sessie=request.session)
            messages.success(request, "Tweestapsverificatie is ingesteld.")
            return HttpResponseRedirect(_volgende(request))
        _code_mislukt(request)
        form.add_error("code", "Deze code klopt niet bij de sleutel hieronder. Probeer opnieuw.")
    return render(
        request,
        "accounts/tweede_factor_instellen.html",
        {
            "form": form,
            "geheim": geheim,
            "uri": tweefactor.provisioning_uri(geheim, request.user.username),
            "next": _volgende(request),
        },
    )


@login_required
def sessies(request: IngelogdVerzoek) -> HttpResponse:
    eigen = Sessie.objects.filter(gebruiker=request.user)
    return render(request, "accounts/sessies.html", {"sessies": eigen, "huidige": request.session.session_key})


@login_required
@require_POST
def sessie_beeindigen(request: IngelogdVerzoek, sessie_id: int) -> HttpResponse:
    if services.sessie_beeindigen(gebruiker=request.user, sessie_id=sessie_id):
        messages.success(request, "De sessie is beëindigd.")
    else:
        messages.error(request, "Die sessie bestaat niet (meer).")
    return redirect("sessies")
