"""The editors' back office at /editor/ (no Django admin): lists, drafting and translating,
the review queue with a diff against the published text, publishing, sending back, archiving
and the history of every language version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from immigo.applications.views._helpers import attach_domain_errors, domain_error_text, error_summary, raise_as_http
from immigo.core.errors import DomainError, NotFoundError, PermissionDeniedError

from .. import access, selectors
from ..diffing import snapshot_diff
from ..forms import CommentForm, DraftForm, EditorFilterForm, FactsForm, NewItemForm
from ..models import SOURCE_LANGUAGE, Item, ItemTranslation, Kind, Revision, Status
from ..services import content_archive, content_draft_save, content_publish, content_send_back, content_submit
from ..services.drafts import item_facts, revision_snapshot
from ..services.workflow import pending_authors
from ..workflow import RULES, Action, Permit
from ._common import back_office_required, paginate

EDITOR_PER_PAGE = 50
LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _translation(item_id: int, language: str) -> ItemTranslation:
    try:
        return selectors.translation_get(item_id=item_id, language=language)
    except NotFoundError as exc:
        raise Http404 from exc


def _item(item_id: int) -> Item:
    try:
        return selectors.item_get(item_id=item_id)
    except NotFoundError as exc:
        raise Http404 from exc


def _language(language: str) -> str:
    if language not in LANGUAGE_NAMES:
        raise Http404
    return language


def _may(request: HttpRequest, action: Action, translation: ItemTranslation | None = None) -> bool:
    rule = RULES[action]
    if not access.holds(request.user, rule.permit):
        return False
    return translation is None or translation.status in rule.sources


# --- lists ----------------------------------------------------------------------------------


@back_office_required
def editor_home(request: HttpRequest) -> HttpResponse:
    filters = EditorFilterForm(request.GET or None)
    criteria: dict[str, str] = {}
    if filters.is_bound and filters.is_valid():
        criteria = {key: filters.cleaned_data[key] for key in ("kind", "status", "language")} | {"query": filters.cleaned_data["q"]}
    page = paginate(request, selectors.content_list_for_editor(**criteria), per_page=EDITOR_PER_PAGE)
    return render(
        request,
        "content/editor/home.html",
        {
            "filters": filters,
            "page": page,
            "is_editor": access.is_editor(request.user),
            "is_publisher": access.is_publisher(request.user),
            "kinds": Kind.choices,
        },
    )


@back_office_required
def editor_review_queue(request: HttpRequest) -> HttpResponse:
    if not access.is_publisher(request.user):
        raise PermissionDenied
    page = paginate(request, selectors.content_list_for_review(), per_page=EDITOR_PER_PAGE)
    return render(request, "content/editor/review_queue.html", {"page": page})


@back_office_required
def editor_item(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item(item_id)
    versions = {t.language: t for t in item.translations.select_related("latest_revision", "live_revision")}
    rows = [{"code": code, "name": name, "version": versions.get(code)} for code, name in settings.LANGUAGES]
    named = versions.get(SOURCE_LANGUAGE) or next(iter(versions.values()), None)
    return render(
        request,
        "content/editor/item.html",
        {
            "item": item,
            "rows": rows,
            "title": named.latest_revision.title if named and named.latest_revision else "",
            "title_lang": named.lang if named else "",
            "category_name": item.category.name_in(get_language() or SOURCE_LANGUAGE) if item.category else None,
            "is_editor": access.is_editor(request.user),
            "is_publisher": access.is_publisher(request.user),
        },
    )


# --- drafting -------------------------------------------------------------------------------


@back_office_required
def editor_new(request: HttpRequest) -> HttpResponse:
    """Which kind of content to create."""
    if not access.is_editor(request.user):
        raise PermissionDenied
    return render(request, "content/editor/new.html", {"kinds": Kind.choices})


def _draft_page(request: HttpRequest, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    bound = [form for form in (context.get("start_form"), context.get("facts_form"), context["draft_form"]) if form is not None]
    context["errors"] = error_summary(*bound) if any(form.is_bound for form in bound) else []
    return render(request, "content/editor/edit.html", context, status=status)


@back_office_required
@require_http_methods(["GET", "POST"])
def editor_create(request: HttpRequest, kind: str) -> HttpResponse:
    if not access.is_editor(request.user):
        raise PermissionDenied
    if kind not in Kind.values:
        raise Http404
    kind_obj = Kind(kind)
    data = request.POST if request.method == "POST" else None
    start_form = NewItemForm(data)
    facts_form = FactsForm(data, kind=kind_obj)
    draft_form = DraftForm(
        data, request.FILES if data is not None else None, kind=kind_obj, language=data.get("language", "") if data else ""
    )
    context: dict[str, Any] = {
        "kind": kind_obj,
        "start_form": start_form,
        "facts_form": facts_form,
        "draft_form": draft_form,
        "creating": True,
        "editable": True,
    }
    if data is None:
        return _draft_page(request, context)
    if not all([start_form.is_valid(), facts_form.is_valid(), draft_form.is_valid()]):
        return _draft_page(request, context, status=400)
    try:
        revision = content_draft_save(
            by=request.user,  # type: ignore[arg-type]
            language=start_form.cleaned_data["language"],
            text=draft_form.text(),
            kind=kind_obj,
            facts=facts_form.facts(),
            files=draft_form.files_changed(),
            note=draft_form.cleaned_data.get("note", ""),
        )
    except PermissionDeniedError as exc:
        raise_as_http(exc)
    except DomainError as exc:
        attach_domain_errors(exc, [draft_form, facts_form, start_form])
        return _draft_page(request, context, status=400)
    messages.success(request, gettext("Draft saved."))
    return _after_save(request, revision)


def _after_save(request: HttpRequest, revision: Revision) -> HttpResponse:
    translation = revision.translation
    if "save_and_submit" in request.POST:
        try:
            content_submit(translation=translation, by=request.user)  # type: ignore[arg-type]
        except DomainError as exc:
            messages.error(request, domain_error_text(exc))
        else:
            messages.success(request, gettext("Sent for review."))
    return redirect("content:editor_item", item_id=translation.item_id)


def _draft_initial(revision: Revision | None) -> dict[str, Any]:
    if revision is None:
        return {}
    snapshot = revision_snapshot(revision)
    return {key: snapshot[key] for key in ("title", "summary", "body", "articles", "amendments")} | {"note": ""}


def _source_for(item: Item, language: str) -> ItemTranslation | None:
    """What a translator works from: the Chinese version (or, without one, any other)."""
    versions = [t for t in item.translations.select_related("latest_revision", "live_revision") if t.language != language]
    return next((t for t in versions if t.language == SOURCE_LANGUAGE), None) or next(iter(versions), None)


@back_office_required
@require_http_methods(["GET", "POST"])
def editor_edit(request: HttpRequest, item_id: int, language: str) -> HttpResponse:
    """Edits a language version, or starts it (translating); a translator sees the Chinese
    source beside the form."""
    if not access.is_editor(request.user):
        raise PermissionDenied
    item = _item(item_id)
    language = _language(language)
    kind = Kind(item.kind)
    translation = item.translations.select_related("latest_revision", "live_revision").filter(language=language).first()
    latest = translation.latest_revision if translation else None
    source = _source_for(item, language)
    source_revision = (source.live_revision or source.latest_revision) if source else None
    # The shared facts are edited with the source version (or with the only one there is).
    with_facts = language == SOURCE_LANGUAGE or not item.translations.filter(language=SOURCE_LANGUAGE).exists()
    data = request.POST if request.method == "POST" else None
    has_files = {slot: bool(getattr(latest, slot)) for slot in item.file_slots} if latest else {}
    facts_form = FactsForm(data, kind=kind, initial=item_facts(item).snapshot() | {"category": item.category_id}) if with_facts else None
    draft_form = DraftForm(
        data, request.FILES if data is not None else None, kind=kind, language=language, has_files=has_files, initial=_draft_initial(latest)
    )
    context: dict[str, Any] = {
        "kind": kind,
        "item": item,
        "language": language,
        "language_name": LANGUAGE_NAMES[language],
        "translation": translation,
        "latest": latest,
        "facts_form": facts_form,
        "draft_form": draft_form,
        "source": source,
        "source_revision": source_revision if language != SOURCE_LANGUAGE or translation is None else None,
        "source_articles": list(source_revision.articles.all()) if source_revision and kind == Kind.REGULATION else [],
        "editable": translation is None or translation.status in RULES[Action.EDIT].sources,
    }
    if data is None or not context["editable"]:
        return _draft_page(request, context, status=200 if data is None else 409)
    forms_ok = [draft_form.is_valid()] + ([facts_form.is_valid()] if facts_form is not None else [])
    if not all(forms_ok):
        return _draft_page(request, context, status=400)
    try:
        revision = content_draft_save(
            by=request.user,  # type: ignore[arg-type]
            language=language,
            text=draft_form.text(),
            item=item,
            facts=facts_form.facts() if facts_form is not None else None,
            files=draft_form.files_changed(),
            note=draft_form.cleaned_data.get("note", ""),
        )
    except PermissionDeniedError as exc:
        raise_as_http(exc)
    except DomainError as exc:
        attach_domain_errors(exc, [draft_form, *([facts_form] if facts_form is not None else [])])
        return _draft_page(request, context, status=400)
    if latest is not None and revision.pk == latest.pk:
        messages.info(request, gettext("Nothing changed, so no new revision was saved."))
    else:
        messages.success(request, gettext("Draft saved."))
    return _after_save(request, revision)


# --- the workflow ---------------------------------------------------------------------------


def _workflow_post(request: HttpRequest, item_id: int, language: str, action: Action) -> HttpResponse:
    translation = _translation(item_id, _language(language))
    rule = RULES[action]
    form = CommentForm(request.POST, required=rule.comment_required)
    services: dict[Action, Callable[..., ItemTranslation]] = {
        Action.SUBMIT: content_submit,
        Action.PUBLISH: content_publish,
        Action.SEND_BACK: content_send_back,
        Action.ARCHIVE: content_archive,
    }
    done = {
        Action.SUBMIT: _("Sent for review."),
        Action.PUBLISH: _("Published. The page is online in this language."),
        Action.SEND_BACK: _("Sent back to the editor as a draft."),
        Action.ARCHIVE: _("Archived. The page is no longer online in this language."),
    }
    if not form.is_valid():
        if action in (Action.PUBLISH, Action.SEND_BACK):
            return _review_page(request, translation, send_back_form=form, status=400)
        messages.error(request, " ".join(str(e) for e in form.errors.get("comment", [])))
        return redirect("content:editor_item", item_id=item_id)
    try:
        services[action](translation=translation, by=request.user, comment=form.cleaned_data["comment"])
    except PermissionDeniedError as exc:
        raise_as_http(exc)
    except DomainError as exc:
        messages.error(request, domain_error_text(exc))
        if action in (Action.PUBLISH, Action.SEND_BACK) and translation.status == Status.IN_REVIEW:
            return redirect("content:editor_review", item_id=item_id, language=language)
        return redirect("content:editor_item", item_id=item_id)
    messages.success(request, str(done[action]))
    if action in (Action.PUBLISH, Action.SEND_BACK):
        return redirect("content:editor_review_queue")
    return redirect("content:editor_item", item_id=item_id)


@back_office_required
@require_POST
def editor_submit(request: HttpRequest, item_id: int, language: str) -> HttpResponse:
    return _workflow_post(request, item_id, language, Action.SUBMIT)


@back_office_required
@require_POST
def editor_publish(request: HttpRequest, item_id: int, language: str) -> HttpResponse:
    return _workflow_post(request, item_id, language, Action.PUBLISH)


@back_office_required
@require_POST
def editor_send_back(request: HttpRequest, item_id: int, language: str) -> HttpResponse:
    return _workflow_post(request, item_id, language, Action.SEND_BACK)


@back_office_required
@require_POST
def editor_archive(request: HttpRequest, item_id: int, language: str) -> HttpResponse:
    return _workflow_post(request, item_id, language, Action.ARCHIVE)


def _review_page(
    request: HttpRequest, translation: ItemTranslation, *, send_back_form: CommentForm | None = None, status: int = 200
) -> HttpResponse:
    latest = translation.latest_revision
    if latest is None:
        raise Http404
    live = translation.live_revision
    own_work = request.user.pk in pending_authors(translation)
    send_back_form = send_back_form or CommentForm(required=True, label=_("What should the editor change?"))
    return render(
        request,
        "content/editor/review.html",
        {
            "translation": translation,
            "item": translation.item,
            "language_name": LANGUAGE_NAMES[translation.language],
            "latest": latest,
            "live": live,
            "diffs": snapshot_diff(revision_snapshot(live) if live else None, revision_snapshot(latest)),
            "text_lang": translation.lang,
            "own_work": own_work,
            "in_review": translation.status == Status.IN_REVIEW,
            "publish_form": CommentForm(label=_("Note for the history")),
            "send_back_form": send_back_form,
            "errors": error_summary(send_back_form) if send_back_form.is_bound else [],
        },
        status=status,
    )


@back_office_required
def editor_review(request: HttpRequest, item_id: int, language: str) -> HttpResponse:
    if not access.holds(request.user, Permit.PUBLISHER):
        raise PermissionDenied
    return _review_page(request, _translation(item_id, _language(language)))


@back_office_required
def editor_history(request: HttpRequest, item_id: int, language: str) -> HttpResponse:
    translation = _translation(item_id, _language(language))
    return render(
        request,
        "content/editor/history.html",
        {
            "translation": translation,
            "item": translation.item,
            "language_name": LANGUAGE_NAMES[translation.language],
            "rows": selectors.translation_history(translation),
            "may_archive": _may(request, Action.ARCHIVE, translation),
        },
    )


def _revision(revision_id: int) -> Revision:
    revision = Revision.objects.select_related("translation", "translation__item").filter(pk=revision_id).first()
    if revision is None:
        raise Http404
    return revision


@back_office_required
def editor_revision(request: HttpRequest, revision_id: int) -> HttpResponse:
    """One revision as it was saved, compared with the one before it."""
    revision = _revision(revision_id)
    previous = revision.translation.revisions.filter(number__lt=revision.number).order_by("-number").first()
    return render(
        request,
        "content/editor/revision.html",
        {
            "revision": revision,
            "translation": revision.translation,
            "item": revision.translation.item,
            "language_name": LANGUAGE_NAMES[revision.translation.language],
            "previous": previous,
            "diffs": snapshot_diff(revision_snapshot(previous) if previous else None, revision_snapshot(revision)),
            "text_lang": revision.translation.lang,
        },
    )


@back_office_required
def editor_revision_file(request: HttpRequest, revision_id: int, slot: str) -> FileResponse:
    revision = _revision(revision_id)
    if slot not in revision.translation.item.file_slots or not getattr(revision, slot):
        raise Http404
    field = getattr(revision, slot)
    response = FileResponse(field.open("rb"), content_type="application/pdf", filename=field.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, no-store"
    return response
