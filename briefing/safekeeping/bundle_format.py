"""What a ``.briefing`` bundle is made of: its two members, its format version and the
columns each kind of record carries. Writing, reading and merging all follow these."""

from __future__ import annotations

FORMAT = "briefing-bundle"
VERSION = 1
MANIFEST = "manifest.json"
PAYLOAD = "payload.json"

# Documents carry briefing.library.documents.DOCUMENT_FIELDS, user_fields among them, so that
# the receiver's imports and re-analyses leave the sender's corrections as they are (a version
# without user_fields reads past it and a bundle without it has none: the format stays 1).
BOOK_COLUMNS = ("slug", "title", "event_id", "destination", "start_date", "end_date", "prepared_for", "prepared_by",
                "marking", "paper", "edition_date", "version", "template", "settings", "created", "updated")
# sections and items carry their audience, figures their status, since those were kept: a bundle
# written before has none (every item its kind's default audience, every figure without a status)
SECTION_COLUMNS = ("id", "parent_id", "position", "title", "role", "audience")
ITEM_COLUMNS = ("id", "section_id", "position", "kind", "title", "document_id", "excerpt", "annotation_ids", "body",
                "block", "marking", "audience", "parallel_document_id")
ANNOTATION_COLUMNS = ("id", "document_id", "exact", "prefix", "suffix", "start", "end", "note", "color", "private",
                      "created", "updated")
PEOPLE_COLUMNS = ("id", "slug", "name", "role", "country", "variants", "biography", "organisation", "address_form",
                  "pronunciation")
EVENT_COLUMNS = ("id", "slug", "title", "kind", "start_date", "end_date", "place", "summary", "time_zone")
FIGURE_COLUMNS = ("id", "slug", "label", "value", "value_text", "unit", "as_of", "source_document_id", "said_by",
                  "series", "note", "status", "derived_from", "rule", "reason")  # derived_from: JSON, the bundle's ids

# carried since people and visits are made by hand; a bundle written before has none of these lists
ROLE_COLUMNS = ("person_id", "role", "organisation", "start_date", "end_date")
PORTRAIT_COLUMNS = ("person_id", "format", "width", "height", "digest", "data")  # data: the JPEG in base64
PROGRAMME_COLUMNS = ("event_id", "starts", "ends", "what", "place", "who", "dress", "notes")
# translation links between two of the bundle's documents, and (above) the translation an item prints
# beside its document: carried since documents are linked; a bundle written before has neither. An
# addition a version that does not know it reads past, as the ones above: the format stays 1, so that
# an older app still takes a newer app's bundle, without the links (see bundle_links)
TRANSLATION_COLUMNS = ("document_id", "translation_id")
# the records a bundle's description counts
COUNTED = ("sections", "items", "documents", "annotations", "people", "events", "figures", "programme")
