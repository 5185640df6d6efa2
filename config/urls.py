from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from .api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("config/", admin.site.urls),
    path("accounts/", include("immigo.accounts.urls")),
    path("staff/", include("immigo.applications.staff_urls")),
    path("verify/", include("immigo.applications.verify_urls")),
    path("", include("immigo.content.urls")),
    path("search/", include("immigo.search.urls")),
    path("stations/", include("immigo.directory.urls")),
    path("newsletter/", include("immigo.newsletter.urls")),
    path("missing-persons/", include("immigo.missing.urls")),
    path("appointments/", include("immigo.appointments.urls")),
    path("queue/", include("immigo.queues.urls")),
    path("feedback/", include("immigo.feedback.urls")),
    path("residence/", include("immigo.residence.urls")),
    path("quotas/", include("immigo.quotas.urls")),
    path("forms/", include("immigo.onlineforms.urls")),
    path("organisation/", include("immigo.organisations.urls")),
    path("", include("immigo.applications.urls")),
    path("", include("immigo.portal.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)
