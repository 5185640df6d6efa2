from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidenceConfig(AppConfig):
    name = "immigo.residence"
    label = "residence"
    verbose_name = _("Residence registry and expiry reminders")

    def ready(self) -> None:
        from immigo.notifications.rendering import EventSpec, event_register

        from . import tasks  # noqa: F401 - registers the daily sweep with the scheduler

        event_register(
            "residence_expiry_notice",
            EventSpec(required=frozenset({"name", "due_date", "renewal_url", "booking_url", "station_name", "station_phone"})),
        )
