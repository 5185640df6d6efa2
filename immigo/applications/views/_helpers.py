"""Access checks, domain errors as HTTP answers, and the error summary shared by the pages."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import wraps
from typing import Any, NoReturn, cast

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.http import content_disposition_header

from immigo.accounts.models import User
from immigo.core.errors import DomainError, NotFoundError, PermissionDeniedError

from ..catalogue import service_get
from ..models import Case

View = Callable[..., HttpResponseBase]


class AuthenticatedRequest(HttpRequest):
    """A request past `public_account_required` or `staff_required`: its user is signed in."""

    user: User  # type: ignore[assignment]


ACCEPTED_UPLOADS = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


def _account_kind_required(kind: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if getattr(user, "kind", None) != kind:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


public_account_required = _account_kind_required(User.Kind.PUBLIC)
staff_required = _account_kind_required(User.Kind.STAFF)


def raise_as_http(exc: DomainError) -> NoReturn:
    """Not found and not allowed become Django's 404 and 403 pages; anything else propagates."""
    if isinstance(exc, NotFoundError):
        raise Http404(str(exc.message)) from exc
    if isinstance(exc, PermissionDeniedError):
        raise PermissionDenied(str(exc.message)) from exc
    raise exc


def attach_domain_errors(exc: DomainError, bound_forms: Sequence[forms.Form]) -> None:
    """Puts a domain error's field messages (`details["fields"]`) beside the fields they name,
    on whichever of the forms has that field; the rest go to the first form's top."""
    fields: dict[str, list[Any]] = exc.details.get("fields") or {}
    for name, field_messages in fields.items():
        target = next((form for form in bound_forms if name in form.fields), None)
        for message in field_messages:
            if target is not None:
                target.add_error(name, str(message))
            else:
                bound_forms[0].add_error(None, str(message))
    if not fields:
        bound_forms[0].add_error(None, str(exc.message))


def error_summary(*bound_forms: forms.Form) -> list[dict[str, str]]:
    """Every error of the forms, top-level ones first, then in the order of the fields, each with
    the anchor of its input (GOV.UK error summary)."""
    summary: list[dict[str, str]] = []
    for form in bound_forms:
        summary += [{"href": "", "label": "", "message": str(message)} for message in form.non_field_errors()]
    for form in bound_forms:
        for bound in form:
            summary += [{"href": f"#{bound.id_for_label}", "label": str(bound.label), "message": str(message)} for message in bound.errors]
    return summary


def domain_error_text(exc: DomainError) -> str:
    """The error's message followed by its field messages, for a one-line notice."""
    parts = [str(exc.message)]
    for field_messages in (exc.details.get("fields") or {}).values():
        parts += [str(m) for m in field_messages if str(m) not in parts]
    return " ".join(parts)


def service_name_in(case: Case, language: str | None = None) -> str:
    """The service's name in the given language (the case's own language by default)."""
    with translation.override(language or case.language):
        return str(service_get(case.service_code).name)


def documents_received(case: Case) -> list[str]:
    """The documents on file for a case, as printed on its receipt (in the case's language)."""
    from django.utils.translation import gettext

    service = service_get(case.service_code)
    labels = {doc.code: doc.label for doc in service.documents}
    out: list[str] = []
    with translation.override(case.language):
        for doc in case.documents.all():
            label = str(labels.get(doc.requirement_code, doc.requirement_code))
            if doc.seen_at_counter:
                out.append(gettext("%(document)s (original seen at the counter)") % {"document": label})
            else:
                out.append(label)
    return out


def uploads(request: HttpRequest, codes: Iterable[str]) -> dict[str, UploadedFile]:
    """The uploaded files among `codes` (one file per input)."""
    return {code: cast(UploadedFile, request.FILES[code]) for code in codes if code in request.FILES}


def pdf_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response
