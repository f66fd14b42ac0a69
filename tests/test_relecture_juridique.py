"""A préfecture jurist's second reading of every family: each check reads a generated document (or the
message a user gets) and pins a defect found in that reading, fixed at its root (clause library, data,
context).

- messages name a required clause in the family's own words (only the CSI quotes « le socle des mesures
  à étudier »), and each family decides whether its catalogue items may be set aside with a reason;
- no visa cites a circular whose publication is not established (article L. 312-2 du code des relations
  entre le public et l'administration), nor an undated text; titles come from data/sources.yaml;
- the Ville de Paris is never « la commune » in the body; the préfet's apposition is closed by a comma;
- the recteur's académie comes from the département (data/referentiel/academies.yaml), with the full title;
- no deadline the circular does not contain; the concise drafting level is clearly shorter and keeps
  every commitment, for the CSI, the CLS and the CLCS.
"""

from __future__ import annotations

import re

import pytest

from generator import generation, institutions, referentiel
from generator.bibliotheque import lire_bibliotheque
from generator.erreurs import ReponsesInvalides
from generator.lecture import lire_yaml
from generator.verification import VIGUEURS_VISABLES, _verifier_textes_cites
from tests.conftest import RACINE, reponses_exemple


def _simple(text: str) -> str:
    return re.sub(r"[\u00a0\u202f]", " ", text)


def _document(type_document: str, reponses: dict):
    document, _, _ = generation.assembler(type_document, reponses, "reponses.yaml")
    return document


def _texte(type_document: str, reponses: dict) -> str:
    return _simple(_document(type_document, reponses).texte())


def _probleme(type_document: str, reponses: dict) -> str:
    with pytest.raises(ReponsesInvalides) as error:
        generation.assembler(type_document, reponses, "reponses.yaml")
    return str(error.value)


def _visas(type_document: str, reponses: dict) -> list[str]:
    document = _document(type_document, reponses)
    return [_simple(p.texte) for b in document.blocs() if b.cle.endswith("visas") for p in b.paragraphes]


# -- each family names its required clauses in its own words ----------------------------------------------

def test_a_clcs_axis_is_named_a_recommended_axis_never_a_socle():
    reponses = reponses_exemple("clcs-vatine.yaml")
    reponses["mesures_ecartees"] = ["clcs_axe_appropriation"]
    message = _probleme("clcs", reponses)
    assert "mesures_ecartees[1]" in message
    assert "axe recommandé par la circulaire" in message and "Circulaire du 5 janvier 2016" in message
    assert "socle" not in message


def test_a_cls_requirement_is_named_a_requirement_of_the_circular():
    reponses = reponses_exemple("cls-le-havre.yaml")
    reponses["mesures_ecartees"] = ["cls_comite_pilotage"]
    message = _probleme("cls", reponses)
    assert "exigence de la circulaire" in message and "ne peut pas être écartée" in message
    assert "socle" not in message


def test_a_padrsq_component_cannot_be_set_aside_and_is_not_called_socle():
    reponses = reponses_exemple("padrsq-seine-maritime.yaml")
    reponses["mesures_ecartees"] = ["padrsq_dialogue"]
    message = _probleme("padrsq", reponses)
    assert "composante que la circulaire demande d'inclure dans le plan" in message
    assert "socle" not in message


def test_only_the_csi_quotes_the_socle_to_study_and_asks_for_a_reason(reponses_csi):
    reponses_csi["mesures_ecartees"] = [{"id": "csi_coll_sec_videoprotection"}]
    message = _probleme("csi", reponses_csi)
    assert "mesures_ecartees[1].motif" in message
    assert "« devront obligatoirement former le socle des mesures à étudier dans le contrat de sécurité intégrée »" in message


def test_set_aside_fields_match_each_family_decision():
    """CSI: a socle measure is « à étudier », set aside with a reason; elsewhere the catalogue is the
    document's backbone (other articles cite it) or an instruction to its author: no reason field."""
    from generator.questionnaire.definition import charger_questionnaire

    kinds = {q: next(x.type for x in charger_questionnaire(q).questions if x.id == "mesures_ecartees")
             for q in ("csi", "clcs", "cls", "padrsq", "ems-arrete", "ems-reunion", "ems-bilan")}
    assert kinds == {"csi": "mesures_motivees", "clcs": "mesures", "cls": "mesures", "padrsq": "mesures",
                     "ems-arrete": "mesures", "ems-reunion": "mesures", "ems-bilan": "mesures"}


# -- visas: published texts only, exact titles -----------------------------------------------------------

@pytest.mark.parametrize("type_document, exemple", [
    ("cls", "cls-le-havre.yaml"), ("clcs", "clcs-vatine.yaml"), ("ems-arrete", "ems-arrete-seine-maritime.yaml"),
    ("csi", "csi-le-havre.yaml")])
def test_no_visa_cites_a_circular_whose_publication_is_not_established(type_document, exemple):
    sources = lire_yaml(RACINE / "data" / "sources.yaml")
    visas = " ".join(_visas(type_document, reponses_exemple(exemple)))
    assert visas.startswith("Vu ")
    for cle, known in sources.items():
        title = str(known.get("intitule") or "").split(" (NOR")[0]
        if known.get("nature") in ("circulaire", "instruction") and known.get("vigueur") not in VIGUEURS_VISABLES:
            assert title not in visas, (type_document, cle)


