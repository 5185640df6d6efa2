from django.urls import path

from .views import agency, public, staff

app_name = "quotas"
urlpatterns = [
    path("", public.board_page, name="board"),
    path("counter/", public.counter_screen, name="counter"),
    path("board.json", public.board_json, name="board_json"),
    path("agency/", agency.group_list, name="agency_list"),
    path("agency/file/", agency.group_file, name="agency_file"),
    path("agency/customer-list.csv", agency.customer_list_template, name="agency_template"),
    path("agency/<int:pk>/", agency.group_detail, name="agency_detail"),
    path("agency/<int:pk>/withdraw/", agency.group_withdraw, name="agency_withdraw"),
    path("agency/<int:pk>/supplied/", agency.group_supplied, name="agency_supplied"),
    path("staff/", staff.quota_list, name="staff_quotas"),
    path("staff/days/<int:pk>/", staff.quota_day_detail, name="staff_day"),
    path("staff/groups/<int:pk>/", staff.group_review, name="staff_group"),
]
