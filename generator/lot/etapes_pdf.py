"""The PDF stages of a batch, once every document is written: conversion (``--pdf``), then the merged
dossier (``--dossier``). The conversion itself is generator/lot/pdf.py, the merge generator/lot/dossier.py."""

from __future__ import annotations

from pathlib import Path

from generator import __version__
from generator.accords import nombre
from generator.ecriture import synchroniser_dossier
from generator.erreurs import ContinuumError
from generator.lot import manifeste, pdf
from generator.lot.bilan import Bilan
from generator.lot.empreintes_lot import sha256_fichier
from generator.lot.nommage import Nommeur
from generator.lot.options import Options
from generator.plan import Plan


def convertir_en_pdf(options: Options, journal: manifeste.Journal, bilan: Bilan,
                     convertisseur: pdf.Convertisseur) -> None:
    """Convert what needs it, with the LibreOffices started when the batch began; an unchanged row keeps
    its PDF only if the PDF's hash is the recorded one."""
    namer = Nommeur(options.sortie, options.type_document)
    wanted: dict[Path, manifeste.Entree] = {}
    for row in journal.lignes():
        entry = manifeste.Entree(**row)
        if entry.statut not in (manifeste.GENERE, manifeste.INCHANGE):
            bilan.noter(entry)
            continue
        pdf_path = namer.chemin(Path(entry.fichier).with_suffix(".pdf").name)
        reusable = (entry.statut == manifeste.INCHANGE and entry.pdf == pdf_path.name and entry.pdf_sha256
                    and pdf_path.exists() and sha256_fichier(pdf_path) == entry.pdf_sha256)
        if reusable:
            bilan.noter(entry)
        else:
            entry.pdf, entry.pdf_sha256 = "", ""
            wanted[namer.chemin(entry.fichier)] = entry
    for source, result in convertisseur.convertir(list(wanted)).items():
        entry = wanted[source]
        if isinstance(result, str):
            entry.statut = manifeste.ERREUR
            entry.erreurs.append(f"ligne {entry.ligne} : {result}")
        else:
            entry.pdf, entry.pdf_sha256 = result.name, sha256_fichier(result)
        journal.noter(entry)
        bilan.noter(entry)
    synchroniser_dossier(options.sortie)


def reunir_le_dossier(options: Options, plan: Plan, journal: manifeste.Journal, bilan: Bilan) -> None:
    """Every PDF of the batch (rows in error aside) merged into dossier-<type>.pdf; a failure is told in ``bilan``."""
    from generator.lot import dossier as dossier_pdf  # pypdf: loaded only for --dossier

    namer = Nommeur(options.sortie, options.type_document)
    pieces = [dossier_pdf.Piece(row["libelle"], f"ligne {row['ligne']}", namer.chemin(row["pdf"]))
              for row in journal.lignes() if row["pdf"] and row["statut"] != manifeste.ERREUR]
    if not pieces:
        bilan.erreur_dossier = "aucun PDF à réunir"
        return
    destination = options.sortie / f"dossier-{plan.type_document}.pdf"
    try:
        bilan.pages_dossier = dossier_pdf.assembler(
            pieces, destination, plan.modele, plan.intitule, options.brouillon,
            {"Title": f"Dossier – {plan.intitule}", "Author": "Continuum", "Subject": nombre(len(pieces), "document"),
             "Keywords": f"continuum; {plan.type_document}; {'projet' if options.brouillon else 'définitif'}",
             "Creator": f"Continuum {__version__}"},
        )
    except ContinuumError as exc:
        bilan.erreur_dossier = str(exc)
        return
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on a damaged PDF
        bilan.erreur_dossier = f"assemblage des PDF impossible ({type(exc).__name__})"
        return
    bilan.dossier = destination
