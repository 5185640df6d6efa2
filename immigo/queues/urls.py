from django.urls import path

from .views import public, staff

app_name = "queues"
urlpatterns = [
    path("", public.station_list, name="station_list"),
    path("staff/", staff.home, name="staff_home"),
    path("staff/counters/<int:pk>/", staff.counter_console, name="staff_counter"),
    path("staff/counters/<int:pk>/open/", staff.counter_open, name="staff_counter_open"),
    path("staff/counters/<int:pk>/close/", staff.counter_close, name="staff_counter_close"),
    path("staff/counters/<int:pk>/call/", staff.counter_call, name="staff_counter_call"),
    path("staff/tickets/<int:pk>/requeue/", staff.ticket_requeue, name="staff_ticket_requeue"),
    path("staff/tickets/<int:pk>/<slug:action>/", staff.ticket_action, name="staff_ticket_action"),
    path("staff/<slug:code>/", staff.station, name="staff_station"),
    path("staff/<slug:code>/check-in/", staff.check_in, name="staff_check_in"),
    path("t/<str:token>/", public.ticket, name="ticket"),
    path("t/<str:token>/live/", public.ticket_live, name="ticket_live"),
    path("t/<str:token>/cancel/", public.ticket_cancel, name="ticket_cancel"),
    path("<slug:code>/", public.take_ticket, name="take"),
    path("<slug:code>/kiosk/", public.kiosk, name="kiosk"),
    path("<slug:code>/check-in/", public.check_in, name="check_in"),
    path("<slug:code>/display/", public.display, name="display"),
    path("<slug:code>/display/live/", public.display_live, name="display_live"),
]
