"""The public page that checks an issued document by the code in its QR code."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .documents.fields import signed_fields
from .documents.signing import TOKEN_MAX_LENGTH
from .documents.verify import document_verify


class DocumentVerifyForm(forms.Form):
    t = forms.CharField(
        label=_("Code from the document's QR code, or the link it opens"),
        help_text=_("Scanning the QR code opens this page with the code filled in. You can also paste the code or the whole link."),
        # A pasted link is the token plus the site's address.
        max_length=TOKEN_MAX_LENGTH + 200,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "autocomplete": "off", "autocapitalize": "off"}),
    )


@never_cache
@require_safe
def document_verify_page(request: HttpRequest) -> HttpResponse:
    """GET, so the link in a QR code and the form (which works without JavaScript) are one page."""
    result = None
    if "t" in request.GET:
        form = DocumentVerifyForm(request.GET)
        if form.is_valid():
            result = document_verify(form.cleaned_data["t"])
    else:
        form = DocumentVerifyForm()
    context = {
        "form": form,
        "result": result,
        "fields": signed_fields(result.payload) if result is not None and result.payload else [],
    }
    response = render(request, "applications/verify.html", context)
    # The page shows personal data from the document: keep it out of search engines.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
