from django.urls import path

from .views import editor, public

app_name = "missing"
urlpatterns = [
    path("", public.search, name="search"),
    path("advanced/", public.advanced, name="advanced"),
    path("editor/", editor.person_list, name="editor_list"),
    path("editor/new/", editor.person_create, name="editor_create"),
    path("editor/<int:pk>/", editor.person_detail, name="editor_detail"),
    path("editor/<int:pk>/edit/", editor.person_edit, name="editor_edit"),
    path("editor/<int:pk>/status/", editor.person_status, name="editor_status"),
    path("editor/<int:pk>/publication/", editor.person_publication, name="editor_publication"),
    path("editor/<int:pk>/photo/", editor.person_photo, name="editor_photo"),
    path("<str:case_number>/", public.detail, name="detail"),
    path("<str:case_number>/photo/", public.photo, name="photo"),
]
