from django.urls import URLPattern, path

app_name = "newsletter"
urlpatterns: list[URLPattern] = []
