"""`manage.py newsletter_demo`: two published issues of Taiwan What's Up, in Traditional Chinese and
English, written by the demo content editor and published by the demo headquarters supervisor
(run `demo_data` first). The texts are demo content, not official guidance.

Idempotent: an issue is identified by its number; a second run finds both and writes nothing.
The issues go through the newsletter services, so their history and audit entries are real (and
publishing mails them to any confirmed demo subscriber).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from immigo.accounts.models import User
from immigo.newsletter import permissions, services
from immigo.newsletter.models import Issue
from immigo.newsletter.workflow import IssueAction

DEFAULT_EDITOR = "editor@demo.immigo.tw"
DEFAULT_PUBLISHER = "supervisor.hq@demo.immigo.tw"


@dataclass(frozen=True)
class DemoArticle:
    title: str
    body: str
    link: str = ""


@dataclass(frozen=True)
class DemoVersion:
    title: str
    intro: str
    articles: tuple[DemoArticle, ...]


@dataclass(frozen=True)
class DemoIssue:
    number: int
    issue_date: dt.date
    versions: dict[str, DemoVersion]


DEMO_ISSUES: tuple[DemoIssue, ...] = (
    DemoIssue(
        number=120,
        issue_date=dt.date(2026, 10, 1),
        versions={
            "zh-hant": DemoVersion(
                title="線上延長居留，少跑一趟服務站",
                intro="本期介紹如何在網路上申請延長居留、颱風季節的安全準備，以及健保加保的基本須知。",
                articles=(
                    DemoArticle(
                        title="居留證快到期了？線上申請延期",
                        body=(
                            "外籍人士的居留證到期前，可以在網路上提出延長居留申請，上傳護照與相關文件後，"
                            "即可隨時查詢案件進度。\n\n"
                            "請在居留期限屆滿前提出申請，逾期可能影響您的居留資格。若文件不齊，服務站會一次告知所需補件。"
                        ),
                        link="https://www.immigration.gov.tw/",
                    ),
                    DemoArticle(
                        title="颱風季節：停班停課與安全提醒",
                        body=(
                            "颱風來臨時，各縣市政府會宣布是否停止上班上課。請留意新聞與手機警報，準備飲用水、手電筒與常用藥品。\n\n"
                            "服務站因颱風停止辦公時，當天到期的案件期限會順延。"
                        ),
                    ),
                    DemoArticle(
                        title="健保：新住民加保須知",
                        body="在臺灣取得居留證並符合居住期間規定的外籍人士，應依規定加入全民健康保險。詳細條件請洽健保署。",
                        link="https://www.nhi.gov.tw/",
                    ),
                ),
            ),
            "en": DemoVersion(
                title="Extend your residence online and skip the queue",
                intro=(
                    "In this issue: extending your residence permit online, staying safe in typhoon season, "
                    "and joining the National Health Insurance."
                ),
                articles=(
                    DemoArticle(
                        title="Residence permit about to expire? Apply online",
                        body=(
                            "Foreign residents can apply online to extend their residence before the permit expires: upload "
                            "the passport and supporting documents, then follow the case online at any time.\n\n"
                            "Apply before your permit expires. If something is missing, the service station lists every "
                            "missing document in one notice."
                        ),
                        link="https://www.immigration.gov.tw/",
                    ),
                    DemoArticle(
                        title="Typhoon season: office closures and safety",
                        body=(
                            "When a typhoon approaches, each city and county announces whether offices and schools close. "
                            "Follow the news and phone alerts, and keep water, a torch and your usual medicines at hand.\n\n"
                            "When a service station closes for a typhoon, deadlines that fall on that day move to the next working day."
                        ),
                    ),
                    DemoArticle(
                        title="National Health Insurance for new residents",
                        body=(
                            "Foreign nationals who hold a residence permit and meet the residence period must join the National "
                            "Health Insurance. Ask the National Health Insurance Administration for the details."
                        ),
                        link="https://www.nhi.gov.tw/",
                    ),
                ),
            ),
        },
    ),
    DemoIssue(
        number=121,
        issue_date=dt.date(2026, 11, 1),
        versions={
            "zh-hant": DemoVersion(
                title="護照遺失怎麼辦？外國人在臺生活實用資訊",
                intro="本期整理護照遺失的處理步驟、租屋注意事項，以及讀者來信問答。",
                articles=(
                    DemoArticle(
                        title="在臺灣遺失護照的處理步驟",
                        body=(
                            "護照遺失時，請先向警察機關報案並取得報案證明，再聯絡您國家的駐臺機構申請補發或旅行文件。\n\n"
                            "取得新護照後，請到服務站辦理居留證上護照資料的變更。"
                        ),
                    ),
                    DemoArticle(
                        title="租屋前要注意的五件事",
                        body="簽約前請確認房東身分、租金與押金、修繕責任、提前解約的規定，並保留所有收據。搬家後記得辦理居留地址變更。",
                    ),
                    DemoArticle(
                        title="讀者問答：外籍配偶可以在臺灣工作嗎？",
                        body="問：我以依親居留來臺，可以工作嗎？\n\n答：依親居留的外籍配偶，依規定不須另外申請工作許可即可在臺工作。詳情請洽勞動部。",
                    ),
                ),
            ),
            "en": DemoVersion(
                title="Lost your passport? Practical information for life in Taiwan",
                intro="In this issue: what to do when you lose your passport, five things to check before renting, and readers' questions.",
                articles=(
                    DemoArticle(
                        title="Lost your passport in Taiwan? Step by step",
                        body=(
                            "Report the loss at a police station first and keep the police report. Then contact your "
                            "country's representative office in Taiwan for a new passport or a travel document.\n\n"
                            "Once you have the new passport, update the passport details on your residence permit at a service station."
                        ),
                    ),
                    DemoArticle(
                        title="Five things to check before you rent",
                        body=(
                            "Before signing, check who the landlord is, the rent and deposit, who pays for repairs and what "
                            "happens if you leave early, and keep every receipt. After moving, report your new address."
                        ),
                    ),
                    DemoArticle(
                        title="Readers ask: may a foreign spouse work in Taiwan?",
                        body=(
                            "Question: I live in Taiwan with a residence permit as a spouse. May I work?\n\n"
                            "Answer: foreign spouses with a family-based residence permit may work without a separate work "
                            "permit. Ask the Ministry of Labor for the details."
                        ),
                    ),
                ),
            ),
        },
    ),
)


class Command(BaseCommand):
    help = "Creates two published demo issues of the newsletter (Traditional Chinese and English). Idempotent."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--editor", default=DEFAULT_EDITOR, help="e-mail of the content editor who writes the issues")
        parser.add_argument("--publisher", default=DEFAULT_PUBLISHER, help="e-mail of the headquarters supervisor who publishes them")

    def handle(self, *args: Any, **options: Any) -> None:
        editor = _user(options["editor"], permissions.can_edit, "a content editor")
        publisher = _user(options["publisher"], permissions.can_publish, "a supervisor or administrator at headquarters")
        created = 0
        for spec in DEMO_ISSUES:
            if Issue.objects.filter(number=spec.number).exists():
                continue
            _issue_publish(spec, editor=editor, publisher=publisher)
            created += 1
        self.stdout.write(f"newsletter demo: {created} issue(s) created, {len(DEMO_ISSUES) - created} already there")


def _user(email: str, allowed: Any, what: str) -> User:
    user = User.objects.filter(email=email.lower()).first()
    if user is None or not allowed(user):
        raise CommandError(f"{email} must exist and be {what}; run `manage.py demo_data` first or name another account")
    return user


@transaction.atomic
def _issue_publish(spec: DemoIssue, *, editor: User, publisher: User) -> Issue:
    main = spec.versions["zh-hant"]
    issue = services.issue_create(by=editor, number=spec.number, issue_date=spec.issue_date, title=main.title, intro=main.intro)
    for language, text in spec.versions.items():
        if language == "zh-hant":
            version = issue.versions.get(language=language)
        else:
            version = services.issue_version_save(
                issue=issue, by=editor, language=language, title=text.title, intro=text.intro, create=True
            )
        for article in text.articles:
            services.article_save(version=version, by=editor, title=article.title, body=article.body, link=article.link)
    services.issue_move(issue=issue, action=IssueAction.SUBMIT, by=editor)
    return services.issue_move(issue=issue, action=IssueAction.PUBLISH, by=publisher, note="demo issue")
