"""Batches in the workspace: the CLI's ``generator.lot`` run by the background worker.

1. The uploaded table (and the optional shared answers) is stored by hash, then
   every row is validated by ``lot.execution.verifier``, nothing written: each
   bad row is listed with its column and value.
2. « Lancer » runs ``lot.execution.executer`` in the batch's own folder (named
   by its database id), with a progress counter the page polls.
3. The documents (and their PDF) are zipped; the ZIP, the dossier PDF and the
   manifest are stored by hash for download. A bad row never stops the others."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

from django.db.models import F

from generator.erreurs import ContinuumError
from generator.lot import execution
from generator.registre.enregistrement import lot_enregistre
from generator.web import fichiers
from generator.web.models import ECHEC, Lot


def _tableau(lot: Lot, dossier: Path) -> Path:
    dossier.mkdir(parents=True, exist_ok=True)
    path = dossier / f"tableau.{lot.extension}"
    path.write_bytes(fichiers.lire(lot.tableau, lot.extension))
    return path


def _lignes_du_manifeste(dossier: Path) -> list[dict]:
    try:
        return json.loads((dossier / "manifeste.json").read_text(encoding="utf-8"))["lignes"]
    except (OSError, ValueError, KeyError):
        return []


def _base(lot: Lot, dossier: Path) -> Path | None:
    if not lot.base:
        return None
    path = dossier / "reponses-communes.yaml"
    path.write_bytes(fichiers.lire(lot.base, "yaml"))
    return path


def _options(lot: Lot, tableau: Path, sortie: Path, complet: bool) -> execution.Options:
    return execution.Options(type_document=lot.type_document, tableau=tableau, sortie=sortie, travailleurs=1,
                             base=_base(lot, tableau.parent),
                             forcer=True, pdf=complet and lot.avec_pdf, dossier=complet and lot.avec_pdf,
                             brouillon=lot.brouillon, ecraser=True)


def valider(lot_id: int) -> str:
    lot = Lot.objects.get(pk=lot_id)
    work = fichiers.dossier_de_lot(lot.pk) / "validation"
    shutil.rmtree(work, ignore_errors=True)

    try:  # every row validated, nothing written
        rows = execution.verifier(_options(lot, _tableau(lot, work), work / "sortie", False))
    except ContinuumError as exc:
        lot.etat, lot.erreur = ECHEC, str(exc)
        lot.save()
        return lot.etat
    lot.total = len(rows)
    lot.problemes = [{"ligne": r.ligne, "libelle": r.libelle, "erreurs": r.erreurs}
                     for r in rows if r.statut == "erreur"]
    lot.valides = lot.total - len(lot.problemes)
    lot.etat = Lot.VALIDE
    lot.save()
    return lot.etat


def produire(lot_id: int) -> str:
    lot = Lot.objects.get(pk=lot_id)
    root = fichiers.dossier_de_lot(lot.pk)
    sortie = root / "documents"
    shutil.rmtree(sortie, ignore_errors=True)

    def debut(total: int):
        Lot.objects.filter(pk=lot.pk).update(valides=total, faits=0)

        def tick(count: int) -> None:
            Lot.objects.filter(pk=lot.pk).update(faits=F("faits") + count)
        return tick

    try:
        with lot_enregistre(lot.service_id, lot.auteur.get_username() if lot.auteur else ""):
            bilan = execution.executer(_options(lot, _tableau(lot, root), sortie, True), progression_debut=debut)
    except ContinuumError as exc:
        Lot.objects.filter(pk=lot.pk).update(etat=ECHEC, erreur=str(exc))
        return ECHEC
    lot.refresh_from_db()
    rows = _lignes_du_manifeste(sortie)
    lot.manifeste = [{k: r.get(k) for k in ("ligne", "libelle", "statut", "fichier", "pdf", "erreurs", "avertissements")}
                     for r in rows]
    lot.problemes = [{"ligne": r["ligne"], "libelle": r["libelle"], "erreurs": r["erreurs"]}
                     for r in rows if r["statut"] == "erreur"]
    lot.archive = fichiers.stocker(_zip(sortie, rows), "zip")
    if (sortie / "manifeste.csv").exists():
        lot.manifeste_csv = fichiers.stocker((sortie / "manifeste.csv").read_bytes(), "csv")
    if bilan.dossier is not None and bilan.dossier.exists():
        lot.dossier = fichiers.stocker(bilan.dossier.read_bytes(), "pdf")
    lot.erreur = bilan.erreur_dossier if lot.avec_pdf else ""
    lot.etat = Lot.TERMINE
    lot.save()
    return lot.etat


def _zip(sortie: Path, rows: list[dict]) -> bytes:
    """The documents of the rows produced (and their PDF), with the manifest."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for row in rows:
            for name in (row.get("fichier"), row.get("pdf")):
                if name and row["statut"] != "erreur" and (sortie / name).is_file() and "/" not in name:
                    archive.write(sortie / name, name)
        for name in ("manifeste.csv", "manifeste.json"):
            if (sortie / name).is_file():
                archive.write(sortie / name, name)
    return buffer.getvalue()
