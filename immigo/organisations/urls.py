from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("logins/", views.login_list, name="logins"),
    path("logins/<int:pk>/", views.login_change, name="login_change"),
]
