import re

from generator import assemblage, bibliotheque
from generator.generation import generer, preparer
from generator.plan import charger_plan


def _document(reponses, brouillon=True):
    plan = charger_plan("csi")
    context, choices = preparer(plan, reponses, "reponses.yaml")
    return assemblage.assembler(plan, bibliotheque.charger(), choices, context, brouillon), choices


def _numbers(document):
    return [b.numero for b in document.blocs() if b.numero is not None]


def test_articles_are_numbered_without_gaps(reponses_csi):
    document, _ = _document(reponses_csi)
    numbers = _numbers(document)
    assert numbers == list(range(1, len(numbers) + 1))
    first = next(b for b in document.blocs() if b.numero == 1)
    assert first.intitule.startswith("Article 1er – ")


def test_dropping_an_optional_measure_renumbers_and_keeps_cross_references_right(reponses_csi):
    full, _ = _document(reponses_csi)
    reponses_csi["mesures_retenues"].remove("csi_etat_si_corat")
    reduced, choices = _document(reponses_csi)
    assert len(_numbers(reduced)) == len(_numbers(full)) - 1
    assert _numbers(reduced) == list(range(1, len(_numbers(reduced)) + 1))
    assert "csi_etat_si_corat" not in {b.cle for b in reduced.blocs()}
    comite = next(b for b in reduced.blocs() if b.cle == "csi_comite_suivi")
    evaluation = next(b for b in reduced.blocs() if b.cle == "csi_evaluation")
    text = "\n".join(p.texte for p in evaluation.paragraphes)
    assert f"article {comite.numero}" in text


def test_socle_measures_are_all_present_and_flagged(reponses_csi):
    document, choices = _document(reponses_csi)
    socle_ids = {cid for cid, c in choices.items() if c.statut == "socle"}
    blocs = {b.cle: b for b in document.blocs()}
    assert socle_ids <= set(blocs)
    assert all(blocs[cid].socle for cid in socle_ids)
    assert len(socle_ids) >= 24


def test_titles_and_chapters_by_volet(reponses_csi):
    document, _ = _document(reponses_csi)
    titles = [t.intitule for t in document.titres]
    assert titles[0].startswith("TITRE Ier – ")
    assert "TITRE II – ENGAGEMENTS DE L'ÉTAT" in titles
    assert "TITRE III – ENGAGEMENTS DE LA COMMUNE DU HAVRE" in titles
    etat = next(t for t in document.titres if "L'ÉTAT" in t.intitule)
    chapters = [c.intitule for c in etat.chapitres]
    assert chapters[0] == "Chapitre Ier – Sécurité intérieure"
    assert any(c.endswith("Justice") for c in chapters)


def test_annex_summary_lists_every_annex_measure_with_its_status(reponses_csi):
    document, _ = _document(reponses_csi)
    rows = {r.code: r for r in document.annexe if r.code != "—"}
    assert len(rows) == 44
    assert rows["E1.1"].statut == "Socle – étudiée, retenue" and rows["E1.1"].article
    assert rows["E1.4"].statut == "Retenue"
    assert rows["E1.5"].statut.startswith("Non retenue : ") and rows["E1.5"].article is None


def test_free_measures_become_articles_with_the_user_text_as_data(reponses_csi):
    reponses_csi["mesures_supplementaires"][0]["texte"] = "Le comité se réunit {{ 7*7 }} fois."
    document, _ = _document(reponses_csi)
    bloc = next(b for b in document.blocs() if b.cle == "csi_libre_1")
    assert bloc.numero is not None
    assert bloc.paragraphes[0].texte == "Le comité se réunit {{ 7*7 }} fois."


def test_closing_formula_uses_contraction_and_ordinal_date(reponses_csi):
    reponses_csi["signature"]["date"] = "2027-03-01"
    document, _ = _document(reponses_csi)
    text = document.texte()
    assert re.search(r"Fait au Havre, le 1er mars 2027, en \w+ exemplaires originaux", text)


def test_generation_in_final_mode_returns_bytes(reponses_csi):
    result = generer("csi", reponses_csi, brouillon=False)
    assert result.contenu[:2] == b"PK"
