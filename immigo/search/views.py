"""The search pages: the site search and the regulations library's advanced search. Both are GET
forms that work without JavaScript; the pages call the selectors and hold no search rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_safe

from . import selectors
from .forms import REGULATION, REGULATION_ATTRS, RegulationSearchForm, SearchForm
from .registry import Labels
from .types import SearchPage, SearchResult

PER_PAGE = 20


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def _pager(page: SearchPage) -> Page[Any]:
    # The results are already one page; a paginator over the positions gives the shared
    # pagination template what it reads (number, previous, next, number of pages).
    return Paginator(range(page.total), page.per_page).get_page(page.page)


def _error_summary(form: forms.Form) -> list[dict[str, str]]:
    summary = [{"href": "", "label": "", "message": str(message)} for message in form.non_field_errors()]
    for bound in form:
        summary += [{"href": f"#{bound.id_for_label}", "label": str(bound.label), "message": str(message)} for message in bound.errors]
    return summary


def _row(result: SearchResult, *, labels: Labels, facts: list[str] | None = None, date_label: str = "") -> dict[str, Any]:
    return {
        "result": result,
        "kind_label": labels.kind(result.kind),
        "category_label": labels.value(result.kind, "category", result.category) if result.category else "",
        "facts": facts or [],
        "date_label": date_label or gettext("Published"),
    }


def _bound(request: HttpRequest, names: tuple[str, ...]) -> bool:
    return any(request.GET.get(name, "").strip() for name in names)


@require_safe
def results(request: HttpRequest) -> HttpResponse:
    language = get_language()
    labels = Labels()
    facets = selectors.search_facets_get(language=language)
    form = SearchForm(request.GET if _bound(request, ("q", "kind", "category")) else None, facets=facets, labels=labels)
    page: SearchPage | None = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        page = selectors.search_run(
            query=data["q"],
            language=language,
            kinds=[data["kind"]] if data["kind"] else None,
            category=data["category"],
            page=_page_number(request),
            per_page=PER_PAGE,
        )
    context = {
        "form": form,
        "errors": _error_summary(form) if form.is_bound else [],
        "query": form.cleaned_data.get("q", "") if page is not None else "",
        "page": page,
        "pager": _pager(page) if page is not None else None,
        "rows": [_row(result, labels=labels) for result in page.results] if page is not None else [],
    }
    return render(request, "search/results.html", context)


@require_safe
def regulations(request: HttpRequest) -> HttpResponse:
    language = get_language()
    facets = selectors.search_facets_get(language=language, kinds=[REGULATION], attr_names=REGULATION_ATTRS)
    criteria = ("q", "name", "reg_kind", "reg_category", "date_from", "date_to")
    labels = Labels()
    form = RegulationSearchForm(request.GET if _bound(request, criteria) else None, facets=facets, labels=labels)
    page: SearchPage | None = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        page = selectors.search_run(
            query=data["q"],
            title_query=data["name"],
            language=language,
            kinds=[REGULATION],
            attrs=form.attrs(),
            title_only=data["scope"] == RegulationSearchForm.SCOPE_TITLE,
            date_from=data["date_from"],
            date_to=data["date_to"],
            page=_page_number(request),
            per_page=PER_PAGE,
        )
    rows = []
    for result in page.results if page is not None else []:
        facts = [labels.value(REGULATION, name, result.attrs[name]) for name in REGULATION_ATTRS if result.attrs.get(name)]
        row = _row(result, labels=labels, facts=facts, date_label=gettext("Promulgated"))
        if result.attrs.get("reg_category"):
            row["category_label"] = ""  # shown among the facts
        rows.append(row)
    context = {
        "form": form,
        "errors": _error_summary(form) if form.is_bound else [],
        "query": " ".join(filter(None, (form.cleaned_data.get("q"), form.cleaned_data.get("name")))) if page is not None else "",
        "page": page,
        "pager": _pager(page) if page is not None else None,
        "rows": rows,
    }
    return render(request, "search/regulations.html", context)
