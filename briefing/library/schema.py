"""The store's schema as named migrations, recorded in the database.

Never edit a migration that has shipped: add a new one below it.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from briefing.library.note_index import rebuild_note_index
from briefing.library.search_index import rebuild_search_index
from briefing.library.store import Store

migrations = Migrations("briefing")

DOCUMENT_KINDS = ("agreement", "joint-statement", "speech", "article", "note")
INSTRUMENTS = (
    "treaty",
    "agreement",
    "memorandum",
    "protocol",
    "action plan",
    "roadmap",
    "declaration",
    "programme",
    "decision",
    "statement",
    "regulations",
)


@migrations(name="0001_initial")
def _initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            slug TEXT UNIQUE,
            kind TEXT NOT NULL DEFAULT 'article',
            title TEXT NOT NULL,
            date TEXT,
            place TEXT,
            language TEXT,
            publisher TEXT,
            author TEXT,
            url TEXT,
            text TEXT NOT NULL DEFAULT '',
            summary TEXT,
            marking TEXT,
            instrument TEXT,
            source_document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
            source_path TEXT,
            content_hash TEXT UNIQUE,
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        );
        CREATE INDEX documents_date ON documents(date);
        CREATE INDEX documents_kind_date ON documents(kind, date);

        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            slug TEXT UNIQUE,
            name TEXT NOT NULL,
            role TEXT,
            country TEXT,
            variants TEXT NOT NULL DEFAULT '[]',
            biography TEXT
        );

        CREATE TABLE document_parties (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            country TEXT,
            signatory TEXT
        );
        CREATE INDEX document_parties_document ON document_parties(document_id);
        CREATE INDEX document_parties_country ON document_parties(country);

        CREATE TABLE document_speakers (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            person_id INTEGER REFERENCES people(id) ON DELETE SET NULL
        );
        CREATE INDEX document_speakers_document ON document_speakers(document_id);

        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE
        );
        CREATE TABLE document_tags (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            PRIMARY KEY (document_id, tag_id)
        );
        CREATE INDEX document_tags_tag ON document_tags(tag_id);

        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            slug TEXT UNIQUE,
            title TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'visit',
            start_date TEXT,
            end_date TEXT,
            place TEXT,
            summary TEXT
        );
        CREATE TABLE event_people (
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            role TEXT,
            PRIMARY KEY (event_id, person_id)
        );
        CREATE TABLE event_documents (
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            PRIMARY KEY (event_id, document_id)
        );
        CREATE INDEX event_documents_document ON event_documents(document_id);

        CREATE TABLE figures (
            id INTEGER PRIMARY KEY,
            slug TEXT UNIQUE,
            label TEXT NOT NULL,
            value REAL,
            value_text TEXT,
            unit TEXT,
            as_of TEXT,
            source_document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
            said_by TEXT,
            series TEXT,
            note TEXT
        );

        CREATE TABLE annotations (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            exact TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            start INTEGER,
            end INTEGER,
            note TEXT,
            color TEXT NOT NULL DEFAULT 'yellow',
            private INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        );
        CREATE INDEX annotations_document ON annotations(document_id);

        CREATE TABLE books (
            id INTEGER PRIMARY KEY,
            slug TEXT UNIQUE,
            title TEXT NOT NULL,
            event_id INTEGER REFERENCES events(id) ON DELETE SET NULL,
            destination TEXT,
            start_date TEXT,
            end_date TEXT,
            prepared_for TEXT,
            prepared_by TEXT,
            marking TEXT,
            paper TEXT NOT NULL DEFAULT 'a4',
            edition_date TEXT,
            version TEXT,
            template TEXT,
            settings TEXT NOT NULL DEFAULT '{}',
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        );
        CREATE TABLE book_sections (
            id INTEGER PRIMARY KEY,
            book_id INTEGER NOT NULL REFERENCES books(id) ON DELETE CASCADE,
            parent_id INTEGER REFERENCES book_sections(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            title TEXT NOT NULL,
            role TEXT
        );
        CREATE INDEX book_sections_book ON book_sections(book_id);
        CREATE TABLE book_items (
            id INTEGER PRIMARY KEY,
            section_id INTEGER NOT NULL REFERENCES book_sections(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            kind TEXT NOT NULL,
            title TEXT,
            document_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
            excerpt TEXT,
            annotation_ids TEXT,
            body TEXT,
            block TEXT,
            marking TEXT
        );
        CREATE INDEX book_items_section ON book_items(section_id);
        CREATE INDEX book_items_document ON book_items(document_id);

        CREATE VIRTUAL TABLE search_index USING fts5(
            title_fold, body_fold, title_key, body_key,
            tokenize = 'unicode61 remove_diacritics 2'
        );
        """
    )


