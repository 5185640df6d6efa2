"""The public pages: news and announcements, FAQ (with the children's FAQ), regulations (with
a print view), application guides with their forms, publications and the government information
disclosure items. Each page shows the visitor's language version, or the Chinese one with a
notice saying so."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from immigo.core.errors import NotFoundError

from .. import selectors
from ..forms import NewsFilterForm, RegulationFilterForm
from ..models import NEWS_KINDS, Category, Kind
from ..selectors import Shown
from ..services import content_read_record
from ._common import SECTIONS, paginate, visitor_language

MOST_READ_LIMIT = 10


def _published(kinds: tuple[Kind, ...] | frozenset[Kind], slug: str, language: str) -> Shown:
    try:
        return selectors.content_get_published(kinds=kinds, slug=slug, language=language)
    except NotFoundError as exc:
        raise Http404 from exc


def _detail(request: HttpRequest, shown: Shown, template: str, section: str, **context: object) -> HttpResponse:
    """A published item's page; the read counts towards the popularity ranking."""
    content_read_record(item=shown.item, language=shown.translation.language, session=request.session)
    return render(request, template, {"shown": shown, "section": SECTIONS[section], **context})


# --- news -----------------------------------------------------------------------------------


def _news_list(request: HttpRequest, *, section_key: str) -> HttpResponse:
    language = visitor_language(request)
    section = SECTIONS[section_key]
    filters = NewsFilterForm(request.GET or None)
    kinds = section.kinds
    if section_key == "news" and filters.is_bound and filters.is_valid() and filters.cleaned_data["kind"]:
        kinds = (Kind(filters.cleaned_data["kind"]),)
    page = paginate(request, selectors.content_list_published(kinds=kinds, language=language))
    return render(
        request,
        "content/news_list.html",
        {
            "section": section,
            "feeds": section.feeds(language),
            "filters": filters if section_key == "news" else None,
            "page": page,
            "rows": selectors.shown_list(page.object_list, language),
            "most_read": selectors.content_list_most_read(language=language, limit=MOST_READ_LIMIT),
        },
    )


def news_list(request: HttpRequest) -> HttpResponse:
    return _news_list(request, section_key="news")


def announcement_list(request: HttpRequest) -> HttpResponse:
    return _news_list(request, section_key="announcements")


def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    shown = _published(NEWS_KINDS, slug, visitor_language(request))
    return _detail(request, shown, "content/item_detail.html", "news")


# --- FAQ ------------------------------------------------------------------------------------


def _faq_categories(request: HttpRequest, audience: str) -> HttpResponse:
    language = visitor_language(request)
    categories = selectors.category_list_with_counts(scheme=Category.Scheme.FAQ, language=language, audience=audience)
    return render(
        request,
        "content/faq_index.html",
        {
            "section": SECTIONS["faq"],
            "feeds": SECTIONS["faq"].feeds(language),
            "children": audience == Category.Audience.CHILDREN,
            "categories": [(category, category.name_in(language)) for category in categories],
        },
    )


def faq_index(request: HttpRequest) -> HttpResponse:
    return _faq_categories(request, Category.Audience.GENERAL)


def faq_children(request: HttpRequest) -> HttpResponse:
    return _faq_categories(request, Category.Audience.CHILDREN)


def _faq_category(code: str) -> Category:
    try:
        return selectors.category_get(scheme=Category.Scheme.FAQ, code=code)
    except NotFoundError as exc:
        raise Http404 from exc


def faq_category(request: HttpRequest, category: str) -> HttpResponse:
    language = visitor_language(request)
    category_obj = _faq_category(category)
    page = paginate(request, selectors.content_list_published(kinds=[Kind.FAQ], language=language, category=category_obj))
    return render(
        request,
        "content/faq_category.html",
        {
            "section": SECTIONS["faq"],
            "feeds": SECTIONS["faq"].feeds(language),
            "category": category_obj,
            "category_name": category_obj.name_in(language),
            "children": category_obj.audience == Category.Audience.CHILDREN,
            "page": page,
            "rows": selectors.shown_list(page.object_list, language),
        },
    )


