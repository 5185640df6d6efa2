"""Staff pages of the border app, under /staff/border/."""

from django.urls import path

from .views import staff

app_name = "border"
urlpatterns = [
    path("exit-bans/", staff.registry, name="registry"),
    path("exit-bans/<int:ban_id>/lift/", staff.registry_lift, name="registry_lift"),
    path("proxy-requests/", staff.proxy_queue, name="proxy_queue"),
    path("proxy-requests/<int:auth_id>/", staff.proxy_review, name="proxy_review"),
    path("proxy-requests/<int:auth_id>/letter/", staff.proxy_letter, name="proxy_letter"),
    path("airport-exit/", staff.airport_exit, name="airport_exit"),
    path("airport-exit/<str:receipt>/", staff.airport_case, name="airport_case"),
    path("airport-exit/<str:receipt>/approval.pdf", staff.airport_approval_pdf, name="airport_approval_pdf"),
    path("reunion/<str:receipt>/", staff.reunion_compute, name="reunion_compute"),
    path("link-account/", staff.account_bind, name="account_bind"),
]
