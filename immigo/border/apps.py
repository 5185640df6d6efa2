from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BorderConfig(AppConfig):
    name = "immigo.border"
    label = "border"
    verbose_name = _("Border")

    def ready(self) -> None:
        from immigo.notifications.rendering import EventSpec, event_register

        # The one-time code for the exit-ban query (A06), e-mailed to accounts without an app.
        event_register("exit_ban_code", EventSpec(required=frozenset({"code", "minutes"})))
        # The proxy learns the officer's decision on the signed letter (A06 by proxy).
        event_register(
            "exit_ban_proxy_reviewed",
            EventSpec(required=frozenset({"reference", "verified", "detail_url"}), optional=frozenset({"answer_until", "note"})),
        )
        # The principal learns that a proxy read the answer with their authorisation: a proxy who
        # forged a letter cannot go unnoticed.
        event_register("exit_ban_proxy_answered", EventSpec(required=frozenset({"reference", "proxy_name", "relationship", "answered_on"})))
