"""Review rounds: what `continuum relire` read back, attached to the version it came from."""

from __future__ import annotations

from collections import Counter

from generator.registre import models as m
from generator.registre import stockage
from generator.registre.services import statuts
from generator.registre.services.ecriture import auteur_par_defaut, journaliser, transaction_ecriture
from generator.registre.services.versions import proprietes_docx, version_par_proprietes


def resume(rapport) -> dict:
    """Counts by clause, comments, socle alerts and reviewers of a :class:`relecture.Rapport`."""
    changes = Counter(c.clause or "hors clause" for c in rapport.modifications)
    comments = Counter(c.clause or "hors clause" for c in rapport.commentaires)
    reviewers = sorted({c.auteur for c in rapport.modifications + rapport.commentaires if c.auteur})
    return {
        "fichier": rapport.fichier,
        "identifiant": rapport.identifiant,
        "statut_document": rapport.statut,
        "modifications": len(rapport.modifications),
        "commentaires": len(rapport.commentaires),
        "modifications_par_clause": dict(sorted(changes.items())),
        "commentaires_par_clause": dict(sorted(comments.items())),
        "alertes": [{"clause": a.clause, "titre": a.titre, "source": a.source, "modifications": a.modifications}
                    for a in rapport.alertes],
        "relecteurs": reviewers,
    }


def enregistrer_relecture(rapport, contenu: bytes, *, auteur: str = "") -> m.Relecture | None:
    """Record a review round when the document comes from the registry; None otherwise.

    An agreement still « projet » or « en concertation » moves to « relu ».
    """
    version = version_par_proprietes(proprietes_docx(contenu) | {"identifiant": rapport.identifiant})
    if version is None:
        return None
    summary = resume(rapport)
    recorder = auteur or auteur_par_defaut()
    sha, _relative = stockage.stocker(contenu, "docx")
    with transaction_ecriture():
        accord = m.Accord.objects.select_for_update().get(pk=version.accord_id)
        review = m.Relecture.objects.create(accord=accord, version=version,
                                            auteur=", ".join(summary["relecteurs"])[:150] or recorder,
                                            rapport=summary, alertes_socle=len(rapport.alertes), fichier=sha)
        journaliser(accord, "relecture", recorder, version=version.numero, modifications=summary["modifications"],
                    commentaires=summary["commentaires"], alertes_socle=len(rapport.alertes), sha256=sha)
    if accord.statut in (m.PROJET, m.EN_CONCERTATION):
        statuts.changer_statut(accord, m.RELU, auteur=recorder,
                               motif=f"relecture de la version {version.numero} enregistrée")
        review.accord.refresh_from_db()
    return review
