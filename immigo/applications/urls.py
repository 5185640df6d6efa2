from django.urls import include, path

from .views import agency, public, sponsor

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
    # Travel agencies filing for their customers (A13–A15).
    path("agency/", agency.home, name="agency_home"),
    path("agency/apply/<slug:slug>/", agency.apply, name="agency_apply"),
    path("agency/apply/<slug:slug>/list/", agency.upload, name="agency_upload"),
    path("agency/apply/<slug:slug>/list/template.csv", agency.upload_template, name="agency_upload_template"),
    path("agency/cases/<str:receipt>/", agency.case_detail, name="agency_case"),
    path("agency/cases/<str:receipt>/permit.pdf", agency.permit_pdf, name="agency_permit"),
    # A09: sponsoring companies file for their business travellers; travellers look up approvals.
    path("sponsor/fast-track/", sponsor.home, name="sponsor_home"),
    path("sponsor/fast-track/apply/", sponsor.apply, name="sponsor_apply"),
    path("sponsor/fast-track/<str:receipt>/", sponsor.case_detail, name="sponsor_case"),
    path("sponsor/fast-track/<str:receipt>/supplement/", sponsor.case_supplement, name="sponsor_supplement"),
    path("sponsor/fast-track/<str:receipt>/approval.pdf", sponsor.approval_pdf, name="sponsor_approval"),
    path("services/business-fast-track/lookup/", sponsor.lookup, name="fast_track_lookup"),
    path("services/business-fast-track/lookup/approval.pdf", sponsor.lookup_pdf, name="fast_track_lookup_pdf"),
    # A06: the exit-ban query, for the person and for a proxy (border app).
    path("exit-ban/", include("immigo.border.urls")),
]
