from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "immigo.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.conf.locale import LANG_INFO

        # Django has no locale data for Filipino; the project ships its own translations.
        LANG_INFO.setdefault("tl", {"bidi": False, "code": "tl", "name": "Filipino", "name_local": "Filipino"})
