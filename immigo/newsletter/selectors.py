"""Read-only queries of the newsletter: the public archive and its search, and the editors' lists."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from immigo.accounts.models import User
from immigo.core.audit import audit_record
from immigo.core.errors import NotFoundError
from immigo.core.models import AuditEntry

from .models import FALLBACK_LANGUAGE, Article, Delivery, Issue, IssueVersion, ReaderQuestion, Subscriber

MAX_SEARCH_TERMS = 5


def search_terms(query: str) -> list[str]:
    """Whitespace-separated terms, at most MAX_SEARCH_TERMS of them. Chinese needs no splitting:
    a term matches any substring, so 居留 finds 居留證."""
    return [term for term in query.split() if term][:MAX_SEARCH_TERMS]


def issue_list_published(*, language: str, query: str = "") -> QuerySet[Issue]:
    """Published issues, newest first, with their versions in `language` and in Traditional Chinese
    prefetched. With a query, only issues whose version in `language` or in Traditional Chinese
    holds every term in its title, introduction, or an article's title or text."""
    languages = {language, FALLBACK_LANGUAGE}
    issues = Issue.objects.filter(status=Issue.Status.PUBLISHED).order_by("-number")
    for term in search_terms(query):
        text = (
            Q(title__icontains=term)
            | Q(intro__icontains=term)
            | Q(Exists(Article.objects.filter(Q(title__icontains=term) | Q(body__icontains=term), version=OuterRef("pk"))))
        )
        issues = issues.filter(Exists(IssueVersion.objects.filter(text, issue=OuterRef("pk"), language__in=languages)))
    return issues.prefetch_related(
        Prefetch("versions", queryset=IssueVersion.objects.filter(language__in=languages), to_attr="shown_versions")
    )


def version_pick(versions: Iterable[IssueVersion], *, language: str) -> IssueVersion | None:
    """The version in `language`, else the Traditional Chinese one."""
    by_language = {version.language: version for version in versions}
    return by_language.get(language) or by_language.get(FALLBACK_LANGUAGE)


@dataclass(frozen=True)
class IssueRow:
    issue: Issue
    version: IssueVersion | None


def issue_rows(*, issues: Iterable[Issue], language: str) -> list[IssueRow]:
    """Each issue with the version to show in `language` (from issue_list_published's prefetch)."""
    rows = []
    for issue in issues:
        versions = getattr(issue, "shown_versions", None)
        rows.append(
            IssueRow(issue=issue, version=version_pick(versions if versions is not None else issue.versions.all(), language=language))
        )
    return rows


@dataclass(frozen=True)
class PublishedIssue:
    issue: Issue
    version: IssueVersion
    articles: list[Article]
    languages: list[str]


def issue_get_published(*, number: int, language: str) -> PublishedIssue:
    """A published issue in `language` (or Traditional Chinese), with its articles in order and the
    languages it is available in. Raises NotFoundError for an unknown or unpublished number."""
    issue = Issue.objects.filter(number=number, status=Issue.Status.PUBLISHED).prefetch_related("versions").first()
    if issue is None:
        raise NotFoundError()
    versions = list(issue.versions.all())
    version = version_pick(versions, language=language)
    if version is None:
        raise NotFoundError()
    return PublishedIssue(
        issue=issue, version=version, articles=list(version.articles.all()), languages=sorted(v.language for v in versions)
    )


def issue_list_for_editor() -> QuerySet[Issue]:
    return Issue.objects.select_related("created_by").prefetch_related("versions").order_by("-number")


def issue_get_for_editor(*, pk: int) -> Issue:
    issue = Issue.objects.select_related("created_by", "submitted_by", "published_by").filter(pk=pk).first()
    if issue is None:
        raise NotFoundError()
    return issue


def issue_delivery_counts(*, issue: Issue) -> dict[str, int]:
    rows = Delivery.objects.filter(issue=issue).values("status").annotate(n=Count("pk"))
    counts = {status: 0 for status in Delivery.Status.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def subscriber_counts() -> dict[str, int]:
    """Active subscribers in total and per language (the editors' overview)."""
    rows = Subscriber.objects.filter(status=Subscriber.Status.ACTIVE).values("language").annotate(n=Count("pk")).order_by("language")
    per_language = {row["language"]: row["n"] for row in rows}
    return {"total": sum(per_language.values()), **per_language}


def reader_question_list_for_editor(*, user: User, status: str = "") -> QuerySet[ReaderQuestion]:
    questions = ReaderQuestion.objects.select_related("issue", "answered_by").order_by("-created_at", "-pk")
    if status in ReaderQuestion.Status.values:
        questions = questions.filter(status=status)
    return questions


def reader_question_list_audit(*, user: User, question_ids: list[int]) -> None:
    """Records that `user` saw these questions (they hold readers' names and addresses)."""
    if question_ids:
        audit_record(
            actor=user,
            action=AuditEntry.Action.READ,
            object_type="newsletter.readerquestion",
            object_id="list",
            purpose="answering readers' questions",
            details={"ids": question_ids},
        )


def reader_question_get_for_editor(*, user: User, pk: int) -> ReaderQuestion:
    """One question, its read audited. Raises NotFoundError."""
    question = ReaderQuestion.objects.select_related("issue", "answered_by").filter(pk=pk).first()
    if question is None:
        raise NotFoundError()
    audit_record(actor=user, action=AuditEntry.Action.READ, obj=question, purpose="answering readers' questions")
    return question


def reader_questions_waiting_for_issue() -> QuerySet[ReaderQuestion]:
    """Answered questions the editors chose to publish and no issue carries yet."""
    return ReaderQuestion.objects.filter(
        status=ReaderQuestion.Status.ANSWERED, may_publish=True, publish_with_next_issue=True, article__isnull=True
    ).order_by("answered_at", "pk")
