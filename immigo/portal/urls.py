from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("for/<slug:slug>/", views.audience, name="audience"),
    path("display/", views.display_options, name="display_options"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("sitemap/", views.sitemap, name="sitemap"),
    path("tools/", views.tools, name="tools"),
]
