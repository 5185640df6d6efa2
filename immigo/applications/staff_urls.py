from django.urls import path

from .views import staff

app_name = "staff"
urlpatterns = [
    path("", staff.queue, name="queue"),
    path("intake/", staff.intake, name="intake"),
    path("intake/<slug:slug>/", staff.intake_form, name="intake_form"),
    path("cases/<str:receipt>/", staff.case_detail, name="case"),
    path("cases/<str:receipt>/receipt.pdf", staff.receipt_pdf, name="receipt_pdf"),
    path("cases/<str:receipt>/document.pdf", staff.document_pdf, name="document_pdf"),
    path("cases/<str:receipt>/notice/<int:notice_id>.pdf", staff.notice_pdf, name="notice_pdf"),
    path("cases/<str:receipt>/files/<int:document_id>/", staff.case_file, name="case_file"),
    path("cases/<str:receipt>/<slug:action>/", staff.case_action, name="case_action"),
]
