import datetime as dt

from django.db.models import QuerySet

from .models import Crossing


def crossing_list_for_person(*, person_id: int, start: dt.date, end: dt.date) -> QuerySet[Crossing]:
    return Crossing.objects.filter(person_id=person_id, at__date__gte=start, at__date__lte=end).order_by("at")
