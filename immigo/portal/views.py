"""Public portal pages: the home page, a page per audience, display options, and the pages about
the site (accessibility, privacy, sitemap)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from immigo.applications.catalogue import SERVICES
from immigo.applications.models import Channel
from immigo.core.errors import NotFoundError
from immigo.directory import selectors as directory

from .audiences import AUDIENCES, audience_get, service_list_for_audience
from .display import display_options_get, display_options_set
from .forms import DisplayOptionsForm
from .navigation import about_sections, main_sections, more_sections
from .tools import tool_list_for_user


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    services = list(SERVICES.values())
    context = {"audiences": AUDIENCES, "services": services, "online_services": [s for s in services if s.offers(Channel.ONLINE)]}
    return render(request, "portal/home.html", context)


@require_GET
def audience(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        chosen = audience_get(slug=slug)
    except NotFoundError:
        raise Http404 from None
    services = [
        {"service": service, "online": service.offers(Channel.ONLINE), "counter": service.offers(Channel.COUNTER)}
        for service in service_list_for_audience(audience=chosen)
    ]
    others = [a for a in AUDIENCES if a.slug != chosen.slug]
    return render(request, "portal/audience.html", {"audience": chosen, "services": services, "other_audiences": others})


def _safe_next(request: HttpRequest, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return value
    return ""


@require_http_methods(["GET", "POST"])
def display_options(request: HttpRequest) -> HttpResponse:
    """The full form; the footer of every page posts its short form here too. After saving, the
    visitor goes back to the page they came from."""
    current = display_options_get(request)
    status = 200
    if request.method == "POST":
        form = DisplayOptionsForm(request.POST)
        if form.is_valid():
            options = form.options()
            response = HttpResponseRedirect(_safe_next(request, form.cleaned_data["next"]) or reverse("portal:display_options"))
            display_options_set(response, options=options, secure=request.is_secure())
            messages.success(request, _("Your display options are saved."))
            return response
        status = 422
    else:
        form = DisplayOptionsForm(
            initial={"theme": current.theme, "size": current.size, "next": _safe_next(request, request.GET.get("next"))}
        )
    return render(request, "portal/display_options.html", {"form": form}, status=status)


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/privacy.html", {"map_enabled": bool(settings.IMMIGO_MAP_TILE_URL)})


@require_GET
def tools(request: HttpRequest) -> HttpResponse:
    """The signed-in staff member's or organisation's tools, by role and kind."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    sections = tool_list_for_user(request.user)  # type: ignore[arg-type]
    if not sections:
        raise PermissionDenied
    return render(request, "portal/tools.html", {"sections": sections})


@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    context = {
        "main_sections": main_sections(),
        "more_sections": more_sections(),
        "about_sections": about_sections(),
        "audiences": AUDIENCES,
        "services": list(SERVICES.values()),
        "stations": [(s.code, directory.local_name(s)) for s in directory.station_list()],
    }
    return render(request, "portal/sitemap.html", context)
