"""Versions: every generated or attached file of an agreement, stored by its SHA-256."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from django.db.models import Max

from generator.erreurs import RegistreErreur
from generator.registre import models as m
from generator.registre import stockage
from generator.registre.services import accords as services_accords
from generator.registre.services.ecriture import auteur_par_defaut, journaliser, transaction_ecriture

TAILLE_MAX = 100 * 1024 * 1024
_SIGNATURES = {"docx": b"PK\x03\x04", "odt": b"PK\x03\x04", "pdf": b"%PDF-"}


def _nouvelle_version(accord: m.Accord, fiche: dict, sha: str, relative: str, taille: int, *, origine: str,
                      auteur: str, nom_original: str, format_: str) -> m.Version:
    numero = (accord.versions.aggregate(n=Max("numero"))["n"] or 0) + 1
    version = m.Version.objects.create(
        accord=accord, numero=numero, reponses=fiche.get("reponses", {}), brouillon=fiche.get("brouillon", True),
        clauses=fiche.get("clauses", []), identifiant=fiche.get("identifiant", "")[:100],
        uuid=fiche.get("uuid", "")[:40], sha256=sha, fichier=relative, taille=taille,
        nom_original=nom_original[:300], format=format_, auteur=auteur, origine=origine)
    journaliser(accord, "version", auteur, numero=numero, origine=origine, sha256=sha, fichier=nom_original)
    return version


def _reunion(accord: m.Accord, fiche: dict) -> None:
    if fiche.get("date_reunion") and fiche.get("departement"):
        m.Reunion.objects.get_or_create(departement=fiche["departement"], date=dt.date.fromisoformat(fiche["date_reunion"]),
                                        defaults={"accord": accord})


def enregistrer_fiche(fiche: dict, contenu: bytes, *, origine: str, auteur: str = "", accord: m.Accord | None = None,
                      service: m.Service | None = None, format: str = "docx", nom_original: str = "") -> m.Version:
    """Record one generation: its agreement (found or created), then a new version with the stored file."""
    auteur = auteur or auteur_par_defaut()
    sha, relative = stockage.stocker(contenu, format)  # before the transaction: a file without row is harmless
    with transaction_ecriture():
        if accord is None:
            accord, _created = services_accords.accord_pour_fiche(fiche, auteur=auteur, service=service)
        accord = m.Accord.objects.select_for_update().get(pk=accord.pk)
        services_accords.appliquer_fiche(accord, fiche)
        _reunion(accord, fiche)
        return _nouvelle_version(accord, fiche, sha, relative, len(contenu), origine=origine, auteur=auteur,
                                 nom_original=nom_original, format_=format)


def enregistrer_generation(type_document: str, reponses: dict, resultat, contenu: bytes, *, origine: str,
                           auteur: str = "", accord: m.Accord | None = None, service: m.Service | None = None,
                           format: str = "docx", nom_original: str = "") -> m.Version:
    """Record a :class:`generation.Resultat` (contract with the web workspace)."""
    from generator.registre.fiche import fiche_resultat

    return enregistrer_fiche(fiche_resultat(type_document, reponses, resultat), contenu, origine=origine,
                             auteur=auteur, accord=accord, service=service, format=format, nom_original=nom_original)


def enregistrer_avenant(fiche_ancienne: dict | None, fiche_nouvelle: dict, numero: int, effet: dt.date | None,
                        contenu: bytes, *, auteur: str = "", nom_original: str = "", initial: m.Accord | None = None,
                        service: m.Service | None = None) -> m.Version:
    """An avenant: a version of agreement « REF-AVn », linked to the agreement it amends.

    ``initial``: the agreement amended (the workspace knows it); otherwise it is found from the old
    answers (``fiche_ancienne``) among ``service``'s agreements. ``effet``: the effective date the
    avenant states, recorded as its entry into force (None keeps a date set by hand).
    """
    auteur = auteur or auteur_par_defaut()
    sha, relative = stockage.stocker(contenu, "docx")
    with transaction_ecriture():
        if initial is None:
            initial = services_accords.accord_initial_pour(fiche_ancienne, auteur=auteur, service=service)
        accord, _created = services_accords.avenant_pour(initial, numero, fiche_nouvelle, auteur=auteur)
        accord = m.Accord.objects.select_for_update().get(pk=accord.pk)
        services_accords.appliquer_fiche(accord, fiche_nouvelle)
        accord.intitule = f"Avenant n° {numero} – {initial.intitule}"[:500]
        accord.date_echeance = initial.date_echeance
        if effet is not None and accord.date_entree_vigueur != effet:
            journaliser(accord, "modification", auteur, champs={"date_entree_vigueur": [
                accord.date_entree_vigueur.isoformat() if accord.date_entree_vigueur else None, effet.isoformat()]},
                motif="date d'effet stipulée par l'avenant")
            accord.date_entree_vigueur = effet
        accord.save()
        return _nouvelle_version(accord, fiche_nouvelle, sha, relative, len(contenu), origine="avenant",
                                 auteur=auteur, nom_original=nom_original, format_="docx")


def _format(nom: str, contenu: bytes) -> str:
    extension = Path(nom).suffix.lower().lstrip(".")
    if extension not in stockage.EXTENSIONS:
        raise RegistreErreur(f"{nom} : format non accepté (« .{extension} ») ; attendu .docx, .pdf ou .odt")
    if not contenu.startswith(_SIGNATURES[extension]):
        raise RegistreErreur(f"{nom} : le contenu n'est pas un fichier .{extension} valide")
    return extension


def proprietes_docx(contenu: bytes) -> dict:
    """Continuum's core properties of a Word file (type, identifier, generation uuid), empty when unreadable."""
    import docx

    try:
        props = docx.Document(io.BytesIO(contenu)).core_properties
    except Exception:  # noqa: BLE001 - any unreadable package simply has no properties
        return {}
    return {"type_document": props.category or "", "identifiant": props.identifier or "", "uuid": props.version or "",
            "brouillon": (props.content_status or "") != "Version définitive", "intitule": props.title or ""}


