"""CSI drafting faithful to the circular: socle « à étudier », CLSPD and CDDF as the law stands, justice
without binding the procureur, budget reservations, mayoral faculties, exact titles, concise drafting level.

Every check reads a generated document: the assembled text, the Word file (python-docx) and, for the annex
row and the comments, LibreOffice's own reading of the file.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile

import docx
import pytest
from lxml import etree

from generator import generation, rendu_texte
from generator.bibliotheque import lire_bibliotheque
from generator.lecture_clause import lire_clause
from generator.erreurs import ReponsesInvalides
from generator.verification import _verifier_textes_cites
from tests.libreoffice import NS, convertir

CITATION = "« devront obligatoirement former le socle des mesures à étudier dans le contrat de sécurité intégrée »"
MOTIF = "un dispositif équivalent fonctionne déjà au sein du CLSPD"


def _simple(text: str) -> str:
    """French typography puts no-break spaces in the documents; the checks read plain spaces."""
    return re.sub(r"[\u00a0\u202f]", " ", text)


def _texte(reponses: dict) -> str:
    document, _, _ = generation.assembler("csi", reponses, "reponses.yaml")
    return _simple(document.texte())


def _article(reponses: dict, cle: str) -> str:
    document, _, _ = generation.assembler("csi", reponses, "reponses.yaml")
    bloc = next(b for b in document.blocs() if b.cle == cle)
    return _simple("\n".join(p.texte for p in bloc.paragraphes))


def _petite_commune(reponses: dict, code: str = "76001") -> dict:
    """Allouville-Bellefosse: under 5 000 inhabitants, no EPCI in the answers, no QPV."""
    reponses["commune"] = code
    reponses["epci"] = None
    reponses["signataires"].pop("president_epci")
    reponses["territoire"]["qpv"] = []
    reponses["territoire"]["qrr"] = None
    return reponses


# -- the socle is « à étudier » --------------------------------------------------------------------------

def test_a_socle_measure_set_aside_without_reason_is_refused_naming_the_field(reponses_csi):
    reponses_csi["mesures_ecartees"].append({"id": "csi_coll_prev_cddf"})
    with pytest.raises(ReponsesInvalides) as error:
        generation.assembler("csi", reponses_csi, "reponses.yaml")
    fields = {p.champ: p for p in error.value.problemes}
    assert "mesures_ecartees[2].motif" in fields
    message = _simple(fields["mesures_ecartees[2].motif"].message)
    assert CITATION in message  # the quotation is not cut before « à étudier »
    assert "ne peut être écartée qu'avec un motif" in message


def test_the_string_form_id_colon_reason_is_accepted(reponses_csi):
    reponses_csi["mesures_ecartees"] = [f"csi_coll_prev_cddf : {MOTIF}"]
    _, choices, _ = generation.assembler("csi", reponses_csi, "reponses.yaml")
    assert not choices["csi_coll_prev_cddf"].inclus
    assert choices["csi_coll_prev_cddf"].motif == MOTIF


def test_a_socle_measure_set_aside_with_its_reason_shows_in_the_annex_of_the_word_file(reponses_csi, tmp_path):
    reponses_csi["mesures_ecartees"].append({"id": "csi_coll_prev_cddf", "motif": MOTIF})
    result = generation.generer("csi", reponses_csi, "reponses.yaml")
    assert all(b.cle != "csi_coll_prev_cddf" for b in result.document.blocs())
    word = docx.Document(io.BytesIO(result.contenu))
    annex = word.tables[-1]
    row = next(r for r in annex.rows if r.cells[0].text == "C3.2")
    assert _simple(row.cells[4].text) == f"Socle – étudiée, non retenue : {MOTIF}"
    assert row.cells[5].text == "—"
    kept = next(r for r in annex.rows if r.cells[0].text == "E1.1")
    assert kept.cells[4].text == "Socle – étudiée, retenue" and kept.cells[5].text.isdigit()
    # LibreOffice reads the same row
    path = tmp_path / "contrat.docx"
    path.write_bytes(result.contenu)
    flat = etree.parse(str(convertir(path, "fodt", tmp_path / "lo")))
    cells = [" ".join(_simple("".join(c.itertext())).split()) for c in flat.iter(f"{{{NS['table']}}}table-cell")]
    assert f"Socle – étudiée, non retenue : {MOTIF}" in cells


def test_setting_aside_a_clspd_the_law_requires_raises_a_warning(reponses_csi):
    reponses_csi["mesures_ecartees"].append({"id": "csi_coll_prev_clspd", "motif": "le CISPD en tient lieu"})
    result = generation.generer("csi", reponses_csi, "reponses.yaml")
    assert any("L. 132-4" in w and "reste obligatoire" in w for w in result.avertissements)


def test_every_socle_clause_present_is_marked_and_its_comment_quotes_the_circular_in_full(reponses_csi, tmp_path):
    reponses_csi["mesures_ecartees"].append({"id": "csi_coll_prev_cddf", "motif": MOTIF})
    result = generation.generer("csi", reponses_csi, "reponses.yaml")
    socle = [b for b in result.document.blocs() if b.socle]
    assert len(socle) == sum(1 for c in result.choix.values() if c.statut == "socle")
    word = docx.Document(io.BytesIO(result.contenu))
    marked = [p for p in word.paragraphs if any(r.style.name == "Mention socle" for r in p.runs)]
    assert len(marked) == len(socle)
    path = tmp_path / "contrat.docx"
    path.write_bytes(result.contenu)
    flat = etree.parse(str(convertir(path, "fodt", tmp_path / "lo")))
    annotations = [" ".join(_simple("".join(a.itertext())).split()) for a in flat.iter(f"{{{NS['office']}}}annotation")]
    assert len(annotations) == len(socle)
    assert all(CITATION in a for a in annotations)


# -- CLSPD (article L. 132-4 CSI since 23 March 2024) and CDDF (article L. 141-1 CASF) -----------------------

def test_the_clspd_is_mandatory_with_a_coordinator_above_15000_inhabitants(reponses_csi):
    text = _article(reponses_csi, "csi_coll_prev_clspd")  # Le Havre, with QPV
    assert "obligatoire en application de l'article L. 132-4" in text
    assert "La commune comptant plus de 15 000 habitants, le maire charge un membre du conseil municipal" in text
    assert "le représentant de l'État territorialement compétent désigne un agent coordinateur" in text


def test_the_clspd_is_optional_where_a_cispd_exists(reponses_csi):
    reponses_csi["territoire"]["cispd"] = True
    text = _article(reponses_csi, "csi_coll_prev_clspd")
    assert "conseil local de sécurité et de prévention de la délinquance (CLSPD) est facultative" in text
    assert "obligatoire en application" not in text
    assert "Si la commune, qui compte plus de 15 000 habitants, met en place un CLSPD" in text


def test_no_coordinator_sentence_in_a_small_commune(reponses_csi):
    text = _article(_petite_commune(reponses_csi), "csi_coll_prev_clspd")
    assert "15 000" not in text and "obligatoire" not in text


def test_the_cddf_legal_obligation_is_stated_above_50000_inhabitants_only(reponses_csi):
    sentence = "aux termes de l'article L. 141-1 du code de l'action sociale et des familles, sa création est obligatoire"
    assert sentence in _article(copy.deepcopy(reponses_csi), "csi_coll_prev_cddf")  # Le Havre
    small = _article(_petite_commune(reponses_csi), "csi_coll_prev_cddf")
    assert "50 000" not in small and "par délibération du conseil municipal" in small


# -- justice « pour mémoire », budget, faculties, separatism, name exchange ------------------------------------

def test_justice_clauses_do_not_bind_the_procureur(reponses_csi):
    penal = _article(reponses_csi, "csi_etat_jus_reponse_penale")
    gltd = _article(reponses_csi, "csi_etat_jus_gltd")
    for text in (penal, gltd):
        assert text.startswith("Dans le respect de l'indépendance de l'autorité judiciaire")
        assert not re.search(r"procureure? de la République[^.]{0,80} s'engage", text)
    assert "s'attache à" in penal and "fait connaître" in penal
    assert "Aucune stipulation du présent contrat ne porte sur une procédure individuelle" in penal
    assert "sont portés à la connaissance du garde des sceaux, ministre de la justice" in penal
    assert "par trimestre" not in gltd and "ne peut être inférieure" not in gltd
    effectifs = _article(reponses_csi, "csi_etat_moy_effectifs")
    assert "sous réserve de l'arbitrage du ministre de l'intérieur" in effectifs


def test_commune_commitments_that_cost_money_are_subject_to_the_council_budget(reponses_csi):
    reserve = "sous réserve de l'inscription des crédits correspondants au budget voté par le conseil municipal"
    for cle in ("csi_objet", "csi_coll_sec_police_municipale", "csi_coll_moy_videoprotection", "csi_coll_moy_immobilier"):
        assert reserve in _article(reponses_csi, cle), cle
    assert "inscrit chaque année à son budget" not in _texte(reponses_csi)


def test_mayoral_powers_are_faculties(reponses_csi):
    text = _article(reponses_csi, "csi_coll_sec_pouvoirs_maire")
    assert "le maire peut proposer la transaction prévue à l'article 44-1 du code de procédure pénale" in text
    assert "peut procéder au rappel à l'ordre" in text
    assert "recourt à" not in text


def test_separatism_rests_on_the_contrat_d_engagement_republicain(reponses_csi):
    text = _article(reponses_csi, "csi_coll_rad_plan_separatisme")
    assert "contrat d'engagement républicain prévu à l'article 10-1 de la même loi" in text
    assert "charte" not in text
    assert "la commune peut solliciter l'avis des services de l'État" in text
    assert "se rapproche des services de l'État avant toute décision" not in text


def test_name_exchange_rests_on_the_csi_and_the_2018_instruction(reponses_csi):
    text = _article(reponses_csi, "csi_coll_rad_groupe_clspd")
    assert "articles L. 132-5 et L. 132-13 du code de la sécurité intérieure" in text
    assert "règlement intérieur" in text
    assert "l'instruction du ministre de l'intérieur du 13 novembre 2018" in text and "(NOR INTK1826096J)" in text
    whole = _texte(reponses_csi)
    assert "circulaire du 13 novembre 2018" not in whole
    assert "circulaire du ministre de l'intérieur du 13 novembre 2018" not in whole


def test_no_invented_frequency_and_deadlines_follow_the_answers(reponses_csi):
    whole = _texte(reponses_csi)  # the example answers: two meetings a year, six months
    assert "Le comité de suivi se réunit au moins deux fois par an" in whole
    assert "dans un délai de six mois à compter de la signature du présent contrat" in whole
    reponses_csi["calendrier"] = {"reunions_comite": None, "delai_mois": None}
    whole = _texte(reponses_csi)
    assert "Le comité de suivi se réunit au moins une fois par an" in whole
    assert "dans un délai de" not in whole.replace("dans un délai de deux mois à compter de sa saisine", "")
    assert "au moins deux fois par an" not in whole and "par trimestre" not in whole


def test_justice_de_proximite_has_its_exact_title_everywhere(reponses_csi):
    whole = _texte(reponses_csi)
    title = "circulaire du garde des sceaux, ministre de la justice, du 15 décembre 2020 relative à la mise en œuvre de la justice de proximité (NOR JUST2034764C)"
    assert f"Vu la {title} ;" in whole
    assert whole.count("JUST2034764C") == whole.count(title)
    assert "relative à la justice de proximité" not in whole


def test_the_verifier_rejects_an_unknown_source_key_and_an_undated_text_in_visas():
    library, _ = lire_bibliotheque()
    clause = library.get("csi_visas")
    raw = {"id": "csi_visas", "version": "1.0", "titre": "Visas", "types": ["csi"], "partie": "conjointe",
           "volet": "structure", "nature": "structure", "obligatoire": False, "source": {"texte": "parties", "section": "—"},
           "texte": "Vu la {{ texte_source('circulaire-inventee') }} ;\nVu la {{ texte_source('ems-pilotage') }} ;",
           "exemples": [{"reponses": {}, "attendu": "x"}]}
    fake = lire_clause(raw, clause.fichier, library.sources, [])
    problems = _verifier_textes_cites(fake, library)
    assert {p.valeur for p in problems} == {"circulaire-inventee", "ems-pilotage"}
    errors = []
    lire_clause({**raw, "references": [{"texte": "circulaire-inventee"}]}, clause.fichier, library.sources, errors)
    assert any("references[1]" in p.champ for p in errors)


# -- concise drafting level ----------------------------------------------------------------------------------

def test_concise_drafting_keeps_every_article_and_commitment_and_is_shorter(reponses_csi, tmp_path):
    detailed, _, _ = generation.assembler("csi", copy.deepcopy(reponses_csi), "reponses.yaml")
    reponses_csi["redaction"] = "concise"
    result = generation.generer("csi", reponses_csi, "reponses.yaml")
    concise = result.document
    assert [b.intitule for b in concise.blocs()] == [b.intitule for b in detailed.blocs()]
    assert [(r.code, r.statut, r.article) for r in concise.annexe] == [(r.code, r.statut, r.article) for r in detailed.annexe]
    concise_lines = {p.texte for b in concise.blocs() for p in b.paragraphes}
    commitments = [p.texte for b in detailed.blocs() for p in b.paragraphes if "s'engage" in p.texte]
    assert len(commitments) > 40 and all(c in concise_lines for c in commitments)
    assert len(concise.texte()) < 0.95 * len(detailed.texte())
    assert "[détail]" not in concise.texte() and "[détail]" not in detailed.texte()
    # the Word file is the concise one too
    assert "Cette convention peut notamment déterminer :" in _simple(detailed.texte())
    word = docx.Document(io.BytesIO(result.contenu))
    body = _simple("\n".join(p.text for p in word.paragraphs))
    assert "Cette convention peut notamment déterminer" not in body
    assert "La commune s'engage à proposer, dans un délai de six mois à compter de la signature du présent contrat, la conclusion" in body


def test_detail_lines_are_dropped_only_in_the_concise_level():
    text = "La commune s'engage à agir.\n[détail] Un bilan est présenté.\n[détail] - modalité"
    assert rendu_texte.niveau_de_redaction(text, "detaillee") == "La commune s'engage à agir.\nUn bilan est présenté.\n- modalité"
    assert rendu_texte.niveau_de_redaction(text, "concise") == "La commune s'engage à agir."


def test_the_comments_of_the_word_file_quote_the_circular_in_full(reponses_csi):
    result = generation.generer("csi", reponses_csi, "reponses.yaml")
    with zipfile.ZipFile(io.BytesIO(result.contenu)) as archive:
        comments = _simple(archive.read("word/comments.xml").decode("utf-8"))
    assert comments.count("le socle des mesures à étudier dans le contrat de sécurité intégrée") >= 20
