import io
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from immigo.accounts.models import Role
from immigo.core.errors import PermissionDeniedError
from immigo.core.models import AuditEntry, Unit
from immigo.missing import services
from immigo.missing.errors import MissingPersonTransitionNotAllowedError
from immigo.missing.models import MissingPerson
from immigo.missing.workflow import ALLOWED

from . import factories as f

pytestmark = pytest.mark.django_db

LIST = reverse("missing:editor_list")


def _entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_type="missing.missingperson", action=action).order_by("id"))


# --- who keeps the list ----------------------------------------------------------------------


def test_content_editors_and_special_operations_staff_keep_the_list(client, editor, special_ops_officer):
    for user in (editor, special_ops_officer):
        client.force_login(user)
        assert client.get(LIST).status_code == 200
        assert client.get(reverse("missing:editor_create")).status_code == 200


def test_other_staff_and_the_public_may_not(client, station_reviewer):
    person = f.person()
    hq_supervisor = f.staff("sup@immigo.test", Role.SUPERVISOR, f.unit("hq", Unit.Kind.HEADQUARTERS))
    public = f.staff("x@immigo.test", Role.REVIEWER, f.unit("border-taoyuan", Unit.Kind.BORDER))
    public.kind = "public"
    public.save()

    for user in (station_reviewer, hq_supervisor, public):
        client.force_login(user)
        assert client.get(LIST).status_code == 403
        assert client.get(reverse("missing:editor_detail", args=[person.pk])).status_code == 403
    with pytest.raises(PermissionDeniedError):
        services.missing_person_publish(person=person, by=station_reviewer, published=False)
    assert not _entries("read")


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(LIST)

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


# --- audited reads ---------------------------------------------------------------------------


def test_every_opening_of_an_entry_is_audited_and_shows_the_id_number(client, editor):
    person = f.person(id_number=f.ID_NUMBER, notes="Seen at the harbour")
    client.force_login(editor)

    first = client.get(reverse("missing:editor_detail", args=[person.pk]))
    client.get(reverse("missing:editor_detail", args=[person.pk]))
    client.get(reverse("missing:editor_edit", args=[person.pk]))

    assert f.ID_NUMBER in first.content.decode()
    assert "Seen at the harbour" in first.content.decode()
    reads = [e for e in _entries("read") if e.object_id == str(person.pk)]
    assert len(reads) == 3
    assert all(e.actor == editor and e.purpose.startswith("maintaining the missing persons list") for e in reads)


def test_the_staff_list_is_audited_with_the_entries_it_shows(client, editor):
    person = f.person()
    client.force_login(editor)

    client.get(LIST)

    (entry,) = _entries("read")
    assert entry.object_id == "list" and entry.details["ids"] == [person.pk]


# --- audited changes -------------------------------------------------------------------------


def test_an_editor_creates_an_unpublished_entry_and_the_creation_is_audited(client, editor):
    client.force_login(editor)

    response = client.post(reverse("missing:editor_create"), f.form_data(id_number="a800000014", photo=f.image("JPEG", "p.jpg")))

    assert response.status_code == 302
    person = MissingPerson.objects.get(case_number="NIA-113-0100")
    assert (person.is_published, person.status, person.id_number) == (False, "missing", "A800000014")
    assert (person.birth_year, person.birth_year_estimated) == (1989, True)
    assert person.photo.name.endswith(".jpg") and "p.jpg" not in person.photo.name
    (entry,) = _entries("create")
    assert entry.actor == editor and entry.object_id == str(person.pk)
    assert "A800000014" not in str(entry.details)
    assert client.get(reverse("missing:detail", args=[person.case_number])).status_code == 404


def test_an_invalid_id_number_is_refused(client, editor):
    client.force_login(editor)

    response = client.post(reverse("missing:editor_create"), f.form_data(id_number="A800000015"))

    assert response.status_code == 422
    assert 'href="#id_id_number"' in response.content.decode()
    assert not MissingPerson.objects.exists()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("x.png", b"GIF89a" + b"\x00" * 40, content_type="image/png"),
        SimpleUploadedFile("x.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg"),
        SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n" + b"broken", content_type="image/png"),
    ],
)
def test_a_photo_must_really_be_a_jpeg_or_png(client, editor, upload):
    client.force_login(editor)

    response = client.post(reverse("missing:editor_create"), f.form_data(photo=upload))

    assert response.status_code == 422
    assert "The photo must be a JPEG or PNG image" in response.content.decode()
    assert not MissingPerson.objects.exists()


