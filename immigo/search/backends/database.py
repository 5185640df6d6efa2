"""The search index in the application's own database: an inverted index in ordinary tables,
ranked with BM25 in SQL. Plain ORM queries, so SQLite and PostgreSQL behave the same.

A search costs a fixed handful of statements whatever the size of the corpus:

1. the number of searchable documents and their average field lengths (BM25's N and avgdl);
2. the document frequency of each query term, and the words each prefix stands for;
3. the page of matching document ids with their scores and the number of matches: postings of
   the query's terms grouped by document, every required term present, ordered and sliced;
4. the page's documents, whose titles and bodies are highlighted in Python.

A page past the end costs two more (a count, then the last page).

A query term none of the searchable documents contains ends the search after statement 2.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from django.db import connections, router, transaction
from django.db.models import Avg, Case, Count, Exists, F, FloatField, OuterRef, Q, Sum, Value, When, Window
from django.db.models.expressions import Star
from django.db.models.functions import Cast

from ..highlight import highlight_html, match_spans, snippet_html
from ..models import IndexedField, SearchAttribute, SearchDocument, SearchPosting
from ..text import ParsedQuery, QueryTerm, index_terms, query_parse
from ..types import IndexDocument, SearchFacets, SearchPage, SearchQuery, SearchResult

# BM25's usual constants: term-frequency saturation and length normalisation.
BM25_K1 = 1.2
BM25_B = 0.75
# A match in the title counts three times a match in the body.
TITLE_BOOST = 3.0
# A word that only begins with the query word counts half as much as the word itself.
PREFIX_WEIGHT = 0.5
# Weight of a query trigram found in the document, i.e. two of its bigrams side by side.
PHRASE_WEIGHT = 1.0
# The words one prefix stands for, the most frequent first; "a" must not mean the whole vocabulary.
MAX_EXPANSIONS = 20


def _idf(*, documents: int, frequency: int) -> float:
    return math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5))


def _pool_q(*, language: str, fallback_language: str) -> Q:
    """The documents searchable in a language: its own versions, and the fallback language's
    version of content that has none in it."""
    if language == fallback_language:
        return Q(language=language)
    own_version = SearchDocument.objects.filter(kind=OuterRef("kind"), key=OuterRef("key"), language=language)
    return Q(language=language) | (Q(language=fallback_language) & ~Q(Exists(own_version)))


def _filters_q(q: SearchQuery) -> Q:
    condition = Q()
    if q.kinds:
        condition &= Q(kind__in=q.kinds)
    if q.category:
        condition &= Q(category=q.category)
    if q.date_from is not None:
        condition &= Q(published_on__gte=q.date_from)
    if q.date_to is not None:
        condition &= Q(published_on__lte=q.date_to)
    for name, value in q.attrs:
        condition &= Q(Exists(SearchAttribute.objects.filter(document=OuterRef("pk"), name=name, value=value)))
    return condition


def _posting_in_q(documents: Q) -> Q:
    """Postings of the documents that satisfy the condition. A correlated EXISTS rather than a
    join: without table statistics SQLite would otherwise walk every posting of every document
    in the language instead of the few postings of the query's terms."""
    return Q(Exists(SearchDocument.objects.filter(documents, pk=OuterRef("document"))))


def _prefix_q(prefix: str) -> Q:
    # SQLite only uses an index for LIKE with a NOCASE index, but compares text by code point, so
    # a range does the same job with the term index. PostgreSQL's collation may not sort by code
    # point; there LIKE uses the varchar_pattern_ops index Django creates for the term column.
    last = ord(prefix[-1])
    if connections[router.db_for_read(SearchPosting)].vendor == "sqlite" and last < 0x10FFFF:
        return Q(term__gte=prefix, term__lt=prefix[:-1] + chr(last + 1))
    return Q(term__startswith=prefix)


def _page_bounds(*, total: int, page: int, per_page: int) -> tuple[int, int]:
    pages = max(1, math.ceil(total / per_page))
    return min(max(1, page), pages), pages


