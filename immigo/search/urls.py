from django.urls import URLPattern, path

from . import views

app_name = "search"
urlpatterns: list[URLPattern] = [
    path("", views.results, name="results"),
    path("regulations/", views.regulations, name="regulations"),
]