def test_a_stored_photo_carries_no_camera_metadata(editor):
    source = Image.new("RGB", (30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    raw = io.BytesIO()
    source.save(raw, format="JPEG", exif=exif)
    upload = SimpleUploadedFile("cam.jpg", raw.getvalue(), content_type="image/jpeg")
    data = services.MissingPersonData(**{**_service_data(), "case_number": "NIA-113-0200"})

    person = services.missing_person_create(by=editor, data=data, photo=upload)

    with person.photo.open("rb") as handle:
        stored = handle.read()
    assert b"SecretCam" not in stored


def _service_data() -> dict[str, object]:
    return {
        "case_number": "NIA-113-0101",
        "name_zh": "吳德明",
        "sex": "M",
        "birth_year": 1979,
        "origin_province": "zhejiang",
        "year_missing": 2022,
        "place_last_seen": f.county(),
        "reason": "fishing_crew",
    }


def test_an_edit_is_audited_with_the_changed_fields_but_not_the_id_number(client, editor):
    person = f.person(id_number="")
    client.force_login(editor)
    data = f.form_data(
        case_number=person.case_number,
        name_zh="林海升",
        age_when_missing="",
        birth_year="1990",
        id_number=f.ID_NUMBER,
        origin_province="fujian",
        origin_city="莆田市",
        name_roman="LIN Haisheng",
        year_missing="2023",
    )

    response = client.post(reverse("missing:editor_edit", args=[person.pk]), data)

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.name_zh, person.id_number) == ("林海升", f.ID_NUMBER)
    (entry,) = _entries("update")
    assert "name_zh" in entry.details["fields"] and "id_number" in entry.details["sensitive_fields_changed"]
    assert f.ID_NUMBER not in str(entry.details)


def test_marking_a_person_found_takes_them_off_the_public_list_and_is_audited(client, editor):
    person = f.person()
    client.force_login(editor)

    response = client.post(reverse("missing:editor_status", args=[person.pk]), {"to": "found", "reason": "Located by the coast guard"})

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.status == MissingPerson.Status.FOUND
    (entry,) = _entries("transition")
    assert entry.details == {
        "case_number": person.case_number,
        "before": "missing",
        "after": "found",
        "reason": "Located by the coast guard",
    }
    assert client.get(reverse("missing:search")).context["page"].paginator.count == 0


def test_a_status_change_needs_a_reason(client, editor):
    person = f.person()
    client.force_login(editor)

    client.post(reverse("missing:editor_status", args=[person.pk]), {"to": "found", "reason": ""})

    person.refresh_from_db()
    assert person.status == MissingPerson.Status.MISSING


def test_unpublishing_hides_the_entry_and_is_audited(client, special_ops_officer):
    person = f.person()
    client.force_login(special_ops_officer)

    client.post(reverse("missing:editor_publication", args=[person.pk]), {"published": "0"})

    person.refresh_from_db()
    assert person.is_published is False
    assert _entries("update")[0].details["published"] is False
    assert client.get(reverse("missing:detail", args=[person.case_number])).status_code == 404


def test_a_found_person_cannot_be_withdrawn_without_reopening(editor):
    person = f.person(status=MissingPerson.Status.FOUND)

    with pytest.raises(MissingPersonTransitionNotAllowedError):
        services.missing_person_move(person=person, to=MissingPerson.Status.WITHDRAWN, by=editor)


def test_every_status_has_a_row_in_the_table():
    assert set(ALLOWED) == set(MissingPerson.Status)


def test_the_demo_command_creates_twelve_fictional_published_entries_once(editor):
    call_command("missing_demo", editor=editor.email, stdout=StringIO())
    call_command("missing_demo", editor=editor.email, stdout=StringIO())

    assert MissingPerson.objects.count() == 12
    assert MissingPerson.objects.filter(is_published=True, status="missing").count() == 12
    assert len(_entries("create")) == 12


def test_a_photo_can_be_replaced_and_removed(client, editor):
    person = f.person()
    client.force_login(editor)
    data = f.form_data(case_number=person.case_number, age_when_missing="", birth_year="1990", year_missing="2023")

    client.post(reverse("missing:editor_edit", args=[person.pk]), {**data, "photo": f.image()})
    person.refresh_from_db()
    first = person.photo.name
    assert first.endswith(".png")

    client.post(reverse("missing:editor_edit", args=[person.pk]), {**data, "photo-clear": "on"})
    person.refresh_from_db()
    assert not person.photo
    assert client.get(reverse("missing:photo", args=[person.case_number])).status_code == 404
