"""The public newsletter pages: subscribe (double opt-in), confirm, unsubscribe (one click, RFC
8058), the archive with its search, one issue, and questions to the editors. All work without
JavaScript."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from immigo.applications.views._helpers import error_summary
from immigo.core.errors import DomainError, NotFoundError, RateLimitedError
from immigo.core.middleware import client_ip

from .. import selectors, services, tokens
from ..errors import ConfirmationLinkInvalidError, UnsubscribeLinkInvalidError
from ..forms import PRIVACY_TEXT, ArchiveSearchForm, QuestionForm, SubscribeForm
from ..models import Issue

ARCHIVE_PER_PAGE = 10
LATEST_ON_HOME = 3


def _language() -> str:
    return services.supported_language(get_language() or "")


def _latest(language: str) -> list[selectors.IssueRow]:
    return selectors.issue_rows(issues=selectors.issue_list_published(language=language)[:LATEST_ON_HOME], language=language)


@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    """The newsletter's front page: what it is, the subscription form and the latest issues."""
    language = _language()
    status = 200
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_valid():
            if form.is_spam():
                return redirect("newsletter:subscribe_done")
            try:
                services.subscription_request(
                    email=form.cleaned_data["email"],
                    language=form.cleaned_data["language"],
                    consent_text=str(PRIVACY_TEXT),
                    client_key=client_ip(request) or "",
                )
            except RateLimitedError as exc:
                form.add_error(None, str(exc.message))
                status = 429
            else:
                return redirect("newsletter:subscribe_done")
        else:
            status = 422
    else:
        form = SubscribeForm(initial={"language": language})
    context = {
        "form": form,
        "errors": error_summary(form) if form.is_bound else [],
        "latest": _latest(language),
        "question_form": QuestionForm(initial={"language": language}, auto_id="id_q_%s"),
    }
    return render(request, "newsletter/home.html", context, status=status)


@require_safe
def subscribe_done(request: HttpRequest) -> HttpResponse:
    # The same page for every address, subscribed or not: it reveals nothing.
    return render(request, "newsletter/subscribe_done.html")


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows one button; POST confirms. Link checkers in mail systems open links with GET, so a
    GET alone never subscribes anyone."""
    if request.method == "GET":
        return render(request, "newsletter/confirm.html", {"token": token})
    try:
        services.subscription_confirm(token=token)
    except ConfirmationLinkInvalidError as exc:
        return render(request, "newsletter/link_invalid.html", {"message": exc.message}, status=400)
    return render(request, "newsletter/confirmed.html")


@csrf_exempt  # Authenticated by the signed token; RFC 8058 one-click POSTs come without a CSRF token.
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a page with one button; POST unsubscribes at once. Mail programs POST here with
    the body `List-Unsubscribe=One-Click` (RFC 8058)."""
    if request.method == "GET":
        try:
            tokens.unsubscribe_token_read(token)
        except UnsubscribeLinkInvalidError as exc:
            return render(request, "newsletter/link_invalid.html", {"message": exc.message}, status=400)
        return render(request, "newsletter/unsubscribe.html", {"token": token})
    try:
        subscriber = services.subscription_cancel(token=token)
    except UnsubscribeLinkInvalidError as exc:
        return render(request, "newsletter/link_invalid.html", {"message": exc.message}, status=400)
    response = render(request, "newsletter/unsubscribed.html", {"subscriber": subscriber})
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def archive(request: HttpRequest) -> HttpResponse:
    language = _language()
    form = ArchiveSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    issues = selectors.issue_list_published(language=language, query=query)
    page = Paginator(issues, ARCHIVE_PER_PAGE).get_page(request.GET.get("page"))
    rows = selectors.issue_rows(issues=page, language=language)
    return render(request, "newsletter/archive.html", {"form": form, "query": query, "page": page, "rows": rows})


@require_safe
def issue(request: HttpRequest, number: int) -> HttpResponse:
    wanted = request.GET.get("lang", "") or _language()
    try:
        published = selectors.issue_get_published(number=number, language=services.supported_language(wanted))
    except NotFoundError:
        raise Http404 from None
    context = {
        "published": published,
        "issue": published.issue,
        "version": published.version,
        "articles": published.articles,
        "question_form": QuestionForm(initial={"language": published.version.language}, auto_id="id_q_%s"),
    }
    return render(request, "newsletter/issue.html", context)


@require_http_methods(["GET", "POST"])
def question(request: HttpRequest) -> HttpResponse:
    """Readers' questions to the editors. The form also appears on the home and issue pages; its
    errors are shown here."""
    about = _issue_or_none(request.POST.get("issue") or request.GET.get("issue"))
    status = 200
    if request.method == "POST":
        form = QuestionForm(request.POST, auto_id="id_q_%s")
        if form.is_valid():
            if form.is_spam():
                return redirect("newsletter:question_done")
            try:
                services.reader_question_submit(
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    question=form.cleaned_data["question"],
                    language=form.cleaned_data["language"],
                    may_publish=form.cleaned_data["may_publish"],
                    issue=about,
                    client_key=client_ip(request) or "",
                )
            except DomainError as exc:
                form.add_error(None, str(exc.message))
                status = exc.status
            else:
                return redirect("newsletter:question_done")
        else:
            status = 422
    else:
        form = QuestionForm(initial={"language": _language()}, auto_id="id_q_%s")
    context = {"question_form": form, "errors": error_summary(form) if form.is_bound else [], "about": about}
    return render(request, "newsletter/question.html", context, status=status)


@require_safe
def question_done(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletter/question_done.html")


def _issue_or_none(value: str | None) -> Issue | None:
    if not value or not str(value).isdigit():
        return None
    return Issue.objects.filter(number=int(value), status=Issue.Status.PUBLISHED).first()
