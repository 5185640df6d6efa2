"""The 13 forms that can be filled in online (A12, 13項線上填表), one declaration each.

Each form is the application form of one catalogue service that is taken in at a counter: its
fields and their validation are that service's Django form, so what the applicant types online is
exactly what the counter intake needs. The seed names five of the 13 (L1399–L1400); they are
the counter services of `applications/catalogue/a12_counter_forms.py`. The other eight are the
application forms of counter services declared elsewhere in the catalogue.

`title_zh` is the form's printed title: printed forms are bilingual (Traditional Chinese and the
applicant's language), like the agency's paper forms.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from immigo.applications.catalogue import service_get
from immigo.applications.catalogue.base import Service
from immigo.core.errors import NotFoundError

# A form is kept this long after it was filled in; then it expires and its answers are erased.
FORM_VALID_DAYS = 30


@dataclass(frozen=True)
class FormSpec:
    code: str
    slug: str
    title: Promise
    title_zh: str
    service_code: str
    named_in_seed: bool = False

    @property
    def service(self) -> Service:
        return service_get(self.service_code)

    @property
    def form_class(self) -> type[forms.Form]:
        return self.service.form_class


FORMS: tuple[FormSpec, ...] = (
    # The five the seed names.
    FormSpec(
        "OF01",
        "hk-macao-stay-extension",
        _("Hong Kong and Macao residents: extension of stay"),
        "香港澳門居民延期留臺申請書",
        "A12-HK",
        True,
    ),
    FormSpec(
        "OF02",
        "national-no-registration",
        _("Nationals without household registration: entry, residence or settlement"),
        "在臺灣地區無戶籍國民入境居留定居申請書",
        "A12-NR",
        True,
    ),
    FormSpec(
        "OF03",
        "employed-foreigner-spouse",
        _("Residence for the foreign spouse of an employed foreigner"),
        "應聘外僑之外籍配偶居留申請書",
        "A12-FS",
        True,
    ),
    FormSpec(
        "OF04",
        "mainland-residence",
        _("Mainland people: residence or settlement in Taiwan"),
        "大陸地區人民在臺灣地區居留定居申請書",
        "A12-MR",
        True,
    ),
    FormSpec("OF05", "overseas-chinese-student", _("Overseas-Chinese students: entry and exit"), "僑生出入境申請書", "A12-OS", True),
    # Application forms of other counter services.
    FormSpec("OF06", "ui-number", _("Unified ID number for residents without household registration"), "統一證號申請書", "A05"),
    FormSpec("OF07", "address-change", _("Change of address on a residence document"), "居留證件變更住址申請書", "A07"),
    FormSpec("OF08", "entry-exit-certificate", _("Certificate of entry/exit dates"), "入出國日期證明書申請書", "A11"),
    FormSpec("OF09", "foreign-residence-certificate", _("Certificate of residence for foreigners"), "外國人居留證明書申請書", "A11-RC"),
    FormSpec("OF10", "aprc-exit-report", _("Exit report of a permanent resident"), "外僑永久居留證出國報備申請書", "A11-EX"),
    FormSpec("OF11", "residence-renewal", _("Renewal of a residence permit"), "居留證延期申請書", "B06"),
    FormSpec("OF12", "lost-foreign-passport", _("Report of a lost foreign passport"), "外國護照遺失報案申請書", "B07"),
    FormSpec(
        "OF13", "mainland-residence-extension", _("Extension of residence for mainland residents"), "大陸地區人民延期居留申請書", "B03"
    ),
)
BY_SLUG: dict[str, FormSpec] = {spec.slug: spec for spec in FORMS}
BY_CODE: dict[str, FormSpec] = {spec.code: spec for spec in FORMS}


def form_spec_get(slug_or_code: str) -> FormSpec:
    spec = BY_SLUG.get(slug_or_code) or BY_CODE.get(slug_or_code)
    if spec is None:
        raise NotFoundError(details={"form": slug_or_code})
    return spec


def form_spec_for_service(service_code: str) -> FormSpec | None:
    """The online form of a catalogue service, if it has one (for links from the service's page)."""
    return next((spec for spec in FORMS if spec.service_code == service_code), None)
