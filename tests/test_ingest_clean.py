from hypothesis import given
from hypothesis import strategies as st

from chronique.ingest import clean, load_rules, looks_like_headline

# A scrape laid out like a news site's page; the sentences are ours.
SCRAPE = """Des tirs d'obus visent un village près d'Alep

Des tirs d'obus visent un village près d'Alep

Photo: Keystone

Au moins cinq personnes ont été tuées mardi par des tirs d'obus, selon une ONG.

Le gouvernement a démenti toute implication.

/ATS
Partager
Link
Météo
Restez informé

Pour tout suivre, inscrivez-vous à notre newsletter et recevez les titres du jour.
"""


def masked_texts(text: str) -> list[str]:
    return [r.span.text for r in clean(text).removed]


def assert_offsets_kept(original: str, cleaned: str) -> None:
    assert len(cleaned) == len(original)
    for before, after in zip(original, cleaned, strict=True):
        assert after == before or after == " "
        if before == "\n":
            assert after == "\n"


def test_scrape_title_agency_and_footer() -> None:
    result = clean(SCRAPE)
    assert_offsets_kept(SCRAPE, result.text)
    assert result.title == "Des tirs d'obus visent un village près d'Alep"
    assert result.agency == "ATS"
    assert result.agencies == ("ATS",)
    reasons = {r.span.text: r.reason for r in result.removed}
    assert reasons["Photo: Keystone"] == "credit"
    assert reasons["/ATS"] == "signature"
    for footer in ("Partager", "Link", "Météo", "Restez informé"):
        assert reasons[footer] == "footer"
    assert any("newsletter" in text for text in reasons)
    # The first headline stays (it is part of the story); only the repeat is masked.
    assert result.text.startswith("Des tirs d'obus visent un village près d'Alep\n\n   ")
    assert [r.reason for r in result.removed].count("repeated-headline") == 1
    assert "Au moins cinq personnes ont été tuées mardi" in result.text
    assert "Le gouvernement a démenti toute implication." in result.text
    assert "Partager" not in result.text and "Keystone" not in result.text


def test_removed_spans_point_into_the_original() -> None:
    for removal in clean(SCRAPE).removed:
        assert SCRAPE[removal.span.start : removal.span.end] == removal.span.text


def test_offsets_after_masking_point_at_the_same_words() -> None:
    result = clean(SCRAPE)
    start = SCRAPE.index("démenti")
    assert result.text[start : start + len("démenti")] == "démenti"


def test_credit_forms() -> None:
    body = "Titre court\n\nUne phrase du corps de l'article.\n"
    for credit in (
        "Photo : AFP",
        "Photo\u00a0: Keystone/EPA",
        "(Photo AFP)",
        "(Photo: Keystone)",
        "Crédit photo : DR",
        "Crédits : Getty Images",
        "© Keystone",
        "Image caption: residents in the street",
    ):
        text = body + credit + "\n"
        assert masked_texts(text) == [credit], credit
        assert clean(text).agency is None, credit


def test_footer_forms() -> None:
    for footer in (
        "Lire aussi",
        "Lire aussi : Un autre titre sur un autre sujet",
        "Share",
        "Subscribe to our daily newsletter",
        "Partager sur Facebook",
        "S’abonner",
        "(Reportage Jean Martin, version française Paul Durand)",
        "Reporting by Jane Doe; Editing by John Roe",
    ):
        text = "Titre court\n\nUne phrase du corps.\n\n" + footer + "\n"
        assert masked_texts(text) == [footer], footer


def test_long_paragraph_is_never_masked() -> None:
    paragraph = "Partager " + "les ressources de la région a été discuté longuement. " * 10
    text = "Titre court\n\n" + paragraph
    assert clean(text).text == text


def test_signature_forms() -> None:
    cases = {
        "/ATS": ("ATS",),
        "(ats)": ("ATS",),
        "ats/afp/xy": ("ATS", "AFP"),
        "(ats/afp)": ("ATS", "AFP"),
        "AFP": ("AFP",),
        "(Reuters)": ("Reuters",),
        "— AFP": ("AFP",),
        "(avec AFP et Reuters)": ("AFP", "Reuters"),
        "Keystone-ATS": ("ATS",),
    }
    for signature, agencies in cases.items():
        text = "Titre court\n\nUne phrase du corps.\n\n" + signature + "\n"
        result = clean(text)
        assert result.agencies == agencies, signature
        assert result.agency == agencies[0]
        assert masked_texts(text) == [signature]