def test_circulars_not_visaed_are_still_cited_as_background_with_their_exact_title():
    sources = lire_yaml(RACINE / "data" / "sources.yaml")
    cls = _texte("cls", reponses_exemple("cls-le-havre.yaml"))
    assert f"la {sources['cls-1997']['intitule']} et précisée par la {sources['cls-2000']['intitule']}" in cls
    assert "conformément à la circulaire du ministre de l'intérieur du 16 octobre 2000, qui" not in cls
    clcs = _texte("clcs", reponses_exemple("clcs-vatine.yaml"))
    assert f"La {sources['clcs-2016']['intitule']} invite" in clcs
    for key in ("cls-2000", "cls-1997", "clcs-2016", "ems-2009", "tig-2019", "crim-2019"):
        assert sources[key]["vigueur"] != "en_vigueur" and "recherche du 29 novembre 2026" in sources[key]["verification"]


def test_the_verifier_refuses_a_visa_of_an_unpublished_circular_typed_in_full():
    library, _ = lire_bibliotheque()
    from dataclasses import replace

    clause = library.get("cls_visas")
    typed = replace(clause, texte="Vu la circulaire du ministre de l'intérieur du 16 octobre 2000 relative aux "
                                  "contrats locaux de sécurité ;\nVu la {{ texte_source('clcs-2016') }} ;")
    values = {p.valeur for p in _verifier_textes_cites(typed, library)}
    assert values == {"cls-2000", "clcs-2016"}
    assert not _verifier_textes_cites(clause, library)


def test_ems_clauses_cite_the_circular_they_come_from_and_the_arrete_visas_no_circular():
    library, _ = lire_bibliotheque()
    ems = [c for c in library.clauses.values() if any(t.startswith("ems") for t in c.types)]
    assert ems and all(c.source.texte in ("ems-pilotage", "parties") for c in ems)
    visas = " ".join(_visas("ems-arrete", reponses_exemple("ems-arrete-seine-maritime.yaml")))
    assert "circulaire" not in visas and "Vu le décret du 16 juillet 2025 portant nomination" in visas
    sources = lire_yaml(RACINE / "data" / "sources.yaml")
    bilan = _texte("ems-bilan", reponses_exemple("ems-bilan-seine-maritime.yaml"))
    assert f"Référence : {sources['ems-2009']['intitule']}" in bilan
    assert sources["ems-pilotage"]["intitule"] in bilan  # one exact title, never a shortened one
    assert "circulaire du ministre de l'intérieur relative au pilotage" not in bilan


def test_the_tig_clause_no_longer_rests_on_an_unverified_circular(reponses_csi):
    reponses_csi["mesures_retenues"] = list(reponses_csi["mesures_retenues"]) + ["csi_coll_jus_tig"]
    text = _texte("csi", reponses_csi)
    assert "6 novembre 2019" not in text
    assert ("rappelle que les procureurs de la République ont été invités à requérir, le cas échéant, de tels "
            "travaux au profit de la commune victime de l'infraction") in text


# -- Paris, apposition of the préfet's title -------------------------------------------------------------

def test_the_ville_de_paris_is_never_called_la_commune_in_the_body(reponses_csi):
    reponses_csi.update(commune="75056", epci=None)
    reponses_csi["signataires"].pop("president_epci")
    reponses_csi["signataires"]["procureur"]["tribunal"] = "Paris"
    reponses_csi["signataires"]["education"]["ressort"] = "Paris"
    reponses_csi["signature"]["lieu"] = "Paris"
    reponses_csi["territoire"].update(qpv=["Goutte d'Or"], qrr="Goutte d'Or", dispositifs_existants=[])
    text = _texte("csi", reponses_csi)
    assert text.count("la Ville de Paris") > 40
    assert not re.search(r"\b[Ll]a commune\b(?! (de|du|des|d') )(?! victime)", text), \
        re.findall(r".{40}\b[Ll]a commune\b.{40}", text)[:3]
    assert "budget voté par le Conseil de Paris" in text and "préfète de police" in text


def test_the_prefets_apposition_is_closed_by_a_comma_before_the_sentence_goes_on():
    arrete = _texte("ems-arrete", reponses_exemple("ems-arrete-seine-maritime.yaml"))
    title = "la préfète de la région Normandie, préfète de la Seine-Maritime"
    for follow in (" se fait représenter", " et par le procureur", " adresse au secrétaire général"):
        assert f"{title},{follow}" in arrete and f"{title}{follow}" not in arrete
    assert "préfète de la Seine-Maritime, est chargé de l'exécution" in arrete
    assert "préfète de la Seine-Maritime, ou d'un recours contentieux" in arrete
    ordre = _texte("ems-ordre-du-jour", reponses_exemple("ems-reunion-seine-maritime.yaml"))
    assert "préfète de la Seine-Maritime, et du procureur de la République" in ordre
    eure = reponses_exemple("ems-arrete-seine-maritime.yaml")
    eure.update(departement="27", tribunal_administratif=None, formations=[], arretes_abroges=[], reunions={})
    eure["signataires"]["procureur"]["tribunal"] = "Évreux"
    short = _texte("ems-arrete", eure)
    assert "la préfète de l'Eure se fait représenter" in short  # no apposition, no comma


