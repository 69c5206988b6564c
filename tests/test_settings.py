from pathlib import Path

import pytest

from chronique.errors import ChroniqueError
from chronique.settings import Settings


def test_defaults_come_from_the_packaged_file() -> None:
    settings = Settings.load()
    assert settings.default_language == "fr"
    assert settings.max_file_bytes == 50_000_000


def test_user_file_overrides_and_unknown_keys_fail(tmp_path: Path) -> None:
    user = tmp_path / "s.toml"
    user.write_text("[chronique]\nbatch_size = 4\n", encoding="utf-8")
    assert Settings.load(user).batch_size == 4
    user.write_text("[chronique]\nbatch_sise = 4\n", encoding="utf-8")
    with pytest.raises(ChroniqueError, match="unknown settings: batch_sise"):
        Settings.load(user)
