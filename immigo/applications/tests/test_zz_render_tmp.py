import datetime as dt, pytest
import pypdfium2 as pdfium
from immigo.applications.tests.test_documents import *  # noqa

def _png(pdf, name):
    doc = pdfium.PdfDocument(pdf)
    for i in range(len(doc)):
        doc[i].render(scale=1.5).to_pil().save(f"/tmp/{name}-{i}.png")
    open(f"/tmp/{name}.pdf","wb").write(pdf)

def test_render(issue, permit_payload, make_case, holder):
    doc = issue(permit_payload)
    _png(issued_document_pdf(doc, service_name="港澳居民臨時入境停留許可"), "permit")
    print("token len", len(token_encode(payload=doc.payload, signature=doc.signature, key_id=doc.key_id)))
    c = make_case(receipt_number="B01X", fee_amount=1200)
    _png(receipt_pdf(c, service_name="港澳居民臨時入境停留許可", documents_received=["護照影本", "照片"]), "receipt")
    c2 = make_case(receipt_number="B01Y", language="en")
    officer = User.objects.create_user("o@x.test", "x"*12, full_name="O")
    s = SupplementRequest.objects.create(case=c2, items=[{"code":"p","label":"Recent photo","note":"Taken within 6 months"},{"code":"q","label":"Passport copy","note":""}], note="Please also sign page 2.", issued_by=officer, respond_by=dt.date(2026,5,25))
    _png(supplement_notice_pdf(s, service_name="Entry permit for Hong Kong/Macao residents"), "notice")
    for i in range(40):
        Crossing.objects.create(person=holder, direction="exit" if i%2==0 else "entry", at=dt.datetime(2025,1,1,10,tzinfo=TAIPEI)+dt.timedelta(days=7*i), port="X")
    rows = crossing_rows(person_id=holder.pk, start=dt.date(2025,1,1), end=dt.date(2025,12,31))
    p = {"t":"entry_exit_certificate","n":"EEC2026000001","nm":holder.display_name,"dob":"1990-05-17","sx":"M","id":mask_number("A800000014"),"iat":"2026-05-04T10:15:00+08:00","ps":"2025-01-01","pe":"2025-12-31","cx":len(rows),"ch":crossing_digest(rows)}
    _png(issued_document_pdf(issue(p, receipt_number="B01Z")), "eec")
