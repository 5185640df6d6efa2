from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("", views.station_list, name="station_list"),
    path("find/", views.station_find, name="station_find"),
    path("stations.json", views.stations_json, name="stations_json"),
    path("<slug:code>/", views.station_detail, name="station_detail"),
]
