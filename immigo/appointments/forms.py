"""Forms of the booking pages, the staff pages and the organisation pages. Every label and
message is translatable; the services decide the rules, the forms only read input."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from immigo.accounts.models import User
from immigo.core.models import Unit

from .models import GroupSession, HomePickup, Slot
from .rules import Counter, GroupService, Offer, VanService
from .services._common import station_name

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _choices(form: forms.Form, name: str, choices: Sequence[tuple[Any, Any]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def _station_choices(stations: Iterable[Unit]) -> list[tuple[str, str]]:
    return [(s.code, station_name(s)) for s in stations]


class ChooseServiceForm(forms.Form):
    """Step 1: the station and what to book (GET)."""

    station = forms.ChoiceField(label=_("Service station"))
    service = forms.ChoiceField(label=_("What do you need?"), widget=forms.RadioSelect)

    def __init__(self, *args: object, stations: Iterable[Unit], offers: Sequence[Offer], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _choices(self, "station", [("", _("Choose a station")), *_station_choices(stations)])
        _choices(self, "service", [(o.code, o.label) for o in offers])


class DayForm(forms.Form):
    day = forms.ChoiceField(label=_("Day"))

    def __init__(self, *args: object, days: Sequence[dt.date], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _choices(self, "day", [(d.isoformat(), formats.date_format(d, "DATE_FORMAT") + f" ({formats.date_format(d, 'l')})") for d in days])


class SlotForm(forms.Form):
    slot = forms.TypedChoiceField(label=_("Time"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args: object, slots: Sequence[Slot], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _choices(
            self,
            "slot",
            [
                (s.pk, _("%(start)s–%(end)s (%(free)s free)") % {"start": f"{s.start:%H:%M}", "end": f"{s.end:%H:%M}", "free": s.free})
                for s in slots
            ],
        )


def _language_choices() -> list[tuple[str, Any]]:
    return [(code, name) for code, name in settings.LANGUAGES]


class HolderForm(forms.Form):
    """Who the booking is for and where to send the confirmation and the reminder."""

    full_name = forms.CharField(label=_("Name"), max_length=120)
    identity_number = forms.CharField(
        label=_("Identity, residence certificate or passport number"),
        max_length=24,
        help_text=_("One booking per person, service and day."),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Mobile phone"), max_length=32, required=False)
    notify_by_sms = forms.BooleanField(label=_("Also send the confirmation and the reminder by SMS"), required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("email") and not data.get("phone"):
            self.add_error("email", _("Enter an e-mail address or a mobile number for the confirmation."))
        return data


class PhoneHolderForm(HolderForm):
    """The phone booking form (D01): the officer also records the caller's language and, for
    the employer counter, the number of cases (D04)."""

    language = forms.ChoiceField(label=_("Language for notices"))
    case_count = forms.IntegerField(
        label=_("Number of cases"), min_value=1, max_value=999, initial=1, help_text=_("Employer appointments need 5 or more cases.")
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _choices(self, "language", _language_choices())


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class PlanFilterForm(forms.Form):
    station = forms.ChoiceField(label=_("Service station"))
    day = forms.DateField(label=_("Day"), widget=DATE_INPUT)

    def __init__(self, *args: object, stations: Iterable[Unit], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _choices(self, "station", _station_choices(stations))


class OpenSlotsForm(forms.Form):
    station = forms.CharField(widget=forms.HiddenInput)
    start = forms.DateField(label=_("From"), widget=DATE_INPUT)
    end = forms.DateField(label=_("Until"), widget=DATE_INPUT)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and not (start <= end <= start + dt.timedelta(days=92)):
            self.add_error("end", _("Choose an end within 92 days after the start."))
        return data


class GroupSessionForm(forms.Form):
    station = forms.ChoiceField(label=_("Service station"))
    kind = forms.ChoiceField(
        label=_("Where"), choices=GroupSession.Kind.choices, widget=forms.RadioSelect, initial=GroupSession.Kind.AT_STATION
    )
    day = forms.DateField(label=_("Day"), widget=DATE_INPUT)
    start = forms.TimeField(label=_("From"), widget=TIME_INPUT)
    end = forms.TimeField(label=_("Until"), widget=TIME_INPUT)
    place = forms.CharField(
        label=_("Place on campus"), max_length=200, required=False, help_text=_("For on-campus intake: building and room.")
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=120)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=32)
    contact_email = forms.EmailField(label=_("Contact e-mail"))
    note = forms.CharField(label=_("Note to the station"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: object, stations: Iterable[Unit], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _choices(self, "station", [("", _("Choose a station")), *_station_choices(stations)])


class GroupListForm(forms.Form):
    file = forms.FileField(
        label=_("List of people (CSV)"),
        help_text=_("UTF-8 CSV with the header row name,document_number,nationality,date_of_birth,service; one person per row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class OfficerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.email)


class OfficersForm(forms.Form):
    officers = OfficerChoiceField(label=_("Officers"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: object, candidates: Sequence[User], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["officers"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = User.objects.filter(pk__in=[u.pk for u in candidates]).order_by("full_name", "pk")


class PickupRequestForm(forms.Form):
    station = forms.ChoiceField(label=_("Service station near you"))
    full_name = forms.CharField(label=_("Name"), max_length=120)
    identity_number = forms.CharField(label=_("Identity, residence certificate or passport number"), max_length=24)
    phone = forms.CharField(label=_("Phone"), max_length=32)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address where the officers should come"), max_length=200)
    reason = forms.ChoiceField(label=_("Why you cannot come"), choices=HomePickup.Reason.choices, widget=forms.RadioSelect)
    expected_delivery = forms.DateField(
        label=_("Expected delivery date"), required=False, widget=DATE_INPUT, help_text=_("If you are pregnant.")
    )
    birth_date = forms.DateField(label=_("Date of the birth"), required=False, widget=DATE_INPUT, help_text=_("If you have given birth."))
    illness = forms.CharField(
        label=_("The injury or illness"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("If you are ill or injured."),
    )
    what_for = forms.CharField(label=_("What you want to apply for"), max_length=200)

    def __init__(self, *args: object, stations: Iterable[Unit], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _choices(self, "station", [("", _("Choose a station")), *_station_choices(stations)])


class PickupScheduleForm(OfficersForm):
    day = forms.DateField(label=_("Visit day"), widget=DATE_INPUT)
    start = forms.TimeField(label=_("From"), widget=TIME_INPUT)
    end = forms.TimeField(label=_("Until"), widget=TIME_INPUT)


class DeclineForm(forms.Form):
    note = forms.CharField(label=_("Why the station cannot come"), widget=forms.Textarea(attrs={"rows": 3}))


class VanVisitForm(OfficersForm):
    day = forms.DateField(label=_("Day"), widget=DATE_INPUT)
    start = forms.TimeField(label=_("From"), widget=TIME_INPUT)
    end = forms.TimeField(label=_("Until"), widget=TIME_INPUT)
    place = forms.CharField(label=_("Place"), max_length=120, help_text=_("e.g. a township office or community centre"))
    address = forms.CharField(label=_("Address"), max_length=200)
    services = forms.MultipleChoiceField(label=_("Services"), choices=VanService.choices, widget=forms.CheckboxSelectMultiple)
    interpreter_languages = forms.CharField(
        label=_("Interpreters for"), max_length=120, required=False, help_text=_("e.g. Vietnamese, Indonesian")
    )


class VanIntakeForm(forms.Form):
    receipt_number = forms.CharField(label=_("Receipt number of the application taken in"), max_length=24)


GROUP_SERVICE_LABELS = dict(GroupService.choices)
COUNTER_LABELS = dict(Counter.choices)
