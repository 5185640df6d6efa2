from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "immigo.appointments"
    label = "appointments"
    verbose_name = _("Appointments and group bookings")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .models import StationBookingConfig
        from .rules import rules_cache_clear
        from .services.notices import events_register

        events_register()

        def config_changed(sender: object, instance: StationBookingConfig, **kwargs: object) -> None:
            rules_cache_clear(instance.station_id)

        post_save.connect(config_changed, sender=StationBookingConfig, dispatch_uid="appointments_config_saved")
        post_delete.connect(config_changed, sender=StationBookingConfig, dispatch_uid="appointments_config_deleted")
