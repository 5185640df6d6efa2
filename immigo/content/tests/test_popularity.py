from __future__ import annotations

import datetime as dt

import time_machine
from django.test import Client
from django.urls import reverse

from immigo.content.models import DailyRead, Kind
from immigo.content.selectors import content_list_most_read
from immigo.content.services import content_read_record

from . import factories as f

NOON_TAIPEI = dt.datetime(2026, 3, 10, 4, 0, tzinfo=dt.UTC)


def _reads(item) -> int:  # type: ignore[no-untyped-def]
    return sum(DailyRead.objects.filter(item=item).values_list("count", flat=True))


@time_machine.travel(NOON_TAIPEI, tick=False)
def test_a_read_counts_once_per_session_per_day(client, editor, supervisor):
    item = f.published(editor, supervisor)
    for _n in range(3):
        assert client.get(item.get_absolute_url()).status_code == 200
    assert _reads(item) == 1
    Client().get(item.get_absolute_url())
    assert _reads(item) == 2


def test_the_same_session_counts_again_the_next_day(client, editor, supervisor):
    item = f.published(editor, supervisor)
    with time_machine.travel(NOON_TAIPEI, tick=False):
        client.get(item.get_absolute_url())
    with time_machine.travel(NOON_TAIPEI + dt.timedelta(days=1), tick=False):
        client.get(item.get_absolute_url())
        client.get(item.get_absolute_url())
    assert sorted(DailyRead.objects.filter(item=item).values_list("day", "count")) == [
        (dt.date(2026, 3, 10), 1),
        (dt.date(2026, 3, 11), 1),
    ]


@time_machine.travel(NOON_TAIPEI, tick=False)
def test_a_repeated_read_writes_nothing(client, editor, supervisor, django_assert_num_queries):
    item = f.published(editor, supervisor)
    session: dict = {}
    assert content_read_record(item=item, language="zh-hant", session=session) is True
    with django_assert_num_queries(0):
        assert content_read_record(item=item, language="zh-hant", session=session) is False


@time_machine.travel(NOON_TAIPEI, tick=False)
def test_most_read_ranks_the_last_30_days(editor, supervisor):
    popular = f.published(editor, supervisor, title="熱門")
    quiet = f.published(editor, supervisor, title="冷門")
    old_news = f.published(editor, supervisor, title="舊聞")
    f.published(editor, supervisor, kind=Kind.FAQ, title="常見問題")
    today = dt.date(2026, 3, 10)
    DailyRead.objects.create(item=popular, language="zh-hant", day=today, count=5)
    DailyRead.objects.create(item=popular, language="en", day=today - dt.timedelta(days=29), count=2)
    DailyRead.objects.create(item=quiet, language="zh-hant", day=today, count=1)
    DailyRead.objects.create(item=old_news, language="zh-hant", day=today - dt.timedelta(days=30), count=100)
    assert [shown.title for shown in content_list_most_read(language="zh-hant", limit=10)] == ["熱門", "冷門"]
    assert [shown.title for shown in content_list_most_read(language="zh-hant", limit=1)] == ["熱門"]


@time_machine.travel(NOON_TAIPEI, tick=False)
def test_the_news_page_shows_the_most_read(client, editor, supervisor):
    item = f.published(editor, supervisor, title="大家都在看")
    Client().get(item.get_absolute_url())
    response = client.get(reverse("content:news_list"))
    assert [shown.title for shown in response.context["most_read"]] == ["大家都在看"]