@migrations(name="0002_lookup_indexes")
def _lookup_indexes(db: Database) -> None:
    # figure checks group by label; documents are looked up by their source
    db.executescript(
        """
        CREATE INDEX IF NOT EXISTS figures_label ON figures(label);
        CREATE INDEX IF NOT EXISTS figures_source ON figures(source_document_id);
        CREATE INDEX IF NOT EXISTS documents_source ON documents(source_document_id);
        """
    )


@migrations(name="0003_search_prefixes_and_impact")
def _search_prefixes_and_impact(db: Database) -> None:
    # Prefix indexes answer "ba*" from one doclist instead of merging every
    # word that starts so. search_impact holds, per document, a mark for each
    # word that weighs in it ("word" + separator + weighted count, see
    # documents.impact_marks): search reads the heaviest documents for a word
    # from it instead of ranking every match of a very common word.
    db.executescript(
        """
        DROP TABLE search_index;
        CREATE VIRTUAL TABLE search_index USING fts5(
            title_fold, body_fold, title_key, body_key,
            tokenize = 'unicode61 remove_diacritics 2',
            prefix = '2 3'
        );
        CREATE VIRTUAL TABLE search_impact USING fts5(marks, detail = none);
        CREATE VIRTUAL TABLE search_impact_vocab USING fts5vocab(search_impact, row);
        """
    )
    # both tables are filled by 0006, which indexes with today's columns


@migrations(name="0004_editions_and_copies")
def _editions_and_copies(db: Database) -> None:
    # An edition keeps, per item, the hashes of what it held when published
    # (item_id is not a foreign key: an item deleted since is still "removed
    # since edition N"). A distribution records who received which copy.
    db.executescript(
        """
        CREATE TABLE book_editions (
            id INTEGER PRIMARY KEY,
            book_id INTEGER NOT NULL REFERENCES books(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            published TEXT NOT NULL,
            hash TEXT NOT NULL,
            UNIQUE (book_id, number)
        );
        CREATE TABLE book_edition_items (
            edition_id INTEGER NOT NULL REFERENCES book_editions(id) ON DELETE CASCADE,
            item_id INTEGER NOT NULL,
            position INTEGER NOT NULL,
            section TEXT NOT NULL,
            title TEXT NOT NULL,
            kind TEXT NOT NULL,
            hash TEXT NOT NULL,
            parts TEXT NOT NULL DEFAULT '{}',
            PRIMARY KEY (edition_id, item_id)
        );
        CREATE TABLE book_distributions (
            id INTEGER PRIMARY KEY,
            book_id INTEGER NOT NULL REFERENCES books(id) ON DELETE CASCADE,
            created TEXT NOT NULL,
            profile TEXT NOT NULL,
            edition INTEGER,
            folder TEXT NOT NULL
        );
        CREATE INDEX book_distributions_book ON book_distributions(book_id);
        CREATE TABLE book_copies (
            distribution_id INTEGER NOT NULL REFERENCES book_distributions(id) ON DELETE CASCADE,
            copy INTEGER NOT NULL,
            recipient TEXT NOT NULL,
            path TEXT NOT NULL,
            PRIMARY KEY (distribution_id, copy)
        );
        """
    )


