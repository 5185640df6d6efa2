from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "immigo.feedback"
    label = "feedback"
    verbose_name = _("Service satisfaction and service experts")
