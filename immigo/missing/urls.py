from django.urls import URLPattern, path

app_name = "missing"
urlpatterns: list[URLPattern] = []
