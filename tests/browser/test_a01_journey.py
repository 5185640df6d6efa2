"""A new user applies for the A01 permit in a real browser, downloads it, and the QR code on the
printed permit verifies on the public page."""

import datetime as dt
import io
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp

from immigo.applications.models import Case, Status
from immigo.core.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "accept_downloads": True}


def _qr_text(pdf_bytes: bytes) -> str:
    page = pypdfium2.PdfDocument(io.BytesIO(pdf_bytes))[0]
    image = page.render(scale=3).to_pil()
    results = zxingcpp.read_barcodes(image)
    assert results, "no QR code found on the permit"
    return results[0].text


def test_a_new_user_applies_for_a01_downloads_the_permit_and_verifies_it(live_server, page, settings):
    settings.IMMIGO_PUBLIC_URL = live_server.url
    Unit.objects.create(code="hq-entry-exit", kind=Unit.Kind.HEADQUARTERS, name_zh="入出國事務組", name_en="Entry-Exit Affairs Division")
    today = dt.date.today()

    page.goto(f"{live_server.url}/services/")
    page.get_by_role("link", name="Online entry permit for Hong Kong and Macao residents").first.click()
    # Not signed in: the service asks for an account first.
    page.get_by_role("link", name="Create an account").first.click()
    page.get_by_label("Full name").fill("Chan Tai Man")
    page.get_by_label("E-mail").fill("chan.taiman@example.test")
    page.get_by_label("Password:", exact=True).fill("Harbour-View-2026")
    page.get_by_label("Password again").fill("Harbour-View-2026")
    page.get_by_role("button", name="Create account").click()

    page.wait_for_url("**/services/hk-macao-entry-permit/apply/")
    page.get_by_label("Name in native script").fill("陳大文")
    page.get_by_label("Family name").fill("Chan")
    page.get_by_label("Given names").fill("Tai Man")
    page.get_by_label("Sex").select_option("M")
    page.get_by_label("Date of birth").fill("1988-03-02")
    page.get_by_label("Nationality").fill("HKG")
    page.get_by_label("E-mail for notices").fill("chan.taiman@example.test")
    page.get_by_label("Permanent resident of").select_option("HKG")
    page.get_by_label("I hold a permanent identity card of Hong Kong or Macao").check()
    page.get_by_label("Place of birth").select_option("HKG")
    page.get_by_label("Travel document").select_option("HKSAR")
    page.get_by_label("Passport number").fill("K1234567")
    page.get_by_label("Passport valid until").fill((today + dt.timedelta(days=1500)).isoformat())
    page.get_by_label("Planned date of arrival").fill((today + dt.timedelta(days=10)).isoformat())
    page.get_by_label("Planned length of stay (days)").fill("7")
    page.get_by_role("button", name="Submit application").click()

    page.wait_for_url("**/cases/*/")
    case = Case.objects.get()
    assert case.status == Status.ISSUED
    assert page.get_by_text(case.receipt_number).first.is_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your permit (PDF)").click()
    pdf_bytes = Path(download_info.value.path()).read_bytes()
    assert pdf_bytes.startswith(b"%PDF")

    url = _qr_text(pdf_bytes)
    assert url.startswith(f"{live_server.url}/verify/?t=")
    page.goto(url)
    assert page.get_by_text("Authentic").first.is_visible()
    assert page.get_by_text(case.issued_document.number).first.is_visible()

    # The same QR text with one character changed does not verify.
    tampered = url[:-3] + ("A" if url[-3] != "A" else "B") + url[-2:]
    page.goto(tampered)
    assert page.get_by_text("Not authentic").first.is_visible()
