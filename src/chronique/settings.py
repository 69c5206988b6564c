"""Settings: every threshold and limit in one place, overridable from a TOML file.

Defaults live in `settings.toml` beside this module (so they are data, documented in one
place); a user file given with `--settings` overrides any of them.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from chronique.errors import ChroniqueError


@dataclass(frozen=True, slots=True)
class Settings:
    """Thresholds and limits used across the pipeline."""

    max_file_bytes: int = 50_000_000
    max_document_chars: int = 2_000_000
    language_min_score: float = 0.5
    default_language: str = "fr"
    batch_size: int = 32
    store_batch_documents: int = 64
    merge_headline: bool = True
    base_confidence: float = 0.6
    actor_dictionaries: tuple[str, ...] = ()
    gazetteer_path: str = ""
    gazetteer_cities: int = 500
    gazetteer_prominent_population: int = 15000
    gazetteer_cache_names: int = 50_000
    gazetteer_max_hits: int = 50
    gazetteer_load_batch: int = 20_000
    gazetteer_near_km: float = 250.0
    gazetteer_near_spread_km: float = 750.0
    gazetteer_near_big_city: int = 100_000
    gazetteer_dwarf_city: int = 500_000
    gazetteer_dwarf_ratio: int = 50
    geoparse_loose_min_closeness: float = 0.7
    geoparse_loose_abroad_closeness: float = 0.85
    geoparse_acronym_letters: int = 3
    geoparse_short_alternate: int = 4
    geoparse_min_nearby_population: int = 1000
    geoparse_large_city: int = 100_000
    geoparse_max_run_words: int = 6
    # Cross-document linking (chronique.link): wire copies and reports of one event.
    link_after_run: bool = True
    wire_copy_threshold: float = 0.5
    wire_copy_num_perm: int = 128
    wire_copy_shingle_words: int = 3
    link_max_km: float = 50.0
    link_date_tolerance_days: int = 1
    link_min_similarity: float = 0.45
    link_max_evidence: int = 3
    link_max_sentence_words: int = 60
    link_max_candidates: int = 200
    link_embedding_threads: int = 1
    # Web pages, feeds and web archives (chronique.ingest.webpage, .feeds, .fetch).
    html_favor_precision: bool = True
    html_include_tables: bool = False
    html_include_comments: bool = False
    html_fast: bool = False
    html_min_text_chars: int = 50
    # Hostile input (tests/test_hostile.py): decompression, markup and paragraph limits.
    max_decompressed_bytes: int = 4_000_000_000
    max_paragraph_chars: int = 50_000
    feed_timeout_seconds: float = 30.0
    feed_max_bytes: int = 20_000_000
    feed_user_agent: str = "Chronique/0.1 (news event coder; feed reader)"
    # The REST API and web UI (chronique.api, chronique.web).
    api_page_size: int = 50
    api_max_page_size: int = 500
    map_max_points: int = 5000
    nearby_km: float = 25.0
    nearby_hours: int = 24
    nearby_max: int = 20
    # API hardening (chronique.api.security): body size, write rate limits, CORS origins.
    api_max_body_bytes: int = 1_000_000
    api_write_rate_per_minute: float = 120.0
    api_write_burst: int = 60
    api_cors_origins: tuple[str, ...] = ()
    page_count_max: int = 1000
    # Exports and the daily digest (chronique.export, chronique.digest).
    export_batch_rows: int = 5000
    digest_max_range_days: int = 1
    digest_smtp_host: str = "localhost"
    digest_smtp_port: int = 25
    digest_smtp_timeout_seconds: float = 30.0
    digest_from: str = "chronique@localhost"

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        """The packaged defaults, overridden by the keys of `path` when given."""
        text = resources.files("chronique").joinpath("settings.toml").read_text("utf-8")
        values: dict[str, Any] = tomllib.loads(text).get("chronique", {})
        if path is not None:
            try:
                user = tomllib.loads(path.read_text("utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise ChroniqueError(f"cannot read settings file {path}: {exc}") from exc
            values.update(user.get("chronique", {}))
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ChroniqueError(f"unknown settings: {', '.join(unknown)}")
        if "api_cors_origins" in values:
            values["api_cors_origins"] = tuple(str(o) for o in values["api_cors_origins"])
        if "actor_dictionaries" in values:
            values["actor_dictionaries"] = tuple(str(p) for p in values["actor_dictionaries"])
        return cls(**values)
