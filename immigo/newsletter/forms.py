"""Forms of the newsletter pages: subscribe, ask the editors, the archive search, and the editors'
forms for issues, language versions, articles and answers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from immigo.applications.catalogue.base import DateInput

from .models import ReaderQuestion

PRIVACY_TEXT = _(
    "We use your e-mail address only to send you the newsletter in the language you chose. You can "
    "unsubscribe with one click from every issue; your address is then no longer used."
)


def _languages() -> list[tuple[str, Any]]:
    return list(settings.LANGUAGES)


class HoneypotMixin(forms.Form):
    """A field people never see (it is hidden) and bots fill in. A filled-in honeypot makes the
    view pretend success and store nothing."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class SubscribeForm(HoneypotMixin):
    email = forms.EmailField(label=_("E-mail address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    language = forms.ChoiceField(label=_("Language of the newsletter"), choices=_languages)
    consent = forms.BooleanField(
        label=_("I agree that my e-mail address is used to send me the newsletter."),
        help_text=PRIVACY_TEXT,
        error_messages={"required": _("Tick the box to agree, or we cannot send you the newsletter.")},
    )


class QuestionForm(HoneypotMixin):
    name = forms.CharField(label=_("Your name"), required=False, max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The editors reply to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    language = forms.ChoiceField(label=_("Language of your question"), choices=_languages)
    question = forms.CharField(label=_("Your question"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}))
    may_publish = forms.BooleanField(
        label=_("The editors may publish my question and its answer in the newsletter, without my name or e-mail address."),
        required=False,
    )


class ArchiveSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the archive"), required=False, max_length=100, widget=forms.SearchInput())


# --- editors ----------------------------------------------------------------------------------


class IssueCreateForm(forms.Form):
    number = forms.IntegerField(label=_("Issue number"), min_value=1)
    issue_date = forms.DateField(label=_("Issue date"), widget=DateInput())
    title = forms.CharField(label=_("Title (Traditional Chinese)"), max_length=200)
    intro = forms.CharField(label=_("Introduction (Traditional Chinese)"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class IssueEditForm(forms.Form):
    number = forms.IntegerField(label=_("Issue number"), min_value=1)
    issue_date = forms.DateField(label=_("Issue date"), widget=DateInput())


class VersionForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=_languages)
    title = forms.CharField(label=_("Title"), max_length=200)
    intro = forms.CharField(label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, fixed_language: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if fixed_language:
            self.fields["language"].disabled = True


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 12}))
    link = forms.URLField(
        label=_("Link"), required=False, max_length=500, assume_scheme="https", help_text=_("A page with more information.")
    )
    position = forms.IntegerField(
        label=pgettext_lazy("order of articles in an issue", "Position"),
        min_value=1,
        required=False,
        help_text=_("Articles are shown in this order."),
    )


class TransitionForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class QuestionFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All questions")), *ReaderQuestion.Status.choices])


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=8000, widget=forms.Textarea(attrs={"rows": 8}))
    publish_with_next_issue = forms.BooleanField(
        label=_("Publish the question and this answer with the next issue"),
        required=False,
        help_text=_("Only possible when the reader agreed; the reader's name and address are never published."),
    )


class QuestionPublishForm(forms.Form):
    issue = forms.TypedChoiceField(label=_("Draft issue"), coerce=int)

    def __init__(self, *args: Any, issues: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issue"].choices = issues  # type: ignore[attr-defined]
