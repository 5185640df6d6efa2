from django.urls import path

from .views import public, staff

app_name = "residence"
urlpatterns = [
    path("renew/<str:token>/", public.renew, name="renew"),
    path("staff/", staff.dashboard, name="dashboard"),
    path("staff/stations/<slug:code>/", staff.station_dashboard, name="station"),
    path("staff/stations/<slug:code>/expiring/", staff.van_report, name="van_report"),
    path("staff/stations/<slug:code>/expiring.csv", staff.van_report_csv, name="van_report_csv"),
    path("staff/tasks/", staff.task_list, name="tasks"),
    path("staff/tasks/<int:pk>/", staff.task_detail, name="task"),
    path("staff/letters/", staff.letter_list, name="letters"),
    path("staff/letters/<int:pk>.pdf", staff.letter_pdf, name="letter_pdf"),
    path("staff/letters/<int:pk>/posted/", staff.letter_posted, name="letter_posted"),
    path("staff/import/", staff.registry_import, name="import"),
    path("staff/residents/<int:pk>/", staff.resident_detail, name="resident"),
]
