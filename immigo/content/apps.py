from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "immigo.content"
    label = "content"
    verbose_name = _("Content")

    def ready(self) -> None:
        from .indexing import search_providers_register

        search_providers_register()
