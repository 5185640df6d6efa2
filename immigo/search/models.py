"""The database search index: the documents, their postings (an inverted index) and their
attributes. Only the database backend reads and writes these tables; other apps index through
``services`` and search through ``selectors``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """One language version of one piece of public content, identified by kind, key and language."""

    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(_("key"), max_length=200)
    language = models.CharField(_("language"), max_length=12)
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("address"), max_length=500)
    category = models.CharField(_("category"), max_length=100, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    attrs = models.JSONField(_("attributes"), default=dict, blank=True)
    # Lengths in words plus n-gram characters, for BM25's length normalisation.
    title_length = models.PositiveIntegerField(default=0)
    body_length = models.PositiveIntegerField(default=0)
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "language"], name="search_document_identity"),
        ]
        indexes = [
            models.Index(fields=["language", "kind"], name="search_doc_language_kind"),
            models.Index(fields=["language", "category"], name="search_doc_language_category"),
            models.Index(fields=["published_on"], name="search_doc_published_on"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key} ({self.language})"


class IndexedField(models.IntegerChoices):
    TITLE = 1, _("Title")
    BODY = 2, _("Body")


class SearchPosting(models.Model):
    """A term of a document's field: how often it occurs there and how long the field is."""

    # The database deletes a document's postings with it: no rows travel through Python.
    document = models.ForeignKey(SearchDocument, on_delete=models.DB_CASCADE, related_name="postings")
    # db_index: on PostgreSQL Django adds the varchar_pattern_ops index that prefix searches use.
    term = models.CharField(max_length=64, db_index=True)
    field = models.PositiveSmallIntegerField(choices=IndexedField.choices)
    tf = models.PositiveIntegerField()
    field_length = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("search posting")
        verbose_name_plural = _("search postings")

    def __str__(self) -> str:
        return f"{self.term} in {self.document_id}/{self.field}"


class SearchAttribute(models.Model):
    """A filterable attribute of a document (``reg_kind``, ``reg_category``, …)."""

    document = models.ForeignKey(SearchDocument, on_delete=models.DB_CASCADE, related_name="attributes")
    name = models.CharField(max_length=40)
    value = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("search attribute")
        verbose_name_plural = _("search attributes")
        constraints = [
            models.UniqueConstraint(fields=["document", "name"], name="search_attribute_once_per_document"),
        ]
        indexes = [models.Index(fields=["name", "value"], name="search_attr_name_value")]

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