@migrations(name="0005_title_order_index")
def _title_order_index(db: Database) -> None:
    # the library list sorts by title; without this a 100,000-document store sorts every row
    db.execute("CREATE INDEX IF NOT EXISTS documents_title_nocase ON documents(title COLLATE NOCASE, id)")


@migrations(name="0006_search_facets_and_marked_folds")
def _search_facets_and_marked_folds(db: Database) -> None:
    # Folded words are indexed as "_baku" and filters as facet tokens
    # ("__kagreement", "__y2024", ...): the three kinds of token never meet,
    # so queries drop FTS5's column filters (which read every position of a
    # common word), and a filter is intersected inside FTS5 rather than
    # looked up once per match. Prefix indexes up to four characters answer
    # "ces*" and "_ba*" from one doclist, and "cese*" too (a fifth length
    # doubled the cost of indexing for a few milliseconds on five letters).
    db.executescript(
        """
        DROP TABLE search_index;
        CREATE VIRTUAL TABLE search_index USING fts5(
            title_fold, body_fold, title_key, body_key, facets,
            tokenize = "unicode61 remove_diacritics 2 tokenchars '_'",
            prefix = '2 3 4'
        );
        """
    )
    rebuild_search_index(Store(db, None))


@migrations(name="0007_hand_made_records")
def _hand_made_records(db: Database) -> None:
    # The user's own records. A person's current role stays in people.role (what
    # blocks and lists print); person_roles keeps every role with its dates, so a
    # former title still finds the person. A portrait is kept apart from the row so
    # that lists of people never read image bytes. A visit's programme items hold
    # their date and time as the visit's local clock reads it ("2024-03-12 10:00"),
    # in the time zone the event names.
    db.executescript(
        """
        ALTER TABLE people ADD COLUMN organisation TEXT;
        ALTER TABLE people ADD COLUMN address_form TEXT;
        ALTER TABLE people ADD COLUMN pronunciation TEXT;
        ALTER TABLE events ADD COLUMN time_zone TEXT;
        CREATE TABLE person_roles (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            organisation TEXT,
            start_date TEXT,
            end_date TEXT
        );
        CREATE INDEX person_roles_person ON person_roles(person_id);
        CREATE TABLE portraits (
            person_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
            format TEXT NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            digest TEXT NOT NULL,
            data BLOB NOT NULL
        );
        CREATE TABLE programme_items (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            starts TEXT NOT NULL,
            ends TEXT,
            what TEXT NOT NULL,
            place TEXT,
            who TEXT,
            dress TEXT,
            notes TEXT
        );
        CREATE INDEX programme_items_event ON programme_items(event_id, starts);
        CREATE INDEX event_people_person ON event_people(person_id);
        """
    )


@migrations(name="0008_user_set_fields")
def _user_set_fields(db: Database) -> None:
    # The fields of a document the user corrected by hand, as a JSON list of names
    # ("title", "date", "parties", ...): an import or a re-analysis never overwrites them.
    db.execute("ALTER TABLE documents ADD COLUMN user_fields TEXT NOT NULL DEFAULT '[]'")


@migrations(name="0009_figure_status_and_audience")
def _figure_status_and_audience(db: Database) -> None:
    # A figure's status says how far it may be trusted and quoted: reported, derived
    # (derived_from: a JSON list of the figures' ids it comes from; rule: how),
    # approximate, or do-not-quote (reason: why). NULL is a figure nobody has judged yet.
    # A section's and an item's audience ("internal" or "releasable") says who its text
    # is written for; NULL on an item takes its section's, on a section its parent's.
    db.executescript(
        """
        ALTER TABLE figures ADD COLUMN status TEXT;
        ALTER TABLE figures ADD COLUMN derived_from TEXT;
        ALTER TABLE figures ADD COLUMN rule TEXT;
        ALTER TABLE figures ADD COLUMN reason TEXT;
        ALTER TABLE book_sections ADD COLUMN audience TEXT;
        ALTER TABLE book_items ADD COLUMN audience TEXT;
        """
    )