def version_par_proprietes(proprietes: dict) -> m.Version | None:
    """The version a Word file comes from: by its generation uuid, else by an identifier only one agreement has."""
    if proprietes.get("uuid"):
        found = m.Version.objects.filter(uuid=proprietes["uuid"], accord__supprime=False).order_by("-numero").first()
        if found is not None:
            return found
    if proprietes.get("identifiant"):
        versions = m.Version.objects.filter(identifiant=proprietes["identifiant"], accord__supprime=False)
        if versions.values("accord").distinct().count() == 1:
            return versions.order_by("-numero").first()
    return None


def joindre(accord: m.Accord | None, source: Path | bytes, *, nom: str = "", auteur: str = "",
            brouillon: bool | None = None, origine: str = "joindre") -> m.Version:
    """Attach a file by hand (a document made before the registry, a signed PDF).

    Without ``accord``, a Continuum Word file is attached to the agreement it was generated for.
    """
    if isinstance(source, (bytes, bytearray)):
        contenu, nom = bytes(source), nom or "document"
    else:
        path = Path(source)
        try:
            if path.stat().st_size > TAILLE_MAX:
                raise RegistreErreur(f"{path} : fichier trop volumineux (plus de {TAILLE_MAX // 1024 // 1024} Mo)")
            contenu = path.read_bytes()
        except OSError as exc:
            raise RegistreErreur(f"{path} : fichier illisible ({exc.strerror or exc})") from None
        nom = nom or path.name
    format_ = _format(nom, contenu)
    props = proprietes_docx(contenu) if format_ == "docx" else {}
    if accord is None:
        origin = version_par_proprietes(props)
        if origin is None:
            raise RegistreErreur(f"{nom} : ce document ne porte pas d'identifiant connu du registre ; "
                                 "indiquez l'accord (--accord REFERENCE)")
        accord = origin.accord
    fiche = {"reponses": {}, "clauses": [], "identifiant": props.get("identifiant", ""), "uuid": props.get("uuid", ""),
             "brouillon": props.get("brouillon", True) if brouillon is None else brouillon}
    auteur = auteur or auteur_par_defaut()
    sha, relative = stockage.stocker(contenu, format_)
    with transaction_ecriture():
        locked = m.Accord.objects.select_for_update().get(pk=accord.pk)
        return _nouvelle_version(locked, fiche, sha, relative, len(contenu), origine=origine, auteur=auteur,
                                 nom_original=nom, format_=format_)


def lire_fichier(version: m.Version) -> bytes:
    """The stored file of a version, checked against its SHA-256."""
    return stockage.lire(version.fichier, version.sha256)
