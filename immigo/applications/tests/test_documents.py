"""Signed issued documents: signatures and tokens, the printable PDFs (QR codes decoded from the
rendered page), the verification service and the public verification page."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import stat

import pypdfium2 as pdfium
import pytest
import time_machine
import zxingcpp
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone, translation
from django.utils.translation import ngettext

from immigo.accounts.models import User
from immigo.applications.documents import signing
from immigo.applications.documents.fields import crossing_digest, crossing_rows, mask_number
from immigo.applications.documents.pdf import (
    DocumentContentChangedError,
    issued_document_pdf,
    receipt_pdf,
    supplement_notice_pdf,
)
from immigo.applications.documents.signing import (
    DocumentSignatureError,
    canonical_json,
    document_sign,
    key_id,
    public_keys,
    signing_key,
    token_encode,
    token_verify,
    verification_url,
)
from immigo.applications.documents.verify import VerificationStatus, document_verify
from immigo.applications.models import Case, Channel, IssuedDocument, Pickup, SupplementRequest
from immigo.border.models import Crossing
from immigo.core.models import Passport, Person, Unit

PERMIT_TITLE = "港澳居民臨時入境停留許可"
PERMIT_NUMBER = "HKM2026000123"
TAIPEI = dt.timezone(dt.timedelta(hours=8))


def _pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()


def _public_pem(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def _token(payload: dict) -> str:
    signature, kid = document_sign(payload)
    return token_encode(payload=payload, signature=signature, key_id=kid)


def _pdf_text(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def _pdf_qr_texts(pdf: bytes) -> list[str]:
    page = pdfium.PdfDocument(pdf)[0]
    image = page.render(scale=3).to_pil()  # about 216 dpi
    return [b.text for b in zxingcpp.read_barcodes(image) if b.format == zxingcpp.BarcodeFormat.QRCode]


@pytest.fixture
def unit(db):
    return Unit.objects.create(
        code="taipei-station",
        kind=Unit.Kind.SERVICE_STATION,
        name_zh="臺北市服務站",
        name_en="Taipei City Service Station",
        postcode="100",
        address="臺北市中正區廣州街15號",
        phone="02-2389-9983",
        hours="08:00-17:00",
    )


@pytest.fixture
def holder(db):
    person = Person.objects.create(
        native_name="陳小明",
        family_name="CHAN",
        given_names="Siu Ming",
        date_of_birth=dt.date(1990, 5, 17),
        sex=Person.Sex.MALE,
        nationality="HKG",
        ui_number="A800000014",
    )
    Passport.objects.create(person=person, number="K1234567", issuing_country="HKG", expires_on=dt.date(2031, 1, 1))
    return person


@pytest.fixture
def make_case(unit, holder):
    def make(**overrides) -> Case:
        fields = {
            "receipt_number": "B012026050400017",
            "service_code": "B01",
            "applicant": holder,
            "channel": Channel.ONLINE,
            "unit": unit,
            "pickup": Pickup.COUNTER,
            "submitted_at": dt.datetime(2026, 5, 4, 9, 30, tzinfo=TAIPEI),
            "submitted_on": dt.date(2026, 5, 4),
            "time_limit_days": 20,
            "due_date": dt.date(2026, 6, 2),
            **overrides,
        }
        return Case.objects.create(**fields)

    return make


@pytest.fixture
def permit_payload(holder) -> dict:
    return {
        "t": IssuedDocument.Kind.HK_MACAO_ENTRY_PERMIT.value,
        "n": PERMIT_NUMBER,
        "nm": holder.display_name,
        "dob": "1990-05-17",
        "sx": "M",
        "id": mask_number("K1234567"),
        "vf": "2026-05-04",
        "vu": "2026-08-03",
        "iat": "2026-05-04T10:15:00+08:00",
        "en": 1,
        "st": 30,
        "pp": mask_number("HKG K1234567"),
    }


@pytest.fixture
def issue(make_case, holder):
    """Issues a document the way the case services do: store the payload, sign it, keep both."""

    def issue_(payload: dict, *, receipt_number: str = "B012026050400017") -> IssuedDocument:
        signature, kid = document_sign(payload)
        return IssuedDocument.objects.create(
            case=make_case(receipt_number=receipt_number),
            kind=payload["t"],
            number=payload["n"],
            holder=holder,
            valid_from=dt.date.fromisoformat(payload["vf"]) if "vf" in payload else None,
            valid_until=dt.date.fromisoformat(payload["vu"]) if "vu" in payload else None,
            payload=payload,
            signature=signature,
            key_id=kid,
        )

    return issue_


# Signatures and tokens


def test_token_round_trip_returns_the_signed_payload(permit_payload):
    token = _token(permit_payload)
    assert token.startswith(f"IM1.{key_id()}.")
    assert token_verify(token) == permit_payload


def test_canonical_json_is_sorted_compact_utf8():
    assert canonical_json({"nm": "陳", "b": 1, "a": [1, 2]}) == '{"a":[1,2],"b":1,"nm":"陳"}'.encode()


def test_a_changed_payload_byte_fails(permit_payload):
    prefix, kid, encoded, signature = _token(permit_payload).split(".")
    raw = bytearray(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    raw[raw.index(b"30")] = ord("9")  # stay of 90 days instead of 30
    forged = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    with pytest.raises(DocumentSignatureError) as caught:
        token_verify(f"{prefix}.{kid}.{forged}.{signature}")
    assert caught.value.code == "signature_invalid"


def test_a_token_signed_by_an_unknown_key_fails(settings, permit_payload):
    settings.IMMIGO_SIGNING_KEY = _pem(Ed25519PrivateKey.generate())
    foreign = _token(permit_payload)
    settings.IMMIGO_SIGNING_KEY = _pem(Ed25519PrivateKey.generate())
    with pytest.raises(DocumentSignatureError):
        token_verify(foreign)


def test_a_foreign_signature_under_our_key_id_fails(permit_payload):
    signature = base64.urlsafe_b64encode(Ed25519PrivateKey.generate().sign(canonical_json(permit_payload))).rstrip(b"=").decode()
    with pytest.raises(DocumentSignatureError):
        token_verify(token_encode(payload=permit_payload, signature=signature, key_id=key_id()))


def test_a_rotated_key_listed_as_trusted_still_verifies(settings, permit_payload):
    old = Ed25519PrivateKey.generate()
    settings.IMMIGO_SIGNING_KEY = _pem(old)
    old_token = _token(permit_payload)

    settings.IMMIGO_SIGNING_KEY = _pem(Ed25519PrivateKey.generate())
    with pytest.raises(DocumentSignatureError):
        token_verify(old_token)

    settings.IMMIGO_TRUSTED_PUBLIC_KEYS = [_public_pem(old)]
    assert token_verify(old_token) == permit_payload
    assert token_verify(_token(permit_payload)) == permit_payload


def test_a_rotated_key_with_a_configured_id_verifies_when_listed_with_that_id(settings, permit_payload):
    old = Ed25519PrivateKey.generate()
    settings.IMMIGO_SIGNING_KEY, settings.IMMIGO_SIGNING_KEY_ID = _pem(old), "2025-a"
    old_token = _token(permit_payload)
    settings.IMMIGO_SIGNING_KEY, settings.IMMIGO_SIGNING_KEY_ID = _pem(Ed25519PrivateKey.generate()), "2026-a"
    settings.IMMIGO_TRUSTED_PUBLIC_KEYS = [("2025-a", _public_pem(old))]
    assert set(public_keys()) == {"2025-a", "2026-a"}
    assert token_verify(old_token) == permit_payload


@pytest.mark.parametrize(
    "token",
    [
        "",
        "IM1",
        "IM2.a.b.c",
        "IM1.a.b",
        "IM1.x.e30.AAAA.extra",
        "IM1.{kid}.e30.not base64",
        "IM1.{kid}.%%%.AAAA",
        "IM1.{kid}.e30." + "A" * 5000,
    ],
)
def test_malformed_tokens_fail_as_invalid_signatures(token):
    with pytest.raises(DocumentSignatureError):
        token_verify(token.replace("{kid}", key_id()))


def test_a_correctly_signed_non_canonical_payload_fails():
    message = b'{"n": "X1"}'  # spaces: not the canonical form
    signature = base64.urlsafe_b64encode(signing_key().sign(message)).rstrip(b"=").decode()
    encoded = base64.urlsafe_b64encode(message).rstrip(b"=").decode()
    with pytest.raises(DocumentSignatureError):
        token_verify(f"IM1.{key_id()}.{encoded}.{signature}")


def test_local_key_is_created_once_with_owner_only_permissions(settings, tmp_path):
    settings.IMMIGO_SIGNING_KEY = ""
    settings.DATA_DIR = tmp_path / "data"
    key = signing_key()
    path = tmp_path / "data" / "keys" / "document-signing.pem"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    signing._keys.clear()  # a new process reads the same file
    assert signing_key().public_key() == key.public_key()
    assert list(path.parent.iterdir()) == [path]


def test_key_from_settings_is_used_and_a_changed_setting_is_read_again(settings):
    first, second = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    settings.IMMIGO_SIGNING_KEY = _pem(first)
    assert signing_key().public_key() == first.public_key()
    settings.IMMIGO_SIGNING_KEY = _pem(second).replace("\n", "\\n")  # one-line form from an environment variable
    assert signing_key().public_key() == second.public_key()


def test_key_id_is_configured_or_derived_from_the_public_key(settings):
    settings.IMMIGO_SIGNING_KEY_ID = ""
    derived = key_id()
    assert len(derived) == 16 and int(derived, 16) >= 0
    settings.IMMIGO_SIGNING_KEY_ID = "2026-01"
    assert key_id() == "2026-01"
    assert "2026-01" in public_keys()


def test_verification_url_uses_the_public_address(settings):
    settings.IMMIGO_PUBLIC_URL = "https://immigo.example"
    assert verification_url("IM1.a.b.c") == "https://immigo.example/verify/?t=IM1.a.b.c"


def test_mask_number_keeps_the_last_four():
    assert mask_number("A123456789") == "******6789"
    assert mask_number("HKG K1234567") == "********4567"
    assert mask_number("123") == "123"


def test_crossing_digest_hashes_the_compact_json_list_of_taipei_dates():
    rows = [("2026-01-05", "exit"), ("2026-01-19", "entry")]
    expected = hashlib.sha256(b'[["2026-01-05","exit"],["2026-01-19","entry"]]').hexdigest()[:16]
    assert crossing_digest(rows) == expected


# PDFs


def test_entry_permit_pdf_qr_code_holds_the_verification_link(issue, permit_payload):
    doc = issue(permit_payload)
    pdf = issued_document_pdf(doc)
    assert pdf.startswith(b"%PDF")

    decoded = _pdf_qr_texts(pdf)
    expected = verification_url(token_encode(payload=doc.payload, signature=doc.signature, key_id=doc.key_id))
    assert decoded == [expected]
    assert token_verify(decoded[0].split("?t=", 1)[1]) == permit_payload

    text = _pdf_text(pdf)
    assert PERMIT_TITLE in text
    assert PERMIT_NUMBER in text
    assert "Single entry" in text and "30" in text
    assert "HKG K1234567" in text  # the holder's passport, printed in full


def test_entry_exit_certificate_lists_dates_and_directions_without_ports(issue, holder):
    # The second crossing is on 18 January in UTC but on 19 January in Taipei.
    at = [dt.datetime(2026, 1, 5, 23, 40, tzinfo=TAIPEI), dt.datetime(2026, 1, 19, 7, 5, tzinfo=TAIPEI)]
    Crossing.objects.create(person=holder, direction="exit", at=at[0], port="Taoyuan Airport T2", flight="CI903")
    Crossing.objects.create(person=holder, direction="entry", at=at[1], port="Kaohsiung Airport", flight="CX432")
    Crossing.objects.create(person=holder, direction="exit", at=dt.datetime(2026, 3, 1, 8, 0, tzinfo=TAIPEI), port="Songshan")
    rows = crossing_rows(person_id=holder.pk, start=dt.date(2026, 1, 1), end=dt.date(2026, 2, 28))
    assert rows == [("2026-01-05", "exit"), ("2026-01-19", "entry")]
    payload = {
        "t": IssuedDocument.Kind.ENTRY_EXIT_CERTIFICATE.value,
        "n": "EEC2026000001",
        "nm": holder.display_name,
        "dob": "1990-05-17",
        "sx": "M",
        "id": mask_number("A800000014"),
        "iat": "2026-05-04T10:15:00+08:00",
        "ps": "2026-01-01",
        "pe": "2026-02-28",
        "cx": 2,
        "ch": crossing_digest(rows),
    }
    doc = issue(payload)
    pdf = issued_document_pdf(doc)
    assert pdf.startswith(b"%PDF")
    text = _pdf_text(pdf)
    assert "入出國日期證明書" in text
    assert "2026-01-05" in text and "2026-01-19" in text and "2026-03-01" not in text
    assert "Taoyuan" not in text and "CI903" not in text and "Kaohsiung" not in text
    assert "A800000014" in text

    Crossing.objects.filter(at=at[1]).update(at=dt.datetime(2026, 1, 20, 7, 5, tzinfo=TAIPEI))
    with pytest.raises(DocumentContentChangedError):
        issued_document_pdf(doc)


def test_residence_certificate_pdf_shows_the_new_address(issue, holder):
    payload = {
        "t": IssuedDocument.Kind.RESIDENCE_CERTIFICATE.value,
        "n": "RC2026000009",
        "nm": holder.display_name,
        "dob": "1990-05-17",
        "sx": "M",
        "id": mask_number("A800000014"),
        "vu": "2028-05-03",
        "iat": "2026-05-04T10:15:00+08:00",
        "ad": "臺北市大安區信義路三段100號5樓",
    }
    pdf = issued_document_pdf(issue(payload))
    assert pdf.startswith(b"%PDF")
    text = _pdf_text(pdf)
    assert "臺北市大安區信義路三段100號5樓" in text
    assert "RC2026000009" in text and "2028-05-03" in text


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_receipt_shows_number_pickup_and_working_days(make_case, language):
    case = make_case(language=language, fee_amount=0)
    pdf = receipt_pdf(case, service_name="港澳居民臨時入境停留許可", documents_received=["Passport copy", "Photo"])
    assert pdf.startswith(b"%PDF")
    text = _pdf_text(pdf)
    with translation.override(language):
        pickup = str(case.get_pickup_display())
        days = ngettext("%(days)s working day", "%(days)s working days", 20) % {"days": 20}
    assert case.receipt_number in text
    assert pickup in text
    assert days in text
    assert "2026-06-02" in text and "2026-05-04 09:30" in text
    assert "Passport copy" in text and "Photo" in text


def test_receipt_qr_code_opens_the_status_lookup_without_the_date_of_birth(make_case, settings):
    case = make_case(fee_amount=1200)
    decoded = _pdf_qr_texts(receipt_pdf(case, service_name="B01", documents_received=[]))
    assert decoded == [f"{settings.IMMIGO_PUBLIC_URL}/status/?receipt={case.receipt_number}"]
    assert "1990" not in decoded[0]


def test_one_time_notice_lists_every_item(make_case):
    case = make_case(language="en")
    officer = User.objects.create_user("officer@immigo.test", "x" * 12, full_name="Officer", kind=User.Kind.STAFF)
    items = [
        {"code": "photo", "label": "Recent photo", "note": "Taken within 6 months"},
        {"code": "passport", "label": "Passport copy", "note": "Page with the photo"},
        {"code": "address", "label": "Proof of address", "note": "Tenancy agreement or utility bill"},
    ]
    supplement = SupplementRequest.objects.create(case=case, items=items, issued_by=officer, respond_by=dt.date(2026, 5, 25))
    pdf = supplement_notice_pdf(supplement, service_name="B01")
    assert pdf.startswith(b"%PDF")
    text = " ".join(_pdf_text(pdf).split())
    for item in items:
        assert item["label"] in text and item["note"] in text
    assert "2026-05-25" in text
    assert f"/cases/{case.receipt_number}/" in text


# Verification service


def test_a_registered_document_in_its_validity_verifies_as_valid(issue, permit_payload):
    issue(permit_payload)
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=TAIPEI), tick=False):
        result = document_verify(_token(permit_payload))
    assert result.authentic and result.record_matches
    assert result.status == VerificationStatus.VALID
    assert result.payload == permit_payload


@pytest.mark.parametrize(
    ("moment", "status"),
    [
        (dt.datetime(2026, 8, 3, 15, 30, tzinfo=dt.UTC), VerificationStatus.VALID),  # 23:30 on 3 August in Taipei
        (dt.datetime(2026, 8, 3, 16, 30, tzinfo=dt.UTC), VerificationStatus.EXPIRED),  # 00:30 on 4 August in Taipei
    ],
)
def test_expiry_is_decided_by_the_date_in_taipei(issue, permit_payload, moment, status):
    issue(permit_payload)
    with time_machine.travel(moment, tick=False):
        assert document_verify(_token(permit_payload)).status == status


def test_a_revoked_document_verifies_as_revoked(issue, permit_payload):
    doc = issue(permit_payload)
    IssuedDocument.objects.filter(pk=doc.pk).update(revoked_at=timezone.now(), revocation_reason="Issued in error")
    result = document_verify(_token(permit_payload))
    assert result.authentic
    assert result.status == VerificationStatus.REVOKED
    assert result.revocation_reason == "Issued in error"


def test_a_signed_document_missing_from_the_register_is_unknown(db, permit_payload):
    result = document_verify(_token(permit_payload))
    assert result.authentic and result.status == VerificationStatus.UNKNOWN


def test_a_register_entry_that_differs_from_the_token_is_invalid(issue, permit_payload):
    doc = issue(permit_payload)
    IssuedDocument.objects.filter(pk=doc.pk).update(payload={**permit_payload, "st": 90})
    result = document_verify(_token(permit_payload))
    assert result.authentic and result.record_matches is False
    assert result.status == VerificationStatus.INVALID


def test_a_bad_signature_is_invalid_without_consulting_the_register(issue, permit_payload, django_assert_num_queries):
    issue(permit_payload)
    with django_assert_num_queries(0):
        result = document_verify(_token(permit_payload)[:-3] + "AAA")
    assert not result.authentic and result.payload is None
    assert result.status == VerificationStatus.INVALID


def test_the_whole_scanned_link_is_accepted(issue, permit_payload):
    issue(permit_payload)
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=TAIPEI), tick=False):
        result = document_verify(f"  {verification_url(_token(permit_payload))}\n")
    assert result.status == VerificationStatus.VALID


# Verification page


@pytest.fixture
def page(settings, client):
    settings.ROOT_URLCONF = "immigo.applications.tests.verify_test_urls"

    def get(params: dict | None = None) -> str:
        response = client.get("/verify/", params or {}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        assert "noindex" in response["X-Robots-Tag"]
        return response.content.decode()

    return get


def test_verify_page_shows_an_authentic_valid_document(issue, permit_payload, page, django_assert_num_queries):
    issue(permit_payload)
    token = _token(permit_payload)
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=TAIPEI), tick=False), django_assert_num_queries(1):
        html = page({"t": token})
    assert "Authentic: signed by the immigration agency" in html
    assert "Status: Valid" in html
    assert "<dl" in html and "<dt>Document number</dt><dd>HKM2026000123</dd>" in html
    assert "陳小明 (CHAN Siu Ming)" in html


def test_verify_page_says_a_tampered_token_is_not_authentic(issue, permit_payload, page):
    issue(permit_payload)
    prefix, kid, _encoded, signature = _token(permit_payload).split(".")
    forged = base64.urlsafe_b64encode(canonical_json({**permit_payload, "st": 90})).rstrip(b"=").decode()
    html = page({"t": f"{prefix}.{kid}.{forged}.{signature}"})
    assert "Not authentic" in html
    assert "Authentic: signed" not in html and "<dl" not in html


def test_verify_page_says_a_revoked_document_is_revoked(issue, permit_payload, page):
    doc = issue(permit_payload)
    IssuedDocument.objects.filter(pk=doc.pk).update(revoked_at=dt.datetime(2026, 5, 20, 9, tzinfo=TAIPEI), revocation_reason="Lost")
    html = page({"t": _token(permit_payload)})
    assert "Status: Revoked" in html
    assert "revoked on 2026-05-20" in html and "Lost" in html


def test_verify_page_without_a_code_shows_the_labelled_form(db, page):
    html = page()
    assert '<label for="id_t"' in html
    assert 'method="get"' in html
    assert "Not authentic" not in html


def test_verify_page_in_the_default_language_renders(issue, permit_payload, settings, client):
    settings.ROOT_URLCONF = "immigo.applications.tests.verify_test_urls"
    issue(permit_payload)
    response = client.get("/verify/", {"t": _token(permit_payload)}, headers={"Accept-Language": ""})
    assert response.status_code == 200
    assert 'lang="zh-Hant-TW"' in response.content.decode()
