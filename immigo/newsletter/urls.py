from django.urls import path

from .views import editor, public

app_name = "newsletter"
urlpatterns = [
    path("", public.home, name="home"),
    path("subscribed/", public.subscribe_done, name="subscribe_done"),
    path("confirm/<str:token>/", public.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", public.unsubscribe, name="unsubscribe"),
    path("archive/", public.archive, name="archive"),
    path("archive/<int:number>/", public.issue, name="issue"),
    path("questions/", public.question, name="question"),
    path("questions/sent/", public.question_done, name="question_done"),
    path("editor/", editor.home, name="editor_home"),
    path("editor/issues/new/", editor.issue_create, name="editor_issue_create"),
    path("editor/issues/<int:pk>/", editor.issue_detail, name="editor_issue"),
    path("editor/issues/<int:pk>/edit/", editor.issue_edit, name="editor_issue_edit"),
    path("editor/issues/<int:pk>/versions/new/", editor.version_edit, name="editor_version_create"),
    path("editor/issues/<int:pk>/versions/<str:language>/", editor.version_edit, name="editor_version"),
    path("editor/issues/<int:pk>/versions/<str:language>/articles/new/", editor.article_create, name="editor_article_create"),
    path("editor/issues/<int:pk>/<slug:action>/", editor.issue_action, name="editor_issue_action"),
    path("editor/articles/<int:pk>/", editor.article_edit, name="editor_article"),
    path("editor/articles/<int:pk>/delete/", editor.article_delete, name="editor_article_delete"),
    path("editor/questions/", editor.questions, name="editor_questions"),
    path("editor/questions/<int:pk>/", editor.question_detail, name="editor_question"),
    path("editor/questions/<int:pk>/publish/", editor.question_publish, name="editor_question_publish"),
]
