"""The search forms. Their choices are the values present in the index, named through the registry."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .registry import Labels
from .selectors import MAX_QUERY_LENGTH, query_problem
from .types import SearchFacets

REGULATION = "regulation"
REGULATION_ATTRS = ("reg_kind", "reg_category")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _query_field(*, label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.SearchInput(attrs={"enterkeyhint": "search", "spellcheck": "false"}),
    )


def _labelled(values: Iterable[str], *, labels: Labels, kind: str, name: str) -> list[tuple[str, str]]:
    choices = {value: labels.value(kind, name, value) for value in values}
    return sorted(choices.items(), key=lambda choice: choice[1])


def _choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


class _QueryCleaning(forms.Form):
    QUERY_FIELDS: Sequence[str] = ()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in self.QUERY_FIELDS:
            problem = query_problem(cleaned.get(name) or "")
            if problem and name not in self.errors:
                self.add_error(name, problem)
        return cleaned


class SearchForm(_QueryCleaning):
    """The site search: words, and optionally one kind of content and one category."""

    QUERY_FIELDS = ("q",)

    q = _query_field(
        label=_("Search for"),
        help_text=_("Words in any of the portal's languages. Chinese words of two characters, such as 居留 or 延期, are found too."),
    )
    kind = forms.ChoiceField(label=_("Type of content"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)

    def __init__(self, *args: Any, facets: SearchFacets, labels: Labels, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = sorted(((kind, labels.kind(kind)) for kind in facets.kinds), key=lambda choice: choice[1])
        categories: dict[str, str] = {}
        for kind, category in facets.categories:
            categories.setdefault(category, labels.value(kind, "category", category))
        _choice_field(self, "kind").choices = [("", _("All types")), *kinds]
        _choice_field(self, "category").choices = [("", _("All categories")), *sorted(categories.items(), key=lambda choice: choice[1])]

    @property
    def has_criteria(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in ("q", "kind", "category"))


class RegulationSearchForm(_QueryCleaning):
    """The regulations library's advanced search."""

    QUERY_FIELDS = ("q", "name")
    SCOPE_ALL = "all"
    SCOPE_TITLE = "title"

    q = _query_field(label=_("Words to search for"), help_text=_("Every word must occur in the regulation."))
    scope = forms.ChoiceField(
        label=_("Search in"),
        required=False,
        choices=[(SCOPE_ALL, _("Title and full text")), (SCOPE_TITLE, _("Title only"))],
        initial=SCOPE_ALL,
        widget=forms.RadioSelect,
    )
    name = _query_field(label=_("Name of the regulation"), help_text=_("Words in the regulation's name."))
    reg_kind = forms.ChoiceField(label=_("Type of regulation"), required=False)
    reg_category = forms.ChoiceField(label=_("Category"), required=False)
    date_from = forms.DateField(
        label=pgettext_lazy("start of a date range", "From"), required=False, widget=DateInput(), help_text=_("For example 2024-01-31.")
    )
    date_to = forms.DateField(
        label=pgettext_lazy("end of a date range", "To"), required=False, widget=DateInput(), help_text=_("For example 2024-12-31.")
    )

    def __init__(self, *args: Any, facets: SearchFacets, labels: Labels, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound and not self.data.get("scope"):
            # A link with only some criteria searches the full text, and the page says so.
            data = self.data.dict() if isinstance(self.data, QueryDict) else dict(self.data)
            self.data = {**data, "scope": self.SCOPE_ALL}
        for name, everything in (("reg_kind", _("All types")), ("reg_category", _("All categories"))):
            values = facets.attrs.get(name, ())
            _choice_field(self, name).choices = [("", everything), *_labelled(values, labels=labels, kind=REGULATION, name=name)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("The end date must be the same as or after the start date."))
        return cleaned

    @property
    def has_criteria(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in ("q", "name", "reg_kind", "reg_category", "date_from", "date_to"))

    def attrs(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in REGULATION_ATTRS if self.cleaned_data.get(name)}
