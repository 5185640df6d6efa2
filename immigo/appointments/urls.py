from django.urls import path

from .views import organisation, public, staff

app_name = "appointments"
urlpatterns = [
    path("", public.start, name="start"),
    path("book/", public.book, name="book"),
    path("mine/", public.mine, name="mine"),
    path("mine/<str:reference>/", public.mine_detail, name="mine_detail"),
    path("mine/<str:reference>/change/", public.mine_change, name="mine_change"),
    path("mine/<str:reference>/cancel/", public.mine_cancel, name="mine_cancel"),
    path("vans/", public.vans, name="vans"),
    path("home-pickup/", public.pickup_request, name="pickup_request"),
    path("home-pickup/mine/", public.pickup_mine, name="pickup_mine"),
    path("home-pickup/<str:reference>/cancel/", public.pickup_cancel, name="pickup_cancel"),
    path("staff/", staff.plan, name="staff_plan"),
    path("staff/open-slots/", staff.open_slots, name="staff_open_slots"),
    path("staff/phone/", staff.phone_book, name="staff_phone"),
    path("staff/appointments/<str:reference>/", staff.appointment_detail, name="staff_appointment"),
    path("staff/appointments/<str:reference>/change/", staff.appointment_change, name="staff_appointment_change"),
    path("staff/appointments/<str:reference>/<slug:action>/", staff.appointment_action, name="staff_appointment_action"),
    path("staff/groups/", staff.group_list, name="staff_groups"),
    path("staff/groups/<str:reference>/", staff.group_detail, name="staff_group"),
    path("staff/pickups/", staff.pickup_list, name="staff_pickups"),
    path("staff/pickups/<str:reference>/", staff.pickup_detail, name="staff_pickup"),
    path("staff/vans/", staff.van_list, name="staff_vans"),
    path("staff/vans/<int:pk>/", staff.van_detail, name="staff_van"),
    path("organisation/", organisation.session_list, name="org_sessions"),
    path("organisation/new/", organisation.session_new, name="org_session_new"),
    path("organisation/<str:reference>/", organisation.session_detail, name="org_session"),
    path("organisation/<str:reference>/cancel/", organisation.session_cancel, name="org_session_cancel"),
]
