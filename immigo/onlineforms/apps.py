from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnlineformsConfig(AppConfig):
    name = "immigo.onlineforms"
    label = "onlineforms"
    verbose_name = _("Online forms")
