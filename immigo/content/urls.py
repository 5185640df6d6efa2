"""Content pages at the site root: the public sections, their feeds, and the editors' back
office under /editor/."""

from django.urls import URLPattern, path, register_converter

from .views import editor, feeds, public


class _Choice:
    """A path segment that is one of a fixed set of words, so the root-level patterns below
    never catch another app's address."""

    regex = ""

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class SectionConverter(_Choice):
    regex = "news|announcements|faq|regulations|guides|publications|disclosure"


class FileSectionConverter(_Choice):
    regex = "guides|publications|disclosure"


class FileSlotConverter(_Choice):
    regex = "document|sample"


register_converter(SectionConverter, "content_section")
register_converter(FileSectionConverter, "content_file_section")
register_converter(FileSlotConverter, "content_file_slot")

app_name = "content"

public_patterns: list[URLPattern] = [
    path("news/", public.news_list, name="news_list"),
    path("news/feed/", feeds.NewsRss(), name="news_rss"),
    path("news/<slug:slug>/", public.news_detail, name="news_detail"),
    path("announcements/", public.announcement_list, name="announcement_list"),
    path("announcements/feed/", feeds.AnnouncementRss(), name="announcement_rss"),
    path("faq/", public.faq_index, name="faq_index"),
    path("faq/children/", public.faq_children, name="faq_children"),
    path("faq/<slug:category>/", public.faq_category, name="faq_category"),
    path("faq/<slug:category>/<slug:slug>/", public.faq_detail, name="faq_detail"),
    path("regulations/", public.regulation_list, name="regulation_list"),
    path("regulations/<slug:slug>/", public.regulation_detail, name="regulation_detail"),
    path("regulations/<slug:slug>/print/", public.regulation_print, name="regulation_print"),
    path("guides/", public.guide_list, name="guide_list"),
    path("guides/<slug:slug>/", public.guide_detail, name="guide_detail"),
    path("publications/", public.publication_list, name="publication_list"),
    path("publications/<slug:slug>/", public.publication_detail, name="publication_detail"),
    path("disclosure/", public.disclosure_list, name="disclosure_list"),
    path("disclosure/<slug:slug>/", public.disclosure_detail, name="disclosure_detail"),
    # A published item's file: /guides/<slug>/files/document.pdf, …/sample.pdf
    path("<content_file_section:section>/<slug:slug>/files/<content_file_slot:slot>.pdf", public.item_file, name="item_file"),
    # JSON Feed 1.1 of every list: /news/feed.json, /faq/feed.json, /regulations/feed.json …
    path("<content_section:section>/feed.json", feeds.json_feed, name="json_feed"),
]

editor_patterns: list[URLPattern] = [
    path("editor/", editor.editor_home, name="editor_home"),
    path("editor/new/", editor.editor_new, name="editor_new"),
    path("editor/new/<str:kind>/", editor.editor_create, name="editor_create"),
    path("editor/review/", editor.editor_review_queue, name="editor_review_queue"),
    path("editor/items/<int:item_id>/", editor.editor_item, name="editor_item"),
    path("editor/items/<int:item_id>/<str:language>/edit/", editor.editor_edit, name="editor_edit"),
    path("editor/items/<int:item_id>/<str:language>/submit/", editor.editor_submit, name="editor_submit"),
    path("editor/items/<int:item_id>/<str:language>/review/", editor.editor_review, name="editor_review"),
    path("editor/items/<int:item_id>/<str:language>/publish/", editor.editor_publish, name="editor_publish"),
    path("editor/items/<int:item_id>/<str:language>/send-back/", editor.editor_send_back, name="editor_send_back"),
    path("editor/items/<int:item_id>/<str:language>/archive/", editor.editor_archive, name="editor_archive"),
    path("editor/items/<int:item_id>/<str:language>/history/", editor.editor_history, name="editor_history"),
    path("editor/revisions/<int:revision_id>/", editor.editor_revision, name="editor_revision"),
    path("editor/revisions/<int:revision_id>/files/<str:slot>/", editor.editor_revision_file, name="editor_revision_file"),
]

urlpatterns: list[URLPattern] = public_patterns + editor_patterns
