"""The public pages (seed H13): the standard search (sex, age, reason), the advanced search, one
entry, and its photo. Only published entries of people still missing are ever shown; ID numbers
never are. The hotline is on every page."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from immigo.applications.views._helpers import error_summary
from immigo.core.errors import NotFoundError, RateLimitedError
from immigo.core.middleware import client_ip

from .. import selectors
from ..forms import AdvancedSearchForm, StandardSearchForm
from ..models import MissingPerson
from ..photos import photo_content_type
from ..selectors import PublicSearch

PER_PAGE = 12
# Seed H13 / J: the hotline for information on missing mainland persons.
HOTLINE = "02-2375-7372"
STANDARD_FIELDS = ("sex", "age_min", "age_max", "reason")


EMPTY_SEARCH = _("Fill in at least one field to search.")


def _search(data: dict[str, Any], names: tuple[str, ...] | None = None) -> PublicSearch:
    return PublicSearch(**{name: value for name, value in data.items() if names is None or name in names})


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    form = StandardSearchForm(request.GET or None)
    criteria = _search(form.cleaned_data, STANDARD_FIELDS) if form.is_bound and form.is_valid() else PublicSearch()
    people = selectors.missing_person_search_public(search=criteria)
    page = Paginator(people, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "errors": error_summary(form) if form.is_bound and not form.is_valid() else [],
        "page": page,
        "hotline": HOTLINE,
        "searched": form.is_bound,
    }
    return render(request, "missing/search.html", context, status=422 if form.is_bound and not form.is_valid() else 200)


@require_http_methods(["GET", "POST"])
def advanced(request: HttpRequest) -> HttpResponse:
    """The advanced search is a POST form, so an ID number never appears in an address (logs,
    history, bookmarks); its result pages are buttons of the same form, which works without
    JavaScript."""
    form = AdvancedSearchForm(request.POST if request.method == "POST" else None)
    page, status = None, 200
    if form.is_bound:
        if form.is_valid() and not form.is_empty():
            try:
                people = selectors.missing_person_search_public(search=_search(form.cleaned_data), client_key=client_ip(request) or "")
            except RateLimitedError as exc:
                form.add_error(None, str(exc.message))
                status = 429
            else:
                page = Paginator(people, PER_PAGE).get_page(request.POST.get("page"))
        elif form.is_valid():
            form.add_error(None, str(EMPTY_SEARCH))
            status = 422
        else:
            status = 422
    context = {"form": form, "errors": error_summary(form) if form.is_bound else [], "page": page, "hotline": HOTLINE}
    response = render(request, "missing/advanced.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def detail(request: HttpRequest, case_number: str) -> HttpResponse:
    try:
        person = selectors.missing_person_get_public(case_number=case_number)
    except NotFoundError:
        raise Http404 from None
    return render(request, "missing/detail.html", {"person": person, "hotline": HOTLINE})


@require_safe
def photo(request: HttpRequest, case_number: str) -> FileResponse:
    try:
        person = selectors.missing_person_get_public(case_number=case_number)
    except NotFoundError:
        raise Http404 from None
    return photo_response(person, public=True)


def photo_response(person: MissingPerson, *, public: bool) -> FileResponse:
    if not person.photo:
        raise Http404
    handle = person.photo.open("rb")
    head = handle.read(8)
    handle.seek(0)
    response = FileResponse(handle, content_type=photo_content_type(head))
    # Public photos may be cached briefly; a found person's photo must disappear soon after.
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
