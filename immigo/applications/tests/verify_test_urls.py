"""A urlconf for rendering the verification page in tests: the real verify routes, plus stand-ins
for the routes that base.html links to and that live in other parts of the project."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def _stand_in(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"")


urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("verify/", include("immigo.applications.verify_urls")),
    path("", include(([path("", _stand_in, name="home")], "portal"))),
    path(
        "",
        include(
            (
                [
                    path("services/", _stand_in, name="service_list"),
                    path("status/", _stand_in, name="status_lookup"),
                    path("my/", _stand_in, name="my_cases"),
                ],
                "applications",
            )
        ),
    ),
    path("staff/", include(([path("", _stand_in, name="queue")], "staff"))),
    path("accounts/", include(([path("login/", _stand_in, name="login"), path("logout/", _stand_in, name="logout")], "accounts"))),
]
