"""Plain factories for the newsletter tests: units, staff with roles, subscribers and issues."""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from immigo.accounts.models import Role, StaffRole, User
from immigo.core.models import Unit
from immigo.newsletter.models import Article, Issue, IssueVersion, Subscriber


def unit(code: str, kind: Unit.Kind, parent: Unit | None = None) -> Unit:
    return Unit.objects.get_or_create(code=code, defaults={"kind": kind, "name_zh": code, "name_en": code, "parent": parent})[0]


def hq() -> Unit:
    return unit("hq", Unit.Kind.HEADQUARTERS)


def station() -> Unit:
    return unit("station-01-taipei", Unit.Kind.SERVICE_STATION, parent=hq())


def staff(email: str, *roles: tuple[Role, Unit], full_name: str = "") -> User:
    user = User.objects.create_user(email, "pw-for-tests-123", full_name=full_name or email.split("@")[0], kind=User.Kind.STAFF)
    for role, where in roles:
        StaffRole.objects.create(user=user, role=role, unit=where)
    return user


def public_user(email: str = "reader@example.test") -> User:
    return User.objects.create_user(email, "pw-for-tests-123", full_name="Reader", kind=User.Kind.PUBLIC)


def subscriber(email: str = "reader@example.test", *, language: str = "zh-hant", status: str = Subscriber.Status.ACTIVE) -> Subscriber:
    confirmed = timezone.now() - dt.timedelta(days=1) if status == Subscriber.Status.ACTIVE else None
    return Subscriber.objects.create(email=email, language=language, status=status, confirmed_at=confirmed, confirm_nonce=uuid.uuid4().hex)


def issue(
    *,
    by: User,
    number: int = 1,
    status: str = Issue.Status.DRAFT,
    versions: dict[str, tuple[str, list[tuple[str, str]]]] | None = None,
) -> Issue:
    """An issue with versions {language: (title, [(article title, article body), ...])}, written
    directly (the services are tested on their own)."""
    versions = versions or {"zh-hant": ("第一期", [("居留延期", "線上申請延長居留。")])}
    item = Issue.objects.create(number=number, issue_date=dt.date(2026, 10, 1), status=status, created_by=by)
    if status == Issue.Status.PUBLISHED:
        item.published_at = timezone.now()
        item.save(update_fields=["published_at"])
    for language, (title, articles) in versions.items():
        version = IssueVersion.objects.create(issue=item, language=language, title=title)
        for position, (article_title, body) in enumerate(articles, start=1):
            Article.objects.create(version=version, position=position, title=article_title, body=body)
    return item
