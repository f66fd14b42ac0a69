"""Signatory roles: gendered titles and how each role is designated."""

from __future__ import annotations


# role -> (masculine, feminine) title
TITRES = {
    "prefet": ("préfet", "préfète"),
    "maire": ("maire", "maire"),
    "procureur": ("procureur de la République", "procureure de la République"),
    "recteur": ("recteur", "rectrice"),
    "dasen": ("directeur académique des services de l'éducation nationale",
              "directrice académique des services de l'éducation nationale"),
    "president_epci": ("président", "présidente"),
    "directeur_police": ("directeur départemental de la police nationale", "directrice départementale de la police nationale"),
    "commandant_gendarmerie": ("commandant du groupement de gendarmerie départementale",
                               "commandante du groupement de gendarmerie départementale"),
}


def est_feminin(personne: dict) -> bool:
    return personne.get("civilite") == "Mme"


def titre(role: str, personne: dict, titres: tuple[str, str] | None = None) -> str:
    """The gendered title of ``role``; ``titres`` (masculine, feminine) replaces the table's (police directions)."""
    masculine, feminine = titres or TITRES[role]
    return feminine if est_feminin(personne) else masculine


def article_defini(mot: str, feminin: bool) -> str:
    """ "le préfet", "la préfète", "l'inspecteur"."""
    if mot[:1].lower() in "aeiouyéèêh":
        return f"l'{mot}"
    return f"{'la' if feminin else 'le'} {mot}"


def qualite(role: str, personne: dict, complement: str = "", titres: tuple[str, str] | None = None) -> str:
    """The office held, without article: "préfet de la Seine-Maritime".

    ``complement`` is the place part, already contracted by the caller:
    "de la Seine-Maritime", "près le tribunal judiciaire du Havre".
    """
    base = titre(role, personne, titres)
    return f"{base} {complement}".strip()
