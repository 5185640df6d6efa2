from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "immigo.organisations"
    label = "organisations"
    verbose_name = _("Organisations acting for applicants")

    def ready(self) -> None:
        from immigo.notifications.rendering import EventSpec, event_register

        # A login added by the organisation's administrator (with a link to set a password).
        event_register(
            "organisation_login_added",
            EventSpec(required=frozenset({"organisation", "added_by", "link", "set_password", "valid_days"})),
        )
