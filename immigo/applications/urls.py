from django.urls import path

from .views import public

app_name = "applications"
urlpatterns = [
    path("services/", public.service_list, name="service_list"),
    path("services/<slug:slug>/apply/", public.apply, name="apply"),
    path("cases/", public.my_cases, name="my_cases"),
    path("cases/<str:receipt>/", public.case_detail, name="case_detail"),
    path("cases/<str:receipt>/supplement/", public.case_supplement, name="case_supplement"),
    path("cases/<str:receipt>/withdraw/", public.case_withdraw, name="case_withdraw"),
    path("cases/<str:receipt>/document.pdf", public.case_document, name="case_document"),
    path("cases/<str:receipt>/receipt.pdf", public.case_receipt, name="case_receipt"),
    path("status/", public.status_lookup, name="status_lookup"),
]
