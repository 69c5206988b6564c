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
    merge_headline: bool = True
    base_confidence: float = 0.6
    actor_dictionaries: tuple[str, ...] = ()

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
        if "actor_dictionaries" in values:
            values["actor_dictionaries"] = tuple(str(p) for p in values["actor_dictionaries"])
        return cls(**values)
