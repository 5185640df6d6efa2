"""Public pages of the border app (A06 exit-ban query), under /exit-ban/."""

from django.urls import path

from .views import public

app_name = "border"
urlpatterns = [
    path("", public.home, name="home"),
    path("verify/", public.second_factor, name="second_factor"),
    path("check/", public.check, name="check"),
    path("proxy/", public.proxy_list, name="proxy_list"),
    path("proxy/new/", public.proxy_new, name="proxy_new"),
    path("proxy/<str:reference>/", public.proxy_detail, name="proxy_detail"),
    path("proxy/<str:reference>/answer/", public.proxy_answer, name="proxy_answer"),
]
