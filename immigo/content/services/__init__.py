"""Content services: drafting (with the revision history), the editorial workflow, search
indexing and read counting. Views, commands and other apps call these, never `save()`."""

from .drafts import DraftText, ItemFacts, content_draft_save
from .reads import content_read_record
from .workflow import content_archive, content_publish, content_send_back, content_submit, translation_move

__all__ = [
    "DraftText",
    "ItemFacts",
    "content_archive",
    "content_draft_save",
    "content_publish",
    "content_read_record",
    "content_send_back",
    "content_submit",
    "translation_move",
]
