"""The staff pages (/missing-persons/editor/): the list, an entry (every opening audited), the entry
form, marking found or withdrawn, and publishing. For content editors and special-operations
staff."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from immigo.applications.views._helpers import AuthenticatedRequest, attach_domain_errors, error_summary, raise_as_http, staff_required
from immigo.core.errors import DomainError

from .. import permissions, selectors, services
from ..forms import MissingPersonForm, StaffFilterForm, StatusForm
from ..models import MissingPerson
from ..workflow import ALLOWED
from .public import photo_response

PER_PAGE = 50
View = Callable[..., HttpResponseBase]


def maintainer_required(view: View) -> View:
    @staff_required
    @wraps(view)
    def wrapper(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not permissions.can_maintain(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _person(request: AuthenticatedRequest, pk: int, *, purpose: str = services.PURPOSE) -> MissingPerson:
    try:
        return selectors.missing_person_get_for_staff(user=request.user, pk=pk, purpose=purpose)
    except DomainError as exc:
        raise_as_http(exc)


def _move_label(status: MissingPerson.Status) -> str:
    """The button for a move to `status`."""
    labels = {
        MissingPerson.Status.FOUND: gettext("Mark as found"),
        MissingPerson.Status.WITHDRAWN: gettext("Withdraw the entry"),
        MissingPerson.Status.MISSING: gettext("Reopen: still missing"),
    }
    return labels[status]


def _data(form: MissingPersonForm) -> services.MissingPersonData:
    values = {name: value for name, value in form.cleaned_data.items() if name != "photo"}
    return services.MissingPersonData(**values)


@maintainer_required
def person_list(request: AuthenticatedRequest) -> HttpResponse:
    filters = StaffFilterForm(request.GET)
    query, status = ("", "")
    if filters.is_valid():
        query, status = filters.cleaned_data["q"], filters.cleaned_data["status"]
    people = selectors.missing_person_list_for_staff(user=request.user, query=query, status=status)
    page = Paginator(people, PER_PAGE).get_page(request.GET.get("page"))
    selectors.missing_person_list_audit(user=request.user, person_ids=[person.pk for person in page], query=query)
    return render(request, "missing/editor/list.html", {"page": page, "filters": filters})


@maintainer_required
@require_http_methods(["GET", "POST"])
def person_create(request: AuthenticatedRequest) -> HttpResponse:
    if request.method == "POST":
        form = MissingPersonForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                person = services.missing_person_create(by=request.user, data=_data(form), photo=request.FILES.get("photo"))
            except DomainError as exc:
                attach_domain_errors(exc, [form])
            else:
                messages.success(request, gettext("The entry was saved. It is not public until you publish it."))
                return redirect("missing:editor_detail", pk=person.pk)
        return _form_page(request, form, person=None, status=422)
    return _form_page(request, MissingPersonForm(initial={"source_agency": MissingPerson.SourceAgency.NIA}), person=None)


def _form_page(request: AuthenticatedRequest, form: MissingPersonForm, *, person: MissingPerson | None, status: int = 200) -> HttpResponse:
    errors = error_summary(form) if form.is_bound else []
    return render(request, "missing/editor/form.html", {"form": form, "errors": errors, "person": person}, status=status)


@maintainer_required
def person_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    moves = [
        {"to": to, "label": _move_label(to), "form": StatusForm(initial={"to": to.value}, auto_id=f"id_{to.value}_%s")}
        for to in sorted(ALLOWED[MissingPerson.Status(person.status)])
    ]
    return render(request, "missing/editor/detail.html", {"person": person, "moves": moves})


@maintainer_required
@require_http_methods(["GET", "POST"])
def person_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person(request, pk, purpose=f"{services.PURPOSE}: editing")
    if request.method == "POST":
        form = MissingPersonForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.missing_person_update(
                    person=person,
                    by=request.user,
                    data=_data(form),
                    photo=request.FILES.get("photo"),
                    remove_photo=request.POST.get("photo-clear") == "on",
                )
            except DomainError as exc:
                attach_domain_errors(exc, [form])
            else:
                messages.success(request, gettext("The entry was saved."))
                return redirect("missing:editor_detail", pk=person.pk)
        return _form_page(request, form, person=person, status=422)
    initial = {
        name: getattr(person, name)
        for name in MissingPersonForm.base_fields
        if name not in {"photo", "age_when_missing", "birth_year", "place_last_seen"}
    }
    initial["place_last_seen"] = person.place_last_seen_id
    if person.birth_year_estimated:
        initial["age_when_missing"] = person.age_when_missing
    else:
        initial["birth_year"] = person.birth_year
    return _form_page(request, MissingPersonForm(initial=initial), person=person)


@maintainer_required
@require_POST
def person_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person(request, pk, purpose=f"{services.PURPOSE}: status change")
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Give a reason for the change."))
        return redirect("missing:editor_detail", pk=person.pk)
    try:
        services.missing_person_move(
            person=person, to=MissingPerson.Status(form.cleaned_data["to"]), by=request.user, reason=form.cleaned_data["reason"]
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, gettext("The status was changed."))
    return redirect("missing:editor_detail", pk=person.pk)


@maintainer_required
@require_POST
def person_publication(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = _person(request, pk, purpose=f"{services.PURPOSE}: publication")
    published = request.POST.get("published") == "1"
    services.missing_person_publish(person=person, by=request.user, published=published)
    messages.success(request, gettext("The entry is now public.") if published else gettext("The entry is no longer public."))
    return redirect("missing:editor_detail", pk=person.pk)


@maintainer_required
def person_photo(request: AuthenticatedRequest, pk: int) -> FileResponse:
    person = MissingPerson.objects.filter(pk=pk).first()
    if person is None:
        raise Http404
    # The photo is part of the entry page, whose opening is already audited.
    return photo_response(person, public=False)
