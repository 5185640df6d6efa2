from django.urls import path

from . import views_verify

app_name = "verify"
urlpatterns = [
    path("", views_verify.document_verify_page, name="verify"),
]
