"""Forms of the public lists and of the editors' back office. They only read input; the
services decide what is allowed."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .markup import FORMAT_HELP, MarkupError, amendments_parse, articles_parse
from .models import CATEGORY_SCHEME, FILE_SLOTS, NEWS_KINDS, SOURCE_LANGUAGE, Category, Kind, RegKind, Status, html_lang
from .services import DraftText, ItemFacts


def _language() -> str:
    return get_language() or SOURCE_LANGUAGE


class CategoryField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.name_in(_language()).text
        if obj.audience == Category.Audience.CHILDREN:
            return str(_("%(name)s (children's FAQ)") % {"name": name})
        return name


# --- public ---------------------------------------------------------------------------------


class NewsFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Show"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", _("All news and announcements"))] + [
            (kind.value, kind.label) for kind in Kind if kind in NEWS_KINDS
        ]


class RegulationFilterForm(forms.Form):
    category = CategoryField(
        label=_("Category"), queryset=Category.objects.none(), required=False, to_field_name="code", empty_label=_("All categories")
    )
    reg_kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *RegKind.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(CategoryField, self.fields["category"]).queryset = Category.objects.filter(scheme=Category.Scheme.REGULATION).order_by(
            "position"
        )


# --- back office ----------------------------------------------------------------------------


class EditorFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All statuses")), *Status.choices])
    language = forms.ChoiceField(label=_("Language"), required=False)
    q = forms.CharField(label=_("Title or address contains"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["language"]).choices = [("", _("All languages")), *settings.LANGUAGES]


class FactsForm(forms.Form):
    """What every language version shares. Shown with the Chinese (source) version."""

    slug = forms.SlugField(
        label=_("Address (slug)"),
        max_length=80,
        help_text=_("Lower-case letters a–z, digits and hyphens; it becomes part of the page address."),
    )
    category = CategoryField(label=_("Category"), queryset=Category.objects.none(), required=False)
    reg_kind = forms.ChoiceField(label=_("Type of regulation"), required=False, choices=[("", "—"), *RegKind.choices])
    promulgated_on = forms.DateField(label=_("Promulgated on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    amended_on = forms.DateField(label=_("Last amended on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    position = forms.IntegerField(
        label=_("Order in its list"),
        min_value=0,
        max_value=100000,
        initial=0,
        required=False,
        help_text=_("Smaller numbers come first (FAQ, regulations, guides, disclosure items)."),
    )

    def __init__(self, *args: Any, kind: Kind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        scheme = CATEGORY_SCHEME.get(kind)
        if scheme is None:
            del self.fields["category"]
        else:
            cast(CategoryField, self.fields["category"]).queryset = Category.objects.filter(scheme=scheme).order_by("audience", "position")
            self.fields["category"].required = True
        if kind != Kind.REGULATION:
            for name in ("reg_kind", "promulgated_on", "amended_on"):
                del self.fields[name]
        else:
            self.fields["reg_kind"].required = True

    def facts(self) -> ItemFacts:
        data = self.cleaned_data
        return ItemFacts(
            slug=data["slug"],
            category=data.get("category"),
            reg_kind=data.get("reg_kind", ""),
            promulgated_on=data.get("promulgated_on"),
            amended_on=data.get("amended_on"),
            position=data.get("position") or 0,
        )


class DraftForm(forms.Form):
    """The text of one language version."""

    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences for lists, feeds and search results."),
    )
    body = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 14}), help_text=FORMAT_HELP["body"])
    articles = forms.CharField(
        label=_("Articles"), required=False, widget=forms.Textarea(attrs={"rows": 20}), help_text=FORMAT_HELP["articles"]
    )
    amendments = forms.CharField(
        label=_("Amendment history"), required=False, widget=forms.Textarea(attrs={"rows": 5}), help_text=FORMAT_HELP["amendments"]
    )
    document = forms.FileField(label=_("Document (PDF)"), required=False, widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"}))
    remove_document = forms.BooleanField(label=_("Remove the current document"), required=False)
    sample = forms.FileField(
        label=_("Filled-in sample (PDF)"), required=False, widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"})
    )
    remove_sample = forms.BooleanField(label=_("Remove the current sample"), required=False)
    note = forms.CharField(
        label=_("What did you change?"),
        required=False,
        max_length=300,
        help_text=_("Shown in the history and to the reviewer."),
    )

    def __init__(self, *args: Any, kind: Kind, language: str = "", has_files: dict[str, bool] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        # Every kind but a regulation (whose text is its articles) needs a body.
        self.fields["body"].required = kind != Kind.REGULATION
        if kind == Kind.REGULATION:
            self.fields["articles"].required = True
        if language in dict(settings.LANGUAGES):
            # The text is typed in the version's language: spell-checkers and screen readers follow `lang`.
            for name in ("title", "summary", "body", "articles", "amendments"):
                if name in self.fields:
                    self.fields[name].widget.attrs["lang"] = html_lang(language)
        if kind == Kind.FAQ:
            self.fields["title"].label = _("Question")
            self.fields["body"].label = _("Answer")
        if kind == Kind.REGULATION:
            self.fields["title"].label = _("Name of the regulation")
            self.fields["body"].label = _("Note on this regulation")
        else:
            del self.fields["articles"]
            del self.fields["amendments"]
        slots = FILE_SLOTS.get(kind, ())
        if kind == Kind.GUIDE:
            self.fields["document"].label = _("Application form (PDF)")
        for slot in ("document", "sample"):
            if slot not in slots:
                del self.fields[slot]
                del self.fields[f"remove_{slot}"]
            elif not (has_files or {}).get(slot):
                del self.fields[f"remove_{slot}"]

    def clean_articles(self) -> str:
        value = self.cleaned_data.get("articles", "")
        try:
            articles_parse(value)
        except MarkupError as exc:
            raise ValidationError(exc.message) from exc
        return value

    def clean_amendments(self) -> str:
        value = self.cleaned_data.get("amendments", "")
        try:
            amendments_parse(value)
        except MarkupError as exc:
            raise ValidationError(exc.message) from exc
        return value

    def text(self) -> DraftText:
        data = self.cleaned_data
        return DraftText(
            title=data["title"],
            summary=data.get("summary", ""),
            body=data.get("body", ""),
            articles=data.get("articles", ""),
            amendments=data.get("amendments", ""),
        )

    def files_changed(self) -> dict[str, Any]:
        """New uploads, and None for a file to remove; slots left alone keep their file."""
        out: dict[str, Any] = {}
        for slot in ("document", "sample"):
            if slot not in self.fields:
                continue
            if self.cleaned_data.get(slot):
                out[slot] = self.cleaned_data[slot]
            elif self.cleaned_data.get(f"remove_{slot}"):
                out[slot] = None
        return out


class NewItemForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of this first version"),
        initial=SOURCE_LANGUAGE,
        help_text=_("Write the Traditional Chinese version first: visitors whose language has no version see it instead."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["language"]).choices = settings.LANGUAGES


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, required: bool = False, label: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = required
        if label is not None:
            self.fields["comment"].label = label
