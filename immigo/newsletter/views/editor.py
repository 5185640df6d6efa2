"""The editors' pages (/newsletter/editor/): issues from draft to publication, their language
versions and articles, and readers' questions. For content editors and headquarters supervisors
and administrators; no Django admin."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from immigo.applications.views._helpers import AuthenticatedRequest, attach_domain_errors, error_summary, raise_as_http, staff_required
from immigo.core.errors import DomainError, NotFoundError

from .. import permissions, selectors, services
from ..forms import (
    AnswerForm,
    ArticleForm,
    IssueCreateForm,
    IssueEditForm,
    QuestionFilterForm,
    QuestionPublishForm,
    TransitionForm,
    VersionForm,
)
from ..models import Article, Issue, IssueVersion
from ..workflow import EDITABLE_STATUSES, IssueAction, issue_actions_for

QUESTIONS_PER_PAGE = 25
ISSUES_PER_PAGE = 25

View = Callable[..., HttpResponseBase]


def editor_required(view: View) -> View:
    @staff_required
    @wraps(view)
    def wrapper(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not permissions.can_use_editor(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _issue(pk: int) -> Issue:
    try:
        return selectors.issue_get_for_editor(pk=pk)
    except DomainError as exc:
        raise_as_http(exc)


def _form_page(request: HttpRequest, template: str, form: Any, status: int = 200, **context: Any) -> HttpResponse:
    errors = error_summary(form) if form.is_bound else []
    return render(request, template, {"form": form, "errors": errors, **context}, status=status)


# --- issues -----------------------------------------------------------------------------------


@editor_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(selectors.issue_list_for_editor(), ISSUES_PER_PAGE).get_page(request.GET.get("page"))
    rows = [{"issue": issue, "version": selectors.version_pick(issue.versions.all(), language="zh-hant")} for issue in page]
    context = {
        "page": page,
        "rows": rows,
        "counts": selectors.subscriber_counts(),
        "can_edit": permissions.can_edit(request.user),
        "waiting_questions": selectors.reader_questions_waiting_for_issue().count(),
    }
    return render(request, "newsletter/editor/home.html", context)


@editor_required
@require_http_methods(["GET", "POST"])
def issue_create(request: AuthenticatedRequest) -> HttpResponse:
    if not permissions.can_edit(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = IssueCreateForm(request.POST)
        if form.is_valid():
            try:
                issue = services.issue_create(by=request.user, **form.cleaned_data)
            except DomainError as exc:
                attach_domain_errors(exc, [form])
            else:
                return redirect("newsletter:editor_issue", pk=issue.pk)
        return _form_page(request, "newsletter/editor/issue_form.html", form, status=422)
    latest = Issue.objects.order_by("-number").values_list("number", flat=True).first()
    form = IssueCreateForm(initial={"number": (latest or 0) + 1})
    return _form_page(request, "newsletter/editor/issue_form.html", form)


@editor_required
def issue_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    issue = _issue(pk)
    versions = list(IssueVersion.objects.filter(issue=issue).prefetch_related("articles").order_by("language"))
    editable = issue.status in EDITABLE_STATUSES and permissions.can_edit(request.user)
    actions = [
        {"action": action, "label": action.label, "form": TransitionForm(auto_id=f"id_{action.value}_%s")}
        for action in issue_actions_for(issue=issue, user=request.user)
    ]
    waiting = list(selectors.reader_questions_waiting_for_issue()) if editable else []
    context = {
        "issue": issue,
        "versions": versions,
        "missing_languages": [(code, name) for code, name in settings.LANGUAGES if code not in {v.language for v in versions}],
        "editable": editable,
        "actions": actions,
        "events": [
            {
                "event": event,
                "action": IssueAction(event.action).label if event.action in IssueAction.values else event.action,
                "after": Issue.Status(event.after).label if event.after in Issue.Status.values else event.after,
            }
            for event in issue.events.select_related("actor")
        ],
        "deliveries": selectors.issue_delivery_counts(issue=issue) if issue.status == Issue.Status.PUBLISHED else None,
        "waiting_questions": waiting,
        "is_author": request.user.pk in {issue.created_by_id, issue.submitted_by_id},
    }
    return render(request, "newsletter/editor/issue_detail.html", context)


@editor_required
@require_http_methods(["GET", "POST"])
def issue_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    issue = _issue(pk)
    if request.method == "POST":
        form = IssueEditForm(request.POST)
        if form.is_valid():
            try:
                services.issue_update(issue=issue, by=request.user, **form.cleaned_data)
            except DomainError as exc:
                _refuse_or_attach(exc, form)
            else:
                return redirect("newsletter:editor_issue", pk=issue.pk)
        return _form_page(request, "newsletter/editor/issue_edit.html", form, status=422, issue=issue)
    form = IssueEditForm(initial={"number": issue.number, "issue_date": issue.issue_date})
    return _form_page(request, "newsletter/editor/issue_edit.html", form, issue=issue)


def _refuse_or_attach(exc: DomainError, form: Any) -> None:
    if exc.status in (403, 404):
        raise_as_http(exc)
    attach_domain_errors(exc, [form])


@editor_required
@require_POST
def issue_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    issue = _issue(pk)
    if action not in IssueAction.values:
        raise Http404
    form = TransitionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.issue_move(issue=issue, action=IssueAction(action), by=request.user, note=note)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(str(exc.message)) from exc
        messages.error(request, str(exc.message))
    else:
        done = {
            IssueAction.SUBMIT: gettext("The issue was sent for review."),
            IssueAction.RETURN: gettext("The issue was returned to draft."),
            IssueAction.PUBLISH: gettext("The issue was published. It is being sent to the subscribers."),
        }
        messages.success(request, done[IssueAction(action)])
    return redirect("newsletter:editor_issue", pk=issue.pk)


# --- language versions and articles ------------------------------------------------------------


@editor_required
@require_http_methods(["GET", "POST"])
def version_edit(request: AuthenticatedRequest, pk: int, language: str = "") -> HttpResponse:
    """Adds a language version (no `language` in the address) or changes one."""
    issue = _issue(pk)
    version = IssueVersion.objects.filter(issue=issue, language=language).first() if language else None
    if language and version is None:
        raise Http404
    if request.method == "POST":
        data = request.POST.copy()
        if version is not None:
            data["language"] = version.language
        form = VersionForm(data, fixed_language=version is not None)
        if form.is_valid():
            try:
                services.issue_version_save(
                    issue=issue,
                    by=request.user,
                    language=form.cleaned_data["language"],
                    title=form.cleaned_data["title"],
                    intro=form.cleaned_data["intro"],
                    create=version is None,
                )
            except DomainError as exc:
                _refuse_or_attach(exc, form)
            else:
                return redirect("newsletter:editor_issue", pk=issue.pk)
        return _form_page(request, "newsletter/editor/version_form.html", form, status=422, issue=issue, version=version)
    initial = (
        {"language": version.language, "title": version.title, "intro": version.intro}
        if version
        else {"language": request.GET.get("language", "")}
    )
    form = VersionForm(initial=initial, fixed_language=version is not None)
    return _form_page(request, "newsletter/editor/version_form.html", form, issue=issue, version=version)


@editor_required
@require_http_methods(["GET", "POST"])
def article_create(request: AuthenticatedRequest, pk: int, language: str) -> HttpResponse:
    issue = _issue(pk)
    version = IssueVersion.objects.filter(issue=issue, language=language).first()
    if version is None:
        raise Http404
    return _article_form(request, issue=issue, version=version, article=None)


@editor_required
@require_http_methods(["GET", "POST"])
def article_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    article = Article.objects.select_related("version__issue").filter(pk=pk).first()
    if article is None:
        raise Http404
    return _article_form(request, issue=article.version.issue, version=article.version, article=article)


def _article_form(request: AuthenticatedRequest, *, issue: Issue, version: IssueVersion, article: Article | None) -> HttpResponse:
    if request.method == "POST":
        form = ArticleForm(request.POST)
        if form.is_valid():
            try:
                services.article_save(version=version, by=request.user, article=article, **form.cleaned_data)
            except DomainError as exc:
                _refuse_or_attach(exc, form)
            else:
                return redirect("newsletter:editor_issue", pk=issue.pk)
        return _form_page(request, "newsletter/editor/article_form.html", form, status=422, issue=issue, version=version, article=article)
    initial = {"title": article.title, "body": article.body, "link": article.link, "position": article.position} if article else {}
    return _form_page(
        request, "newsletter/editor/article_form.html", ArticleForm(initial=initial), issue=issue, version=version, article=article
    )


@editor_required
@require_POST
def article_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    article = Article.objects.select_related("version__issue").filter(pk=pk).first()
    if article is None:
        raise Http404
    issue = article.version.issue
    try:
        services.article_delete(article=article, by=request.user)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(str(exc.message)) from exc
        messages.error(request, str(exc.message))
    else:
        messages.success(request, gettext("The article was removed."))
    return redirect("newsletter:editor_issue", pk=issue.pk)


# --- readers' questions -----------------------------------------------------------------------


@editor_required
def questions(request: AuthenticatedRequest) -> HttpResponse:
    filters = QuestionFilterForm(request.GET)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    page = Paginator(selectors.reader_question_list_for_editor(user=request.user, status=status), QUESTIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    selectors.reader_question_list_audit(user=request.user, question_ids=[q.pk for q in page])
    return render(request, "newsletter/editor/questions.html", {"page": page, "filters": filters})


@editor_required
@require_http_methods(["GET", "POST"])
def question_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    try:
        question = selectors.reader_question_get_for_editor(user=request.user, pk=pk)
    except NotFoundError:
        raise Http404 from None
    status = 200
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if form.is_valid():
            services.reader_question_answer(question=question, by=request.user, **form.cleaned_data)
            messages.success(request, gettext("The answer was saved. Reply to the reader by e-mail."))
            return redirect("newsletter:editor_question", pk=question.pk)
        status = 422
    else:
        form = AnswerForm(initial={"answer": question.answer, "publish_with_next_issue": question.publish_with_next_issue})
    if not question.may_publish:
        form.fields["publish_with_next_issue"].disabled = True
    drafts = [(issue.pk, f"#{issue.number}") for issue in Issue.objects.filter(status=Issue.Status.DRAFT).order_by("-number")]
    publish_form = QuestionPublishForm(issues=drafts) if drafts and question.publish_with_next_issue else None
    context = {"question": question, "publish_form": publish_form}
    return _form_page(request, "newsletter/editor/question_detail.html", form, status=status, **context)


@editor_required
@require_POST
def question_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    try:
        question = selectors.reader_question_get_for_editor(user=request.user, pk=pk)
    except NotFoundError:
        raise Http404 from None
    drafts = [(issue.pk, f"#{issue.number}") for issue in Issue.objects.filter(status=Issue.Status.DRAFT)]
    form = QuestionPublishForm(request.POST, issues=drafts)
    if not form.is_valid():
        messages.error(request, gettext("Choose a draft issue."))
        return redirect("newsletter:editor_question", pk=question.pk)
    issue = Issue.objects.get(pk=form.cleaned_data["issue"])
    try:
        services.reader_question_publish(question=question, issue=issue, by=request.user)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(str(exc.message)) from exc
        messages.error(request, str(exc.message))
        return redirect("newsletter:editor_question", pk=question.pk)
    messages.success(request, gettext("The question and its answer were added to the issue as a readers' Q&A article."))
    return redirect("newsletter:editor_issue", pk=issue.pk)