class DatabaseSearchBackend:
    def index(self, doc: IndexDocument) -> None:
        title = index_terms(doc.title)
        body = index_terms(doc.body)
        with transaction.atomic():
            document, created = SearchDocument.objects.update_or_create(
                kind=doc.kind,
                key=doc.key,
                language=doc.language,
                defaults={
                    "title": doc.title,
                    "body": doc.body,
                    "url": doc.url,
                    "category": doc.category,
                    "published_on": doc.published_on,
                    "attrs": doc.attrs,
                    "title_length": title.length,
                    "body_length": body.length,
                },
            )
            if not created:
                SearchPosting.objects.filter(document=document).delete()
                SearchAttribute.objects.filter(document=document).delete()
            postings = [
                SearchPosting(document=document, term=term, field=field, tf=tf, field_length=terms.length)
                for field, terms in ((IndexedField.TITLE, title), (IndexedField.BODY, body))
                for term, tf in terms.counts.items()
            ]
            SearchPosting.objects.bulk_create(postings, batch_size=2000)
            SearchAttribute.objects.bulk_create([SearchAttribute(document=document, name=n, value=v) for n, v in doc.attrs.items()])

    def remove(self, *, kind: str, key: str, language: str | None = None) -> None:
        documents = SearchDocument.objects.filter(kind=kind, key=key)
        if language is not None:
            documents = documents.filter(language=language)
        documents.delete()

    def identities(self, *, kind: str) -> set[tuple[str, str]]:
        return set(SearchDocument.objects.filter(kind=kind).values_list("key", "language"))

    def facets(self, *, language: str, fallback_language: str, kinds: Iterable[str] = (), attr_names: Iterable[str] = ()) -> SearchFacets:
        pool = SearchDocument.objects.filter(_pool_q(language=language, fallback_language=fallback_language))
        present_kinds = list(pool.order_by("kind").values_list("kind", flat=True).distinct())
        kinds = tuple(kinds)
        scoped = pool.filter(kind__in=kinds) if kinds else pool
        categories = list(scoped.exclude(category="").order_by("kind", "category").values_list("kind", "category").distinct())
        attrs: dict[str, list[str]] = {name: [] for name in attr_names}
        if attrs:
            rows = (
                SearchAttribute.objects.filter(document__in=scoped.values("pk"), name__in=list(attrs))
                .order_by("name", "value")
                .values_list("name", "value")
                .distinct()
            )
            for name, value in rows:
                attrs[name].append(value)
        return SearchFacets(kinds=present_kinds, categories=categories, attrs=attrs)

    def query(self, q: SearchQuery) -> SearchPage:
        main, title = query_parse(q.query), query_parse(q.title_query)
        if main.is_empty and title.is_empty:
            if q.query.strip() or q.title_query.strip():
                return SearchPage(results=[], total=0, page=1, pages=1, per_page=q.per_page)
            return self._browse(q)
        return self._ranked(q, main=main, title=title)

    def _browse(self, q: SearchQuery) -> SearchPage:
        """Every document that passes the filters, newest first (a query with filters only)."""
        documents = (
            SearchDocument.objects.filter(_pool_q(language=q.language, fallback_language=q.fallback_language))
            .filter(_filters_q(q))
            .order_by(F("published_on").desc(nulls_last=True), "title", "pk")
        )
        total = documents.count()
        page, pages = _page_bounds(total=total, page=q.page, per_page=q.per_page)
        offset = (page - 1) * q.per_page
        shown = list(documents[offset : offset + q.per_page]) if total else []
        results = [_result(doc, q=q, score=0.0, terms=(), title_terms=()) for doc in shown]
        return SearchPage(results=results, total=total, page=page, pages=pages, per_page=q.per_page)

    def _ranked(self, q: SearchQuery, *, main: ParsedQuery, title: ParsedQuery) -> SearchPage:
        empty = SearchPage(results=[], total=0, page=1, pages=1, per_page=q.per_page)
        pool_q = _pool_q(language=q.language, fallback_language=q.fallback_language)
        stats = SearchDocument.objects.filter(pool_q).aggregate(
            documents=Count("pk"), title_avg=Avg("title_length"), body_avg=Avg("body_length")
        )
        documents: int = stats["documents"]
        if not documents:
            return empty
        frequencies = self._frequencies(q, terms=main.required + title.required, phrases=main.phrases)

        weights: dict[str, float] = {}

        def weigh(term: str, factor: float) -> None:
            weights[term] = max(weights.get(term, 0.0), factor * _idf(documents=documents, frequency=frequencies[term]))

        def resolve(query_term: QueryTerm) -> frozenset[str]:
            matched = {query_term.term} if query_term.term in frequencies else set()
            if matched:
                weigh(query_term.term, 1.0)
            if query_term.prefix:
                longer = [t for t in frequencies if t != query_term.term and t.startswith(query_term.term)]
                for term in sorted(longer, key=lambda t: (-frequencies[t], t))[:MAX_EXPANSIONS]:
                    matched.add(term)
                    weigh(term, PREFIX_WEIGHT)
            return frozenset(matched)

        # A group is the terms that satisfy one required query term, and whether only titles count.
        groups: dict[tuple[frozenset[str], bool], None] = {}
        for scope_title_only, parsed in ((q.title_only, main), (True, title)):
            for query_term in parsed.required:
                matched = resolve(query_term)
                if not matched:
                    return empty
                groups[(matched, scope_title_only)] = None
        phrases = [p for p in main.phrases if p in frequencies]
        for phrase in phrases:
            weigh(phrase, PHRASE_WEIGHT)

        any_field = set(phrases) if not q.title_only else set()
        title_field = set(phrases) if q.title_only else set()
        for terms, title_only in groups:
            (title_field if title_only else any_field).update(terms)
        rows_q = Q(term__in=sorted(any_field)) | Q(term__in=sorted(title_field), field=IndexedField.TITLE)

        checks = {
            f"g{index}": Count("pk", filter=Q(term__in=sorted(terms)) & (Q(field=IndexedField.TITLE) if title_only else Q()))
            for index, (terms, title_only) in enumerate(groups)
        }
        grouped = (
            SearchPosting.objects.filter(rows_q)
            .filter(_posting_in_q(_pool_q(language=q.language, fallback_language=q.fallback_language) & _filters_q(q)))
            .values("document")
            .annotate(score=self._score(weights, title_avg=stats["title_avg"], body_avg=stats["body_avg"]), **checks)
            .filter(**{f"{name}__gt": 0 for name in checks})
            .order_by("-score", "document")
        )
        # The number of matches rides along with the page (a window over the grouped rows); only
        # a page past the end needs a separate count, to show the last page instead.
        matches = grouped.annotate(total=Window(Count(Star())))
        rows = list(matches[(q.page - 1) * q.per_page : q.page * q.per_page])
        if rows:
            total = rows[0]["total"]
            page, pages = _page_bounds(total=total, page=q.page, per_page=q.per_page)
        else:
            total = grouped.count() if q.page > 1 else 0
            if not total:
                return empty
            page, pages = _page_bounds(total=total, page=q.page, per_page=q.per_page)
            rows = list(matches[(page - 1) * q.per_page : page * q.per_page])
        by_id = SearchDocument.objects.in_bulk([row["document"] for row in rows])
        results = [
            _result(by_id[row["document"]], q=q, score=float(row["score"]), terms=main.required, title_terms=title.required)
            for row in rows
            if row["document"] in by_id
        ]
        return SearchPage(results=results, total=total, page=page, pages=pages, per_page=q.per_page)

    def _frequencies(self, q: SearchQuery, *, terms: Sequence[QueryTerm], phrases: Sequence[str]) -> dict[str, int]:
        """Document frequency, among the searchable documents, of each query term and phrase and
        of every word that a prefix term begins."""
        condition = Q(term__in=sorted({t.term for t in terms} | set(phrases)))
        for prefix in sorted({t.term for t in terms if t.prefix}):
            condition |= _prefix_q(prefix)
        rows = (
            SearchPosting.objects.filter(condition)
            .filter(_posting_in_q(_pool_q(language=q.language, fallback_language=q.fallback_language)))
            .values("term")
            .annotate(frequency=Count("document", distinct=True))
            .values_list("term", "frequency")
        )
        return dict(rows)

    @staticmethod
    def _score(weights: dict[str, float], *, title_avg: float | None, body_avg: float | None) -> Sum:
        """BM25 per field, summed: idf · boost · tf·(k1+1) / (tf + k1·(1 − b + b·length/avg))."""
        tf = Cast("tf", FloatField())
        length = Cast("field_length", FloatField())
        idf = Case(*[When(term=t, then=Value(w)) for t, w in sorted(weights.items())], default=Value(0.0), output_field=FloatField())
        boost = Case(
            When(field=IndexedField.TITLE, then=Value(TITLE_BOOST * (BM25_K1 + 1))),
            default=Value(BM25_K1 + 1),
            output_field=FloatField(),
        )
        per_length = Case(
            When(field=IndexedField.TITLE, then=Value(BM25_K1 * BM25_B / max(float(title_avg or 0), 1.0))),
            default=Value(BM25_K1 * BM25_B / max(float(body_avg or 0), 1.0)),
            output_field=FloatField(),
        )
        saturation = tf / (tf + Value(BM25_K1 * (1 - BM25_B)) + per_length * length)
        return Sum(idf * boost * saturation, output_field=FloatField())


def _result(
    doc: SearchDocument, *, q: SearchQuery, score: float, terms: Sequence[QueryTerm], title_terms: Sequence[QueryTerm]
) -> SearchResult:
    return SearchResult(
        kind=doc.kind,
        key=doc.key,
        title=doc.title,
        url=doc.url,
        snippet_html=snippet_html(doc.body, match_spans(doc.body, terms)),
        title_html=highlight_html(doc.title, match_spans(doc.title, (*terms, *title_terms))),
        category=doc.category,
        published_on=doc.published_on,
        score=score,
        language=doc.language,
        is_fallback=doc.language != q.language,
        attrs=dict(doc.attrs or {}),
    )
