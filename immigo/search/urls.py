from django.urls import URLPattern, path

app_name = "search"
urlpatterns: list[URLPattern] = []
