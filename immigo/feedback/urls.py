from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("t/<str:token>/", views.rate_ticket, name="rate_ticket"),
    path("tablet/<str:token>/", views.tablet, name="tablet"),
    path("tablet/<str:token>/live/", views.tablet_live, name="tablet_live"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/alerts/<int:pk>/move/", views.alert_move, name="alert_move"),
    path("staff/<slug:code>/alerts/", views.alerts, name="alerts"),
    path("staff/<slug:code>/alerts/live/", views.alerts_live, name="alerts_live"),
    path("staff/<slug:code>/statistics/", views.statistics, name="statistics"),
    path("staff/<slug:code>/statistics.csv", views.statistics, {"fmt": "csv"}, name="statistics_csv"),
    path("staff/<slug:code>/experts/", views.experts, name="experts"),
    path("staff/<slug:code>/experts/<int:year>/", views.experts_year, name="experts_year"),
    path("staff/<slug:code>/experts/<int:year>.csv", views.experts_year, {"fmt": "csv"}, name="experts_year_csv"),
    path("staff/<slug:code>/ballots/", views.ballots, name="ballots"),
]
