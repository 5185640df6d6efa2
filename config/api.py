"""The one JSON API object (/api/v1/). Each app adds its router; one handler turns every error
into {code, message, details} in the caller's language."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from immigo.core.errors import DomainError

api = NinjaAPI(
    title="Immigo API",
    version="1",
    description="Public services of the immigration agency: service catalogue, applications, status lookup and staff case actions.",
    urls_namespace="api",
)


def _error(request: HttpRequest, status: int, code: str, message: str, details: object = None) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, "details": details or {}}, status=status)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    body = exc.as_dict()
    return _error(request, exc.status, body["code"], body["message"], body["details"])


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload", "form")]
        fields.setdefault(".".join(loc) or "__all__", []).append(str(err.get("msg", "")))
    return _error(request, 422, "invalid_input", _("Some fields need your attention."), {"fields": fields})


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "not_authenticated", _("Please sign in first."))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "http_error", str(exc))


@api.get("/health", tags=["operations"], summary="Liveness probe for load balancers (no database access)")
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}


# Each app with a JSON API has `api.py` defining `router`; mounted at the prefix given here.
ROUTERS: tuple[tuple[str, str], ...] = (
    ("/", "immigo.applications.api"),
    ("/appointments/", "immigo.appointments.api"),
    ("/queue/", "immigo.queues.api"),
    ("/feedback/", "immigo.feedback.api"),
    ("/residence/", "immigo.residence.api"),
    ("/quotas/", "immigo.quotas.api"),
    ("/forms/", "immigo.onlineforms.api"),
)


def _register_routers() -> None:
    import importlib
    import importlib.util

    for prefix, module_name in ROUTERS:
        if importlib.util.find_spec(module_name) is None:
            continue  # the app has no JSON API (yet)
        api.add_router(prefix, importlib.import_module(module_name).router)


_register_routers()
