from django.urls import include, path

from .views import lost_passports, staff

app_name = "staff"
urlpatterns = [
    path("", staff.queue, name="queue"),
    path("intake/", staff.intake, name="intake"),
    path("intake/<slug:slug>/", staff.intake_form, name="intake_form"),
    path("cases/<str:receipt>/", staff.case_detail, name="case"),
    path("cases/<str:receipt>/receipt.pdf", staff.receipt_pdf, name="receipt_pdf"),
    path("cases/<str:receipt>/document.pdf", staff.document_pdf, name="document_pdf"),
    path("cases/<str:receipt>/reply-slip.pdf", staff.reply_slip_pdf, name="reply_slip_pdf"),
    path("cases/<str:receipt>/notice/<int:notice_id>.pdf", staff.notice_pdf, name="notice_pdf"),
    path("cases/<str:receipt>/files/<int:document_id>/", staff.case_file, name="case_file"),
    path("cases/<str:receipt>/<slug:action>/", staff.case_action, name="case_action"),
    # B07: lost and found foreign passports.
    path("lost-passports/", lost_passports.search, name="lost_passports"),
    path("lost-passports/<int:document_id>/found/", lost_passports.record_found, name="lost_passport_found"),
    # The exit-ban register, proxies' letters (A06), airport approvals (F04), reunion computation (A16).
    path("border/", include("immigo.border.staff_urls")),
]
