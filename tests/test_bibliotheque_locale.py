"""A local library over the shipped one: a variant replaces a clause, a new clause is added, a template replaced.

Everything goes through the command line, as a jurist would use it.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
import yaml

from generator.bibliotheque import charger
from generator.oxml import lire_proprietes_personnalisees
from generator.rendu_docx import PROPRIETE_VARIANTES
from tests.conftest import EXEMPLE_CSI, RACINE, lancer_cli
from tests.libreoffice import vue

SOCLE = "csi_coll_sec_police_municipale"
PREAVIS = "csi_resiliation"
AJOUTEE = "csi_local_veille_commerces"

NOUVELLE_CLAUSE = """\
id: csi_local_veille_commerces
version: "1.0"
titre: Veille partagée avec les commerçants du centre-ville
types: [csi]
partie: conjointe
volet: complementaires
nature: complementaire
obligatoire: false
source:
  texte: parties
  section: Stipulations propres à la préfecture
variables:
  commune: lieu
texte: |
  L'État et {{ commune.designation }} organisent chaque trimestre une réunion de veille avec les associations de commerçants du centre-ville.
exemples:
  - reponses:
      commune: {designation: la commune du Havre}
    attendu: |
      L'État et la commune du Havre organisent chaque trimestre une réunion de veille avec les associations de commerçants du centre-ville.
