from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuotasConfig(AppConfig):
    name = "immigo.quotas"
    label = "quotas"
    verbose_name = _("Daily quotas")

    def ready(self) -> None:
        from immigo.notifications.rendering import EventSpec, event_register

        # A group on the waiting list was given places that came free (back-fill).
        event_register("quota_places_allocated", EventSpec(required=frozenset({"reference", "tour_name", "day", "travellers"})))