@migrations(name="0010_search_marks_with_pairs")
def _search_marks_with_pairs(db: Database) -> None:
    from briefing.library.search_index import rebuild_search_marks

    # search_marks replaces search_impact: beside the impact marks it holds a
    # mark for each two adjacent sound keys of a document with their weight, so
    # a phrase is counted and ranked without FTS5 reading the positions of its
    # words. It keeps no copy of its text (content=''): its rows are deleted by
    # naming the marks again, which the document's search_index row gives. The
    # index itself is unchanged, so only the marks are written, from it.
    db.executescript(
        """
        DROP TABLE search_impact_vocab;
        DROP TABLE search_impact;
        CREATE VIRTUAL TABLE search_marks USING fts5(marks, content = '', detail = none, columnsize = 0);
        CREATE VIRTUAL TABLE search_marks_vocab USING fts5vocab(search_marks, row);
        """
    )
    rebuild_search_marks(Store(db, None))


@migrations(name="0011_translations_and_page_maps")
def _translations_and_page_maps(db: Database) -> None:
    # Two documents that are the same text in two languages (an agreement signed in
    # Kazakh and Azerbaijani) are linked as translations of each other, once, the
    # smaller id first. A book item may print its document beside one of them, in two
    # columns (parallel_document_id). A pack's page map records where each item was
    # printed (JSON {item id: [first page, last page]}) for the state of the book it was
    # printed from (the hash an edition keeps), so that an addendum can say which pages
    # of the edition it replaces or where it goes.
    db.executescript(
        """
        CREATE TABLE document_translations (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            translation_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            PRIMARY KEY (document_id, translation_id),
            CHECK (document_id < translation_id)
        );
        CREATE INDEX document_translations_translation ON document_translations(translation_id);
        ALTER TABLE book_items ADD COLUMN parallel_document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL;
        CREATE TABLE book_page_maps (
            book_id INTEGER NOT NULL REFERENCES books(id) ON DELETE CASCADE,
            profile TEXT NOT NULL,
            state TEXT NOT NULL,
            pages TEXT NOT NULL,
            made TEXT NOT NULL,
            PRIMARY KEY (book_id, profile, state)
        );
        """
    )


@migrations(name="0012_note_index")
def _note_index(db: Database) -> None:
    # The user's own words are searched as documents are: a highlight's note and a
    # book's note item, folded and keyed (see note_index), each in an FTS5 table
    # keyed by its row. Folding is Python's, so the functions that write a note index
    # it; these triggers drop a note's row whenever its row goes (a cascade included)
    # or its text changes, so that the index never finds words a note no longer has.
    db.executescript(
        """
        CREATE VIRTUAL TABLE annotation_note_index USING fts5(
            note_fold, note_key, tokenize = "unicode61 remove_diacritics 2 tokenchars '_'"
        );
        CREATE VIRTUAL TABLE book_note_index USING fts5(
            note_fold, note_key, tokenize = "unicode61 remove_diacritics 2 tokenchars '_'"
        );
        CREATE TRIGGER annotation_note_deleted AFTER DELETE ON annotations BEGIN
            DELETE FROM annotation_note_index WHERE rowid = old.id;
        END;
        CREATE TRIGGER annotation_note_changed AFTER UPDATE OF id, note ON annotations BEGIN
            DELETE FROM annotation_note_index WHERE rowid = old.id;
        END;
        CREATE TRIGGER book_note_deleted AFTER DELETE ON book_items BEGIN
            DELETE FROM book_note_index WHERE rowid = old.id;
        END;
        CREATE TRIGGER book_note_changed AFTER UPDATE OF id, kind, title, body ON book_items BEGIN
            DELETE FROM book_note_index WHERE rowid = old.id;
        END;
        """
    )
    rebuild_note_index(Store(db, None))
