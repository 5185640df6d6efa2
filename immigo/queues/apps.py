from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QueuesConfig(AppConfig):
    name = "immigo.queues"
    label = "queues"
    verbose_name = _("Queue tickets and counter calling")

    def ready(self) -> None:
        from immigo.notifications.rendering import EventSpec, event_register

        # "Almost your turn": sent once per ticket when the person is within their chosen places.
        event_register(
            "queue_ticket_near",
            EventSpec(required=frozenset({"ticket_number", "station_name", "places", "ticket_url"})),
        )
