from django.urls import URLPattern

app_name = "onlineforms"
urlpatterns: list[URLPattern] = []
