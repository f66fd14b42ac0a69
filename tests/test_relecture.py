"""`continuum relire`: tracked changes and comments of a reviewed document, clause by clause."""

import copy
import json

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from generator.generation import generer
from generator.lecture import lire_yaml
from tests.conftest import EXEMPLE_CSI, lancer_cli
from tests.libreoffice import convertir


def _paragraph_of(word, clause_id, offset=1):
    """The paragraph ``offset`` places after the title of the clause bookmarked ``clause_id``."""
    body = word.element.body
    start = next(b for b in body.iter(qn("w:bookmarkStart")) if b.get(qn("w:name")) == clause_id)
    paragraph = start.getparent()
    for _ in range(offset):
        paragraph = paragraph.getnext()
    return paragraph


@pytest.fixture(scope="module")
def relu(tmp_path_factory):
    """The final CSI, reviewed: a deletion in a socle clause, an insertion in an optional one, a comment."""
    folder = tmp_path_factory.mktemp("relu")
    result = generer("csi", copy.deepcopy(lire_yaml(EXEMPLE_CSI)), brouillon=False)
    path = folder / "contrat.docx"
    path.write_bytes(result.contenu)
    word = docx.Document(str(path))
    deleted = _paragraph_of(word, "csi_coll_sec_videoprotection")
    run = deleted.find(qn("w:r"))
    text = run.find(qn("w:t"))
    text.tag = qn("w:delText")
    wrapper = parse_xml(f'<w:del {nsdecls("w")} w:id="9001" w:author="Mairie du Havre" w:date="2027-01-05T10:00:00Z"/>')
    run.addprevious(wrapper)
    wrapper.append(run)
    inserted = _paragraph_of(word, "csi_etat_si_corat")
    inserted.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="9002" w:author="Préfecture" w:date="2027-01-06T09:00:00Z">'
        '<w:r><w:t xml:space="preserve"> Un bilan est présenté chaque trimestre.</w:t></w:r></w:ins>'))
    commented = docx.text.paragraph.Paragraph(_paragraph_of(word, "csi_duree"), word._body)
    word.add_comment(runs=commented.runs, text="Prévoir une clause de revoyure à mi-parcours.", author="Mairie du Havre")
    word.save(str(path))
    return path


def test_changes_are_attributed_to_their_clause_with_author_and_date(relu):
    from generator.bibliotheque import charger
    from generator.relecture import relire

    report = relire(relu, charger())
    assert report.type_document == "csi" and report.identifiant.startswith("continuum:csi:")
    by_clause = report.par_clause()
    deletion = by_clause["csi_coll_sec_videoprotection"][0]
    assert (deletion.nature, deletion.auteur) == ("suppression", "Mairie du Havre")
    assert deletion.texte.startswith("La commune s'engage")
    insertion = by_clause["csi_etat_si_corat"][0]
    assert insertion.texte == " Un bilan est présenté chaque trimestre."
    assert report.commentaires[0].clause == "csi_duree"
    assert "revoyure" in report.commentaires[0].texte
    assert [a.clause for a in report.alertes] == ["csi_coll_sec_videoprotection"]
    assert "Circulaire n° 6258/SG du 16 avril 2021" in report.alertes[0].source


def test_cli_text_json_and_strict(relu):
    done = lancer_cli("relire", str(relu))
    assert done.returncode == 0
    assert "Alerte : la clause du socle csi_coll_sec_videoprotection" in done.stdout
    assert "Commentaire de Mairie du Havre (csi_duree)" in done.stdout
    data = json.loads(lancer_cli("relire", str(relu), "--format", "json").stdout)
    assert {m["clause"] for m in data["modifications"]} == {"csi_coll_sec_videoprotection", "csi_etat_si_corat"}
    assert lancer_cli("relire", str(relu), "--strict").returncode == 7


def test_a_document_saved_again_by_libreoffice_is_read_the_same_way(relu, tmp_path):
    from generator.bibliotheque import charger
    from generator.relecture import relire

    again = convertir(relu, "docx:MS Word 2007 XML", tmp_path)
    report = relire(again, charger())
    assert {m.clause for m in report.modifications} >= {"csi_coll_sec_videoprotection", "csi_etat_si_corat"}
    assert [a.clause for a in report.alertes] == ["csi_coll_sec_videoprotection"]
    assert any(c.clause == "csi_duree" for c in report.commentaires)


@pytest.mark.parametrize("brouillon", [False, True])
def test_an_untouched_document_reports_nothing(tmp_path, brouillon):
    result = generer("csi", copy.deepcopy(lire_yaml(EXEMPLE_CSI)), brouillon=brouillon)
    path = tmp_path / "c.docx"
    path.write_bytes(result.contenu)
    done = lancer_cli("relire", str(path), "--strict")
    assert done.returncode == 0
    assert "Aucune modification suivie ni commentaire." in done.stdout


