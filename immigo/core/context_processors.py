from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {"IMMIGO_PUBLIC_URL": settings.IMMIGO_PUBLIC_URL}