def test_the_ems_and_padrsq_questionnaires_name_the_prefet_de_police_for_paris():
    from generator.questionnaire.definition import charger_questionnaire

    for name in ("ems-arrete", "ems-reunion", "ems-bilan", "padrsq"):
        prefet = next(q for q in charger_questionnaire(name).parcourir() if q.chemin == "signataires.prefet")
        assert "police" in prefet.libelle and "préfet de police délégué" in prefet.aide, name


# -- recteur and académie --------------------------------------------------------------------------------

def test_the_academies_table_covers_every_departement_of_the_cog():
    ref = referentiel.charger()
    metropole_et_drom = [c for c in ref.codes_departements() if len(c) == 2 or c in ("971", "972", "973", "974", "976")]
    academies = {c: institutions.academie(ref.departement(c)) for c in metropole_et_drom}
    assert len(academies) == 101 and len({a.nom for a in academies.values()}) == 30
    assert academies["76"].nom == "Normandie" and academies["13"].nom == "Aix-Marseille"
    assert academies["31"].nom == "Toulouse" and not academies["31"].siege and academies["34"].siege


def test_a_recteur_gets_the_full_title_of_the_communes_academie(reponses_csi):
    reponses_csi["signataires"]["education"].update(fonction="recteur", ressort=None)
    text = _texte("csi", reponses_csi)
    assert ("Mme Nadia Benali, rectrice de la région académique Normandie, rectrice de l'académie de Normandie, "
            "chancelière des universités, qui s'engage") in text
    assert "chancelière des universités, désigne" in text  # the apposition is closed


def test_a_recteur_of_another_academie_is_refused_naming_the_field(reponses_csi):
    reponses_csi["signataires"]["education"].update(fonction="recteur", ressort="académie d'Aix-Marseille")
    message = _probleme("csi", reponses_csi)
    assert "signataires.education.ressort" in message and "l'académie de Normandie" in message


def test_a_cls_recteur_of_a_non_seat_academie_has_no_regional_title():
    reponses = reponses_exemple("cls-le-havre.yaml")
    reponses["communes"] = ["38185"]  # Grenoble
    reponses["circonscription"] = {"nom": "circonscription de police nationale de Grenoble", "couverture": "entiere"}
    reponses["signataires"]["procureur"]["tribunal"] = "Grenoble"
    reponses["signataires"]["education"] = {"civilite": "M.", "prenom": "Luc", "nom": "Roy", "fonction": "recteur"}
    text = _texte("cls", reponses)
    assert "Le recteur de l'académie de Grenoble, chancelier des universités, M. Luc Roy" in text
    assert "région académique" not in text


# -- invented deadlines, concise drafting --------------------------------------------------------------------

def test_no_deadline_is_written_when_the_parties_chose_none(reponses_csi):
    reponses_csi.setdefault("calendrier", {})["delai_mois"] = None
    text = _texte("csi", reponses_csi)
    for invented in ("dans un délai d'un mois", "dans le mois qui suit la signature", "à compter de la signature du présent"):
        assert invented not in text
    cls = _texte("cls", reponses_exemple("cls-le-havre.yaml"))
    for invented in ("quinze jours avant", "dans le mois qui suit", "six mois avant le terme"):
        assert invented not in cls


def test_the_chosen_deadline_applies_to_the_referents(reponses_csi):
    reponses_csi.setdefault("calendrier", {})["delai_mois"] = 2
    text = _texte("csi", reponses_csi)
    assert "désigner, dans un délai de deux mois à compter de la signature du présent contrat, au sein" in text


def _mots_des_articles(document) -> int:
    return sum(len(p.texte.split()) for b in document.blocs() if b.numero for p in b.paragraphes)


@pytest.mark.parametrize("type_document, exemple, gain", [
    ("csi", "csi-le-havre.yaml", 0.20), ("cls", "cls-le-havre.yaml", 0.03), ("clcs", "clcs-vatine.yaml", 0.05)])
def test_concise_drafting_keeps_articles_and_commitments_and_is_shorter(type_document, exemple, gain):
    detailed = _document(type_document, reponses_exemple(exemple))
    reponses = reponses_exemple(exemple)
    reponses["redaction"] = "concise"
    concise = _document(type_document, reponses)
    assert [(b.cle, b.numero, b.titre) for b in concise.blocs()] == [(b.cle, b.numero, b.titre) for b in detailed.blocs()]
    kept = {p.texte for b in concise.blocs() for p in b.paragraphes}
    commitments = [p.texte for b in detailed.blocs() for p in b.paragraphes if "s'engage" in p.texte]
    assert commitments and all(c in kept for c in commitments)
    assert _mots_des_articles(concise) < (1 - gain) * _mots_des_articles(detailed)