def test_a_document_edited_by_libreoffice_with_change_tracking_on(tmp_path):
    import subprocess

    from generator.bibliotheque import charger
    from generator.relecture import relire
    from tests.conftest import RACINE

    source = tmp_path / "contrat.docx"
    source.write_bytes(generer("csi", copy.deepcopy(lire_yaml(EXEMPLE_CSI)), brouillon=False).contenu)
    edited = tmp_path / "contrat-relu.docx"
    done = subprocess.run(["/usr/bin/python3", str(RACINE / "tests" / "lo" / "suivi.py"), str(source), "editer",
                           "csi_etat_jus_gltd", " Les groupes rendent compte chaque trimestre.", str(edited)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    report = relire(edited, charger())
    changes = report.par_clause().get("csi_etat_jus_gltd", [])
    assert any(c.nature == "insertion" and "chaque trimestre" in c.texte for c in changes)
    assert "csi_etat_jus_gltd" in [a.clause for a in report.alertes]


# -- `relire --strict` cannot be bypassed ----------------------------------------------------------------
@pytest.fixture(scope="module")
def genere(tmp_path_factory):
    """A final and a draft CSI as generated, untouched."""
    folder = tmp_path_factory.mktemp("strict")
    paths = {}
    for name, draft in (("final", False), ("projet", True)):
        paths[name] = folder / f"{name}.docx"
        paths[name].write_bytes(generer("csi", copy.deepcopy(lire_yaml(EXEMPLE_CSI)), brouillon=draft).contenu)
    return paths


def _strict(path):
    return lancer_cli("relire", str(path), "--strict", "--sans-registre")


def _lo_editer(source, bookmark, where, mode, text, output):
    import subprocess

    from tests.conftest import RACINE
    from tests.libreoffice import exiger_libreoffice

    exiger_libreoffice()
    done = subprocess.run(["/usr/bin/python3", str(RACINE / "tests" / "hostile" / "lo_editer.py"), str(source), bookmark,
                           where, mode, text, str(output)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return output


def test_a_tracked_edit_at_the_start_of_a_socle_clause_saved_by_libreoffice(genere, tmp_path):
    edited = _lo_editer(genere["final"], "csi_coll_sec_videoprotection", "debut", "suivi", "Sous réserve. ",
                        tmp_path / "debut.docx")
    done = _strict(edited)
    assert done.returncode == 7, done.stdout
    assert "Alerte : la clause du socle csi_coll_sec_videoprotection" in done.stdout
    assert "csi_coll_sec_videoprotection : 1 modification" in done.stdout


def test_an_untracked_edit_by_libreoffice_is_found_by_the_clause_fingerprint(genere, tmp_path):
    edited = _lo_editer(genere["final"], "csi_coll_sec_videoprotection", "debut", "libre", "Sous réserve. ",
                        tmp_path / "libre.docx")
    done = _strict(edited)
    assert done.returncode == 7, done.stdout
    assert "csi_coll_sec_videoprotection (« Extension de la vidéoprotection" in done.stdout
    assert "modifiée sans suivi des modifications" in done.stdout
    untouched = convertir(genere["final"], "docx:MS Word 2007 XML", tmp_path / "lo")
    assert _strict(untouched).returncode == 0, "un simple réenregistrement par LibreOffice ne déclenche rien"


def _modifier(source, destination, change):
    word = docx.Document(str(source))
    change(word)
    word.save(str(destination))
    return destination


def test_an_untracked_edit_by_python_docx_and_a_non_socle_one(genere, tmp_path):
    def edit(word):
        paragraph = _paragraph_of(word, "csi_coll_sec_videoprotection")
        paragraph.find(f"{qn('w:r')}/{qn('w:t')}").text = "La commune peut, si elle le souhaite, étendre la vidéoprotection."

    done = _strict(_modifier(genere["final"], tmp_path / "a.docx", edit))
    assert done.returncode == 7 and "modifiée sans suivi des modifications" in done.stdout


@pytest.mark.parametrize("action", ["renommer", "supprimer"])
def test_a_socle_clause_whose_bookmark_was_renamed_or_deleted(genere, tmp_path, action):
    def edit(word):
        start = next(b for b in word.element.body.iter(qn("w:bookmarkStart"))
                     if b.get(qn("w:name")) == "csi_coll_sec_videoprotection")
        if action == "renommer":
            start.set(qn("w:name"), "ma_clause")
        else:
            end = next(e for e in word.element.body.iter(qn("w:bookmarkEnd")) if e.get(qn("w:id")) == start.get(qn("w:id")))
            start.getparent().remove(start)
            end.getparent().remove(end)

    done = _strict(_modifier(genere["final"], tmp_path / f"{action}.docx", edit))
    assert done.returncode == 7
    assert "csi_coll_sec_videoprotection" in done.stdout and "signet supprimé ou renommé" in done.stdout


@pytest.mark.parametrize("categorie", ["clcs", "inconnu", ""])
def test_a_changed_or_unknown_category(genere, tmp_path, categorie):
    def edit(word):
        word.core_properties.category = categorie

    done = _strict(_modifier(genere["final"], tmp_path / "categorie.docx", edit))
    assert done.returncode == 7 and "catégorie" in done.stdout


def test_a_comment_signed_continuum_that_continuum_did_not_write(genere, tmp_path):
    def edit(word):
        paragraph = docx.text.paragraph.Paragraph(_paragraph_of(word, "csi_duree"), word._body)
        word.add_comment(runs=paragraph.runs, text="Mesure du socle obligatoire.\nRien à signaler.", author="Continuum")

    assert _strict(genere["projet"]).returncode == 0
    done = _strict(_modifier(genere["projet"], tmp_path / "faux.docx", edit))
    assert done.returncode == 7
    assert "commentaire signé « Continuum » qui n'est pas de Continuum" in done.stdout
    assert "Commentaire de Continuum (csi_duree)" in done.stdout


def test_fingerprints_removed_from_the_properties(genere, tmp_path):
    import zipfile

    source, target = genere["final"], tmp_path / "sans.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "docProps/custom.xml":
                data = data.replace("empreintes des clauses".encode(), "autre chose".encode())
            new.writestr(item, data)
    done = _strict(target)
    assert done.returncode == 7 and "empreintes des clauses absentes" in done.stdout