def test_signature_at_end_of_last_paragraph() -> None:
    text = "Titre court\n\nDeux soldats ont été tués. (ats/afp)\n"
    result = clean(text)
    assert result.agencies == ("ATS", "AFP")
    assert result.text == "Titre court\n\nDeux soldats ont été tués.          \n"


def test_dateline_forms() -> None:
    cases = [
        ("BEYROUTH (AFP) - Des frappes ont visé", "BEYROUTH", None, "AFP"),
        ("BEYROUTH (AFP) — Des frappes ont visé", "BEYROUTH", None, "AFP"),
        ("PARIS, 3 mars (Reuters) - La France a", "PARIS", "3 mars", "Reuters"),
        ("BEIRUT, March 3 (Reuters) - Syrian forces", "BEIRUT", "March 3", "Reuters"),
        ("KYIV, Ukraine (AP) — Russian drones", "KYIV", "Ukraine", "AP"),
        ("N'DJAMENA (AFP) - Le gouvernement", "N'DJAMENA", None, "AFP"),
        ("(AFP) - Des combats ont eu lieu", None, None, "AFP"),
    ]
    for line, city, detail, agency in cases:
        text = "Un titre sans point\n\n" + line + " hier soir.\n"
        result = clean(text)
        assert result.agency == agency, line
        assert result.dateline == city, line
        assert result.dateline_detail == detail, line
        assert_offsets_kept(text, result.text)
        prefix = line[: line.index(")") + 3]  # up to and including the dash
        start = text.index(prefix)
        assert result.text[start : start + len(prefix)].strip() == "", line
        assert result.title == "Un titre sans point"


def test_dateline_without_headline_gives_no_title() -> None:
    result = clean("BEYROUTH (AFP) - Au moins 12 personnes ont été tuées mercredi.\n")
    assert result.title is None
    assert result.dateline == "BEYROUTH"


def test_agency_in_a_quote_deep_in_the_text_is_not_a_dateline() -> None:
    body = "\n\n".join(f"Paragraphe numéro {i} du corps." for i in range(5))
    text = "Titre court\n\n" + body + "\n\nLONDRES (Reuters) - une citation plus bas.\n"
    assert clean(text).agency is None


def test_no_boilerplate_means_no_change() -> None:
    text = "L'armée a bombardé la ville mercredi. Au moins 12 morts.\n"
    result = clean(text)
    assert result.text == text
    assert result.removed == ()
    assert result.agency is None
    assert result.title is None  # a sentence, not a headline


def test_headline_rule() -> None:
    assert looks_like_headline("Assaut terrestre dans l'ouest syrien")
    assert looks_like_headline("Qui a tiré sur le convoi ?")
    assert not looks_like_headline("Des frappes ont eu lieu.")
    assert not looks_like_headline("   ")
    assert not looks_like_headline("mot " * 40)


def test_rules_load_agency_aliases() -> None:
    rules = load_rules()
    assert rules.canonical_agency("ats") == "ATS"
    assert rules.canonical_agency("Agence  France-Presse") == "AFP"
    assert rules.canonical_agency("Associated Press") == "AP"
    assert rules.canonical_agency("OSDH") is None


@given(st.text(alphabet=st.sampled_from(list("ab /()\n:-AFPTSRéPhoto")), max_size=200))
def test_masking_never_moves_a_character(text: str) -> None:
    result = clean(text)
    assert_offsets_kept(text, result.text)
    for removal in result.removed:
        assert text[removal.span.start : removal.span.end] == removal.span.text


@given(st.lists(st.sampled_from(["/ATS", "Partager", "Photo: Keystone", "Texte.", "", "T"])))
def test_masking_keeps_length_on_line_mixes(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert_offsets_kept(text, clean(text).text)
