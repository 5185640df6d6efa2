from django.urls import URLPattern, path

app_name = "content"
urlpatterns: list[URLPattern] = []
