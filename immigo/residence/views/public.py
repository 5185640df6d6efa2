"""The renewal link of a notice: opens the B06 application with the registry's details filled in.

The link carries a signed token (never a guessable id); the page needs the resident to sign in, as
every application does, and guessing is throttled. Sending the form files the application through
the applications app exactly as its own page does."""

from __future__ import annotations

from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from immigo.applications.catalogue import service_get
from immigo.applications.views import _catalogue
from immigo.applications.views import public as applications_public
from immigo.applications.views._helpers import AuthenticatedRequest, public_account_required
from immigo.applications.views.public_forms import DocumentsForm
from immigo.core.middleware import client_ip
from immigo.core.throttle import throttle_hit

from .. import selectors
from ..errors import RenewalLinkInvalidError
from ..services import renewal_token_read

LINKS_PER_CLIENT_PER_HOUR = 30


@public_account_required
@require_http_methods(["GET", "POST"])
def renew(request: AuthenticatedRequest, token: str) -> HttpResponseBase:
    if throttle_hit(
        scope="residence-renewal-link", client_key=client_ip(request) or "", limit=LINKS_PER_CLIENT_PER_HOUR, window_seconds=3600
    ):
        return render(request, "residence/link_invalid.html", {"rate_limited": True}, status=429)
    try:
        permit_id, expires_on = renewal_token_read(token=token)
    except RenewalLinkInvalidError:
        return render(request, "residence/link_invalid.html", {}, status=404)
    initial = selectors.renewal_prefill(permit_id=permit_id, expires_on=expires_on)
    if initial is None:
        return render(request, "residence/link_invalid.html", {"renewed": True}, status=404)
    service = service_get("B06")
    if request.method == "POST":
        return applications_public.apply(request, slug=service.slug)
    documents = _catalogue.document_lines(service)
    context = {
        "service": service,
        "form": service.form_class(initial=initial),
        "documents_form": DocumentsForm(documents=documents),
        "errors": [],
        "fee": _catalogue.fee_text(service),
    }
    return render(request, "applications/apply.html", context)