def faq_detail(request: HttpRequest, category: str, slug: str) -> HttpResponse:
    shown = _published((Kind.FAQ,), slug, visitor_language(request))
    if shown.item.category is None or shown.item.category.code != category:
        return redirect(shown.url, permanent=True)
    return _detail(request, shown, "content/item_detail.html", "faq", children=shown.item.category.audience == Category.Audience.CHILDREN)


# --- regulations ----------------------------------------------------------------------------


def regulation_list(request: HttpRequest) -> HttpResponse:
    language = visitor_language(request)
    filters = RegulationFilterForm(request.GET or None)
    category, reg_kind = None, ""
    if filters.is_bound and filters.is_valid():
        category, reg_kind = filters.cleaned_data["category"], filters.cleaned_data["reg_kind"]
    items = selectors.content_list_published(kinds=[Kind.REGULATION], language=language, category=category, reg_kind=reg_kind)
    page = paginate(request, items)
    return render(
        request,
        "content/regulation_list.html",
        {
            "section": SECTIONS["regulations"],
            "feeds": SECTIONS["regulations"].feeds(language),
            "filters": filters,
            "page": page,
            "rows": selectors.shown_list(page.object_list, language),
        },
    )


def _regulation(request: HttpRequest, slug: str) -> tuple[Shown, dict[str, object]]:
    shown = _published((Kind.REGULATION,), slug, visitor_language(request))
    return shown, {
        "articles": list(shown.revision.articles.all()),
        "amendments": list(shown.revision.amendments.all()),
    }


def regulation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    shown, extra = _regulation(request, slug)
    return _detail(request, shown, "content/regulation_detail.html", "regulations", **extra)


def regulation_print(request: HttpRequest, slug: str) -> HttpResponse:
    """Friendly print (seed H03): the regulation alone, laid out for paper."""
    shown, extra = _regulation(request, slug)
    return render(request, "content/regulation_print.html", {"shown": shown, **extra})


# --- guides, publications, disclosure -------------------------------------------------------


def _plain_list(request: HttpRequest, *, section_key: str, template: str) -> HttpResponse:
    language = visitor_language(request)
    section = SECTIONS[section_key]
    page = paginate(request, selectors.content_list_published(kinds=section.kinds, language=language))
    return render(
        request,
        template,
        {"section": section, "feeds": section.feeds(language), "page": page, "rows": selectors.shown_list(page.object_list, language)},
    )


def guide_list(request: HttpRequest) -> HttpResponse:
    return _plain_list(request, section_key="guides", template="content/guide_list.html")


def guide_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(request, _published((Kind.GUIDE,), slug, visitor_language(request)), "content/item_detail.html", "guides")


def publication_list(request: HttpRequest) -> HttpResponse:
    return _plain_list(request, section_key="publications", template="content/publication_list.html")


def publication_detail(request: HttpRequest, slug: str) -> HttpResponse:
    shown = _published((Kind.PUBLICATION,), slug, visitor_language(request))
    return _detail(request, shown, "content/item_detail.html", "publications")


def disclosure_list(request: HttpRequest) -> HttpResponse:
    return _plain_list(request, section_key="disclosure", template="content/disclosure_list.html")


def disclosure_detail(request: HttpRequest, slug: str) -> HttpResponse:
    shown = _published((Kind.DISCLOSURE,), slug, visitor_language(request))
    return _detail(request, shown, "content/item_detail.html", "disclosure")


FILE_KINDS: dict[str, tuple[Kind, ...]] = {
    "guides": (Kind.GUIDE,),
    "publications": (Kind.PUBLICATION,),
    "disclosure": (Kind.DISCLOSURE,),
}


def item_file(request: HttpRequest, section: str, slug: str, slot: str) -> FileResponse:
    """A published item's file (a form, its filled-in sample, a publication), from the revision
    the visitor sees: drafts' files are never reachable here."""
    shown = _published(FILE_KINDS[section], slug, visitor_language(request))
    if slot not in shown.item.file_slots:
        raise Http404
    field = getattr(shown.revision, slot)
    if not field:
        raise Http404
    return FileResponse(field.open("rb"), content_type="application/pdf", filename=field.name.rsplit("/", 1)[-1])
