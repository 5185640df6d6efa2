from django.urls import path

from . import views

app_name = "onlineforms"
urlpatterns = [
    path("", views.form_list, name="list"),
    path("staff/scan/", views.staff_scan, name="staff_scan"),
    path("staff/<str:reference>/intake/", views.staff_intake, name="staff_intake"),
    path("filled/<str:token>/", views.filled, name="filled"),
    path("filled/<str:token>/form.pdf", views.filled_pdf, name="filled_pdf"),
    path("<slug:slug>/", views.form_fill, name="fill"),
]