"""


def _livree(clause_id: str) -> str:
    """Version of the shipped clause (the library evolves: never hard-code it)."""
    return charger().get(clause_id).version


def _cli(local: Path, *args: str, input: str | None = None, cwd: Path | None = None):
    return lancer_cli("--bibliotheque", str(local), *args, input=input, cwd=cwd)


@pytest.fixture
def locale(tmp_path) -> Path:
    """A local library made with the commands: a socle variant, the notice period variant, an added clause."""
    folder = tmp_path / "prefecture"
    done = lancer_cli("bibliotheque", "init", str(folder))
    assert done.returncode == 0, done.stderr
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "variante" in readme and "remplace_version" in readme and "socle" in readme
    for clause_id in (PREAVIS, SOCLE):
        done = lancer_cli("bibliotheque", "variante", clause_id, str(folder))
        assert done.returncode == 0, done.stderr
        assert "Variante créée" in done.stdout
    preavis = next((folder / "clauses").rglob(f"{PREAVIS}.yaml"))
    assert f'remplace_version: "{_livree(PREAVIS)}"' in preavis.read_text(encoding="utf-8")
    preavis.write_text(preavis.read_text(encoding="utf-8").replace(
        "délai de préavis de trois mois courant", "délai de préavis de quatre mois courant", 1), encoding="utf-8")
    socle = next((folder / "clauses").rglob(f"{SOCLE}.yaml"))
    socle.write_text(socle.read_text(encoding="utf-8").replace(
        "renforcer l'action de sa police municipale", "conforter l'action de sa police municipale", 1), encoding="utf-8")
    (folder / "clauses" / f"{AJOUTEE}.yaml").write_text(NOUVELLE_CLAUSE, encoding="utf-8")
    return folder


def test_a_variant_is_checked_like_the_shipped_library_then_accepted(locale):
    done = _cli(locale, "clauses", "verifier")
    assert done.returncode == 4
    # the local file and the line of the sample that no longer matches
    preavis = next((locale / "clauses").rglob(f"{PREAVIS}.yaml"))
    line = next(i for i, text in enumerate(preavis.read_text(encoding="utf-8").splitlines(), start=1)
                if text.strip().startswith("- reponses:"))
    assert f"{preavis} › exemples[1], ligne {line} : le rendu diffère du texte attendu" in done.stderr
    assert "+La dénonciation prend effet à l'expiration d'un délai de préavis de quatre mois" in done.stderr
    assert str(RACINE / "clauses") not in re.split(r"problèmes? dans la bibliothèque", done.stderr)[1]  # only local files are at fault

    refused = _cli(locale, "clauses", "accepter", PREAVIS, input="non\n")
    assert "-La dénonciation prend effet à l'expiration d'un délai de préavis de trois mois" in refused.stdout
    assert "Rien n'a été enregistré." in refused.stdout
    for clause_id in (PREAVIS, SOCLE):
        done = _cli(locale, "clauses", "accepter", clause_id, "--oui")
        assert done.returncode == 0, done.stderr
        assert "2 exemples sur 2 changent" in done.stdout
    recorded = yaml.safe_load(preavis.read_text(encoding="utf-8"))
    assert all("préavis de quatre mois" in e["attendu"] for e in recorded["exemples"])
    assert "# version de la clause livrée" in preavis.read_text(encoding="utf-8")  # the rest of the file is kept

    done = _cli(locale, "clauses", "verifier")
    assert done.returncode == 0, done.stderr
    assert "dont 3 de la bibliothèque locale" in done.stdout
    assert f"variante locale d'une mesure du socle ({SOCLE}" in done.stderr
    assert PREAVIS not in done.stderr  # written against the current shipped version: no warning

    # the shipped clause moves on: the variant is reported as written against an older version
    text = preavis.read_text(encoding="utf-8").replace(f'remplace_version: "{_livree(PREAVIS)}"', 'remplace_version: "0.9"')
    preavis.write_text(text, encoding="utf-8")
    done = _cli(locale, "clauses", "verifier")
    assert done.returncode == 0
    assert (f"la variante locale de {PREAVIS} a été écrite pour la version 0.9 de la clause livrée, "
            f"qui est maintenant en version {_livree(PREAVIS)}") in done.stderr


def test_a_variant_cannot_make_a_socle_clause_optional(locale):
    socle = next((locale / "clauses").rglob(f"{SOCLE}.yaml"))
    socle.write_text(socle.read_text(encoding="utf-8").replace("obligatoire: true", "obligatoire: false"), encoding="utf-8")
    done = _cli(locale, "clauses", "verifier")
    assert done.returncode == 4
    assert re.search(rf"{re.escape(str(socle))} › obligatoire, ligne \d+ : la clause livrée {SOCLE} appartient au socle",
                     done.stderr), done.stderr


def test_lister_and_voir_show_the_provenance(locale):
    listing = _cli(locale, "clauses", "lister", "--type", "csi").stdout
    line = next(text for text in listing.splitlines() if text.startswith(PREAVIS))
    assert line.endswith(f"variante locale (remplace la version {_livree(PREAVIS)} livrée)")
    assert next(text for text in listing.splitlines() if text.startswith(AJOUTEE)).endswith(
        "clause locale (ajoutée à la bibliothèque livrée)")
    shipped_only = [text for text in listing.splitlines() if text.startswith("csi_litiges")]
    assert shipped_only and "variante" not in shipped_only[0]
    assert len(_cli(locale, "clauses", "lister", "--locales").stdout.splitlines()) == 3

    seen = _cli(locale, "clauses", "voir", SOCLE)
    assert seen.returncode == 0, seen.stderr
    assert f"Provenance : variante locale (remplace la version {_livree(SOCLE)} livrée)" in seen.stdout
    assert "variante locale d'une mesure du socle" in seen.stdout
    assert "conforter l'action de sa police municipale" in seen.stdout
    shipped = _cli(locale, "clauses", "voir", SOCLE, "--livree").stdout
    assert "renforcer l'action de sa police municipale" in shipped
    assert "Provenance : bibliothèque livrée avec Continuum" in shipped


def test_generated_draft_uses_the_variants_and_says_so(locale, tmp_path):
    for clause_id in (PREAVIS, SOCLE):
        assert _cli(locale, "clauses", "accepter", clause_id, "--oui").returncode == 0
    answers = yaml.safe_load(EXEMPLE_CSI.read_text(encoding="utf-8"))
    answers["mesures_retenues"] = list(answers.get("mesures_retenues") or []) + [AJOUTEE]
    source = tmp_path / "reponses.yaml"
    source.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    done = _cli(locale, "generer", "csi", "-r", str(source), "-o", str(tmp_path / "projet.docx"))
    assert done.returncode == 0, done.stderr
    document = docx.Document(str(tmp_path / "projet.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "délai de préavis de quatre mois" in text and "préavis de trois mois" not in text
    assert "conforter l'action de sa police municipale" in text
    assert "organisent chaque trimestre une réunion de veille avec les associations de commerçants" in text
    with zipfile.ZipFile(tmp_path / "projet.docx") as archive:
        comments = archive.read("word/comments.xml").decode("utf-8")
    assert f"Variante locale (remplace la version {_livree(PREAVIS)} livrée) : csi_resiliation.yaml." in comments
    assert "Variante locale d'une mesure du socle" in comments
    properties = lire_proprietes_personnalisees((tmp_path / "projet.docx").read_bytes())
    listed = properties[PROPRIETE_VARIANTES]
    assert f"{PREAVIS} : variante locale (remplace la version {_livree(PREAVIS)} livrée)" in listed
    assert f"{AJOUTEE} : clause locale (ajoutée à la bibliothèque livrée)" in listed

    # without the local library, the shipped text comes back
    done = lancer_cli("generer", "csi", "-r", str(EXEMPLE_CSI), "-o", str(tmp_path / "livre.docx"))
    assert done.returncode == 0, done.stderr
    shipped = "\n".join(p.text for p in docx.Document(str(tmp_path / "livre.docx")).paragraphs)
    assert "préavis de trois mois" in shipped
    assert PROPRIETE_VARIANTES not in lire_proprietes_personnalisees((tmp_path / "livre.docx").read_bytes())


def test_a_local_template_and_questionnaire_replace_the_shipped_ones(locale, tmp_path):
    template = docx.Document(str(RACINE / "modeles" / "csi.docx"))
    anchor = next(p for p in template.paragraphs if "{{ corps }}" in p.text)
    anchor.insert_paragraph_before("Modèle local de la préfecture de la Seine-Maritime")
    template.save(str(locale / "modeles" / "csi.docx"))
    questionnaire = (RACINE / "data" / "questionnaires" / "csi.yaml").read_text(encoding="utf-8")
    questionnaire = questionnaire.replace("libelle: Effectif actuel de la police municipale",
                                          "libelle: Nombre de policiers municipaux en fonction", 1)
    (locale / "data" / "questionnaires" / "csi.yaml").write_text(questionnaire, encoding="utf-8")
    shutil.rmtree(locale / "clauses")
    (locale / "clauses").mkdir()

    done = _cli(locale, "generer", "csi", "-r", str(EXEMPLE_CSI), "-o", str(tmp_path / "c.docx"))
    assert done.returncode == 0, done.stderr
    assert "Modèle local de la préfecture de la Seine-Maritime" in [
        p.text for p in docx.Document(str(tmp_path / "c.docx")).paragraphs]
    seen = _cli(locale, "clauses", "voir", SOCLE).stdout
    assert "Nombre de policiers municipaux en fonction — engagements.commune.policiers_municipaux_actuels" in seen


def test_recueil_prints_the_library_of_a_type_and_libreoffice_opens_it(locale, tmp_path):
    output = tmp_path / "recueil.docx"
    done = _cli(locale, "clauses", "recueil", "--type", "csi", "-o", str(output))
    assert done.returncode == 0, done.stderr
    seen = vue(output, tmp_path / "lo")
    paragraphs = seen["paragraphes"]
    assert paragraphs[0] == "Recueil des clauses – Contrat de sécurité intégrée"
    for volet in ("Sécurité et tranquillité publiques", "Dispositions générales", "Mesures complémentaires"):
        assert volet in paragraphs
    assert "Veille partagée avec les commerçants du centre-ville" in paragraphs
    assert any(p.startswith("Statut : Mesure du socle à étudier : la mesure C1.1") for p in paragraphs)
    assert any(p.startswith("Source : Circulaire n° 6258/SG du 16 avril 2021") for p in paragraphs)
    assert any(p.startswith("Provenance : variante locale (remplace la version") for p in paragraphs)
    assert seen["titre"] == "Recueil des clauses – Contrat de sécurité intégrée"
    again = _cli(locale, "clauses", "recueil", "--type", "csi", "-o", str(output))
    assert again.returncode == 5 and "existe déjà" in again.stderr
