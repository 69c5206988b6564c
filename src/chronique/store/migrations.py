"""Schema migrations, registered in order and recorded in the database that applied them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "initial schema: documents, rejections, events, reports, actors",
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            source TEXT,
            url TEXT,
            title TEXT,
            publisher TEXT,
            agency TEXT,
            published TEXT,
            language TEXT,
            raw_sha256 TEXT,
            text TEXT NOT NULL,
            ingested_at TEXT NOT NULL
        );
        CREATE TABLE rejections (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            stage TEXT NOT NULL,
            reason TEXT NOT NULL,
            source TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (stage, source, reason)
        );
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id),
            type TEXT NOT NULL,
            mode TEXT,
            modality TEXT NOT NULL,
            place_country TEXT,
            date_start TEXT,
            date_end TEXT,
            date_precision TEXT,
            corroboration INTEGER NOT NULL,
            data TEXT NOT NULL
        );
        CREATE INDEX events_type ON events(type);
        CREATE INDEX events_date ON events(date_start);
        CREATE INDEX events_document ON events(document_id);
        CREATE TABLE event_actors (
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
            country TEXT,
            sector TEXT
        );
        CREATE INDEX event_actors_country ON event_actors(country);
        CREATE TABLE reports (
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            document_id TEXT NOT NULL REFERENCES documents(id),
            sentence_start INTEGER NOT NULL,
            sentence_end INTEGER NOT NULL,
            trigger_start INTEGER NOT NULL,
            trigger_end INTEGER NOT NULL,
            type TEXT NOT NULL,
            PRIMARY KEY (document_id, trigger_start, trigger_end, type)
        );
        """,
    ),
)
