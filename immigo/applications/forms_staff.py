"""Forms of the back office: why a case is opened, the queue filter, the workflow actions and the
extra parts of a counter intake."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .catalogue.base import Service
from .models import Status
from .views._catalogue import condition_text
from .views.public_forms import upload_field

# Why an officer opens a case. The value is what the audit trail records, so it stays in English
# whatever the interface language.
DEFAULT_PURPOSE = "case work"
PURPOSE_CHOICES = [
    (DEFAULT_PURPOSE, _("Case work")),
    ("applicant enquiry", _("Answering the applicant's enquiry")),
    ("supervision", _("Supervision or quality check")),
    ("complaint or audit", _("Complaint or audit")),
]
EXTRA_ITEM_PREFIX = "extra_"


class PurposeForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Why are you opening this case?"), choices=PURPOSE_CHOICES, initial=DEFAULT_PURPOSE)


class QueueFilterForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)
    purpose = forms.ChoiceField(
        label=_("Purpose when opening a case"),
        choices=PURPOSE_CHOICES,
        required=False,
        help_text=_("Recorded in the audit log with every case you open from this list."),
    )

    def __init__(self, *args: Any, units: Iterable[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("All my units")), *units]  # type: ignore[attr-defined]
        self.fields["status"].choices = [("", _("All open cases")), *Status.choices]  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class RequiredReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class SupplementRequestForm(forms.Form):
    """The one-time notice: every missing document at once, plus items the catalogue does not list."""

    documents = forms.MultipleChoiceField(label=_("Missing documents"), required=False, widget=forms.CheckboxSelectMultiple)
    extra_items = forms.CharField(
        label=_("Other missing items"),
        help_text=_("One item per line."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    note = forms.CharField(label=_("Note to the applicant"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, service: Service, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.service = service
        self.fields["documents"].choices = [(doc.code, doc.label) for doc in service.documents]  # type: ignore[attr-defined]

    def items(self, *, language: str) -> list[dict[str, str]]:
        """The notice's items; labels in the applicant's language, which the notice is sent in."""
        chosen = set(self.cleaned_data["documents"])
        with translation.override(language):
            items = [{"code": doc.code, "label": str(doc.label), "note": ""} for doc in self.service.documents if doc.code in chosen]
        lines = [line.strip() for line in self.cleaned_data["extra_items"].splitlines() if line.strip()]
        items += [{"code": f"{EXTRA_ITEM_PREFIX}{n}", "label": line, "note": ""} for n, line in enumerate(lines, start=1)]
        return items


class SupplementReceiveForm(forms.Form):
    """What the applicant brought to the counter for an open notice: originals seen, scans kept."""

    def __init__(self, *args: Any, items: Iterable[Mapping[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.codes = [item["code"] for item in items if item.get("code")]
        for item in items:
            if not item.get("code"):
                continue
            self.fields[f"seen_{item['code']}"] = forms.BooleanField(
                label=_("Original seen: %(item)s") % {"item": item["label"]}, required=False
            )
            self.fields[item["code"]] = upload_field(label=_("Scan of %(item)s (optional)") % {"item": item["label"]})

    def seen(self) -> frozenset[str]:
        return frozenset(code for code in self.codes if self.cleaned_data.get(f"seen_{code}"))

    def uploads(self) -> dict[str, Any]:
        return {code: self.cleaned_data[code] for code in self.codes if self.cleaned_data.get(code)}


class IntakeExtrasForm(forms.Form):
    """The counter's part of an intake: the applicant's language for notices and, for each
    document, whether the original was seen or a scan is kept. Missing documents are allowed: the
    service sends the one-time notice with the receipt."""

    language = forms.ChoiceField(label=_("Language for the applicant's notices"), choices=lambda: settings.LANGUAGES)

    def __init__(self, *args: Any, service: Service, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"language": translation.get_language()})
        super().__init__(*args, **kwargs)
        self.service = service
        for doc in service.documents:
            self.fields[f"seen_{doc.code}"] = forms.BooleanField(label=_("Original seen at the counter"), required=False)
            self.fields[doc.code] = upload_field(label=_("Or keep a scan"))

    def document_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "label": doc.label,
                "condition": condition_text(self.service, doc),
                "seen": self[f"seen_{doc.code}"],
                "scan": self[doc.code],
            }
            for doc in self.service.documents
        ]

    def seen(self, codes: Iterable[str]) -> frozenset[str]:
        return frozenset(code for code in codes if self.cleaned_data.get(f"seen_{code}"))

    def uploads(self, codes: Iterable[str]) -> dict[str, Any]:
        return {code: self.cleaned_data[code] for code in codes if self.cleaned_data.get(code)}
