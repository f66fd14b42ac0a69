"""Acceptance: a CSI generated three times, sent, read back, signed, amended — on SQLite and PostgreSQL.

Everything goes through the real command line (one process per command, as a
legal officer runs it); the database rows are then read in this process.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import docx
import yaml
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from generator.lecture import lire_yaml
from tests.conftest import EXEMPLE_CSI, lancer_cli


def _ecrire(path: Path, answers: dict) -> Path:
    path.write_text(yaml.safe_dump(answers, allow_unicode=True, default_flow_style=False), encoding="utf-8")
    return path


def _ok(*args: str):
    done = lancer_cli(*args)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


def _relire_avec_suppression(source: Path, cible: Path) -> Path:
    """The draft comes back with a deletion tracked in a socle clause (video protection) and a comment."""
    word = docx.Document(str(source))
    start = next(b for b in word.element.body.iter(qn("w:bookmarkStart"))
                 if b.get(qn("w:name")) == "csi_coll_sec_videoprotection")
    paragraph = start.getparent().getnext()
    run = paragraph.find(qn("w:r"))
    run.find(qn("w:t")).tag = qn("w:delText")
    wrapper = parse_xml(f'<w:del {nsdecls("w")} w:id="9001" w:author="Mairie du Havre" w:date="2026-11-05T10:00:00Z"/>')
    run.addprevious(wrapper)
    wrapper.append(run)
    duree = next(b for b in word.element.body.iter(qn("w:bookmarkStart")) if b.get(qn("w:name")) == "csi_duree")
    word.add_comment(runs=docx.text.paragraph.Paragraph(duree.getparent().getnext(), word._body).runs,
                     text="Le centre de supervision sera mutualisé.", author="Mairie du Havre")
    word.save(str(cible))
    return cible


def test_a_csi_from_first_draft_to_its_avenant(registre, tmp_path):
    from generator.registre import models as m

    answers = lire_yaml(EXEMPLE_CSI)
    drafts = []
    for rank, target in enumerate((80, 90, 100), start=1):
        version = copy.deepcopy(answers)
        version["engagements"]["commune"]["policiers_municipaux_cible"] = target
        source = _ecrire(tmp_path / f"v{rank}.yaml", version)
        drafts.append(tmp_path / f"projet-{rank}.docx")
        done = _ok("generer", "csi", "-r", str(source), "-o", str(drafts[-1]))
        assert f"version {rank} (projet)" in done.stderr

    listed = json.loads(_ok("registre", "lister", "--type", "csi", "--format", "json").stdout)
    assert len(listed) == 1 and listed[0]["versions"] == 3 and listed[0]["communes"] == "76351"
    reference = listed[0]["reference"]
    assert reference.startswith("CSI-76351-")

    _ok("registre", "statut", reference, "en concertation", "--date", "15/10/2026")
    back = lancer_cli("registre", "statut", reference, "projet")
    assert back.returncode == 7 and "indiquez le motif" in back.stderr

    # The counterpart returns the SECOND draft: the review belongs to version 2, not to the latest.
    reviewed = _relire_avec_suppression(drafts[1], tmp_path / "projet-2-relu.docx")
    done = _ok("relire", str(reviewed))
    assert f"relecture enregistrée pour {reference}, version 2" in done.stderr

    _ok("registre", "statut", reference, "signé", "--date", "01/12/2026")
    refused = lancer_cli("registre", "statut", reference, "publié")
    assert refused.returncode == 7 and "--raa" in refused.stderr
    _ok("registre", "statut", reference, "publié", "--date", "03/12/2026", "--raa", "RAA n° 76-2026-12-004")
    _ok("registre", "statut", reference, "en vigueur", "--date", "03/12/2026")

    new = copy.deepcopy(lire_yaml(tmp_path / "v3.yaml"))
    new["engagements"]["commune"]["policiers_municipaux_cible"] = 120
    new["signature"]["date"] = "2027-06-01"
    _ok("avenant", str(tmp_path / "v3.yaml"), str(_ecrire(tmp_path / "v4.yaml", new)), "-o", str(tmp_path / "av.docx"))

    view = _ok("registre", "voir", reference).stdout
    assert "Versions (3) :" in view and view.count("— generer, projet, docx") == 3
    assert "15/10/2026 : projet → en concertation" in view
    assert "en concertation → relu" in view and "motif : relecture de la version 2 enregistrée" in view
    assert "01/12/2026 : relu → signé" in view and "RAA : RAA n° 76-2026-12-004" in view
    assert "03/12/2026 : publié → en vigueur" in view
    assert "version 2, par Mairie du Havre : 1 modification, 1 commentaire, 1 alerte sur le socle" in view, view
    assert f"Avenant n° 1 : {reference}-AV1 (projet)" in view
    assert "Échéance : 01/03/2032" in view and "Préavis : 3 mois" in view

    accord = m.Accord.objects.get(reference=reference)
    assert [v.numero for v in accord.versions.all()] == [1, 2, 3]
    assert len({v.uuid for v in accord.versions.all()}) == 3 and all(v.uuid for v in accord.versions.all())
    assert [(c.ancien, c.nouveau) for c in accord.changements.all()] == [
        ("projet", "en_concertation"), ("en_concertation", "relu"), ("relu", "signe"), ("signe", "publie"),
        ("publie", "en_vigueur")]
    review = accord.relectures.get()
    assert review.version.numero == 2 and review.alertes_socle == 1
    assert review.rapport["modifications_par_clause"] == {"csi_coll_sec_videoprotection": 1}
    assert accord.signatures.count() == 5 and {s.date.isoformat() for s in accord.signatures.all()} == {"2026-12-01"}
    avenant = accord.avenants.get()
    assert avenant.numero_avenant == 1 and avenant.versions.get().origine == "avenant"
    avenant_view = _ok("registre", "voir", avenant.reference).stdout
    assert f"Avenant n° 1 à {reference}" in avenant_view
    # every write is in the audit trail, with its author
    actions = list(m.Journal.objects.filter(accord=accord).values_list("action", flat=True))
    assert actions.count("version") == 3 and actions.count("statut") == 5 and "relecture" in actions
    assert set(m.Journal.objects.values_list("auteur", flat=True)) == {"Agent de test"}
    # the stored files are the generated ones, named by their hash
    from generator.registre.services import lire_fichier

    assert lire_fichier(accord.versions.get(numero=1)) == drafts[0].read_bytes()


def test_sans_registre_records_nothing_and_a_broken_registry_never_loses_the_file(registre, tmp_path):
    from generator.registre import models as m

    out = tmp_path / "contrat.docx"
    _ok("generer", "csi", "-r", str(EXEMPLE_CSI), "-o", str(out), "--sans-registre")
    assert out.exists() and m.Accord.objects.count() == 0

    broken = tmp_path / "ailleurs.docx"
    done = lancer_cli("--registre", "postgresql://personne@127.0.0.1:1/rien?connect_timeout=2",
                      "generer", "csi", "-r", str(EXEMPLE_CSI), "-o", str(broken))
    assert done.returncode == 0 and broken.exists()
    assert "n'a pas été enregistré au registre" in done.stderr and "continuum registre joindre" in done.stderr

    # attached later: the document finds its agreement by itself once that one exists
    _ok("generer", "csi", "-r", str(EXEMPLE_CSI), "-o", str(tmp_path / "premier.docx"))
    reference = m.Accord.objects.get().reference
    joined = _ok("registre", "joindre", str(broken), "--accord", reference)
    assert f"joint à {reference} (version 2" in joined.stdout
    assert m.Version.objects.filter(origine="joindre").count() == 1


def test_deleting_needs_confirmation_and_stays_in_the_audit_trail(registre, tmp_path):
    from generator.registre import models as m

    _ok("generer", "csi", "-r", str(EXEMPLE_CSI), "-o", str(tmp_path / "c.docx"))
    reference = m.Accord.objects.get().reference
    refused = lancer_cli("registre", "supprimer", reference)
    assert refused.returncode == 7 and "--confirmer" in refused.stderr
    _ok("registre", "supprimer", reference, "--confirmer", "--motif", "doublon")
    assert "0 accord." in _ok("registre", "lister").stdout
    entry = m.Journal.objects.get(action="suppression")
    assert entry.detail["reference"] == reference and entry.detail["motif"] == "doublon"
    missing = lancer_cli("registre", "voir", reference)
    assert missing.returncode == 7 and "aucun accord" in missing.stderr
