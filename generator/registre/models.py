"""Registry models: agreements, their versions, status changes, reviews and audit trail.

Names are the contract with the web workspace (``generator.web``); fields may be
added by new migrations, never renamed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

# Lifecycle, in order; the last three are terminal alternatives.
PROJET, EN_CONCERTATION, RELU, SIGNE, PUBLIE, EN_VIGUEUR = (
    "projet", "en_concertation", "relu", "signe", "publie", "en_vigueur")
ECHU, DENONCE, REMPLACE = "echu", "denonce", "remplace"
STATUTS = [
    (PROJET, "projet"), (EN_CONCERTATION, "en concertation"), (RELU, "relu"), (SIGNE, "signé"),
    (PUBLIE, "publié"), (EN_VIGUEUR, "en vigueur"), (ECHU, "échu"), (DENONCE, "dénoncé"), (REMPLACE, "remplacé"),
]
ORDRE_STATUTS = {code: rang for rang, (code, _) in enumerate(STATUTS[:6])} | {ECHU: 6, DENONCE: 6, REMPLACE: 6}
LIBELLES_STATUTS = dict(STATUTS)

ORIGINES = [("generer", "generer"), ("lot", "lot"), ("avenant", "avenant"), ("comparer", "comparer"),
            ("joindre", "joindre"), ("web", "web")]
FORMATS = [("docx", "Word (.docx)"), ("pdf", "PDF"), ("odt", "OpenDocument (.odt)")]
FORCES = [("police", "police nationale"), ("gendarmerie", "gendarmerie nationale"), ("mixte", "police et gendarmerie"),
          ("", "non précisée")]


class Service(models.Model):
    """A préfecture, a commune or an EPCI that owns or is party to agreements."""

    NATURES = [("prefecture", "préfecture"), ("commune", "commune"), ("epci", "EPCI")]
    nom = models.CharField("nom", max_length=200)
    nature = models.CharField("nature", max_length=20, choices=NATURES)
    code = models.CharField("code", max_length=20, help_text="Département, code INSEE ou SIREN.")

    class Meta:
        verbose_name = "service"
        constraints = [models.UniqueConstraint(fields=["nature", "code"], name="service_nature_code_unique")]

    def __str__(self) -> str:
        return self.nom


class Profil(models.Model):
    ROLES = [("redacteur", "rédacteur"), ("relecteur", "relecteur")]
    utilisateur = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profil",
                                       verbose_name="utilisateur")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="profils", verbose_name="service")
    role = models.CharField("rôle", max_length=20, choices=ROLES, default="redacteur")

    class Meta:
        verbose_name = "profil"

    def __str__(self) -> str:
        return f"{self.utilisateur} ({self.service})"


class Accord(models.Model):
    """One contract, convention, arrêté or plan, whatever its number of versions."""

    reference = models.CharField("référence", max_length=60, unique=True)
    type_document = models.CharField("type de document", max_length=30, db_index=True)
    intitule = models.CharField("intitulé", max_length=500, blank=True)
    numero_acte = models.CharField("numéro d'acte", max_length=100, blank=True)
    departement = models.CharField("département", max_length=3, blank=True, db_index=True)
    zone = models.CharField("zone", max_length=300, blank=True)
    cle_territoire = models.CharField("clé de territoire", max_length=500, blank=True, db_index=True,
                                      help_text="Type, territoire et objet : sert à retrouver l'accord à la génération suivante.")
    force = models.CharField("force de l'État", max_length=20, choices=FORCES, blank=True)
    parties = models.JSONField("parties", default=list, blank=True)
    signataires = models.JSONField("signataires", default=list, blank=True)
    service = models.ForeignKey(Service, on_delete=models.SET_NULL, null=True, blank=True, related_name="accords",
                                verbose_name="service propriétaire")
    reponses = models.JSONField("réponses en cours", default=dict, blank=True)
    statut = models.CharField("statut", max_length=20, choices=STATUTS, default=PROJET, db_index=True)
    remplace = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="remplacants",
                                 verbose_name="renouvelle ou remplace")
    accord_initial = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="avenants",
                                       verbose_name="accord modifié (avenant)")
    numero_avenant = models.PositiveIntegerField("numéro d'avenant", null=True, blank=True)
    date_diagnostic = models.DateField("date du diagnostic", null=True, blank=True)
    date_avis_procureur = models.DateField("date de l'avis du procureur", null=True, blank=True)
    date_signature = models.DateField("date de signature", null=True, blank=True)
    date_entree_vigueur = models.DateField("date d'entrée en vigueur", null=True, blank=True)
    date_echeance = models.DateField("date d'échéance", null=True, blank=True)
    terme = models.CharField("terme (rédaction)", max_length=300, blank=True)
    preavis_mois = models.PositiveIntegerField("préavis (mois)", null=True, blank=True)
    date_fin = models.DateField("date de fin (dénonciation)", null=True, blank=True)
    raa = models.CharField("référence au recueil des actes administratifs", max_length=200, blank=True)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)
    supprime = models.BooleanField("supprimé", default=False, db_index=True)

    class Meta:
        verbose_name = "accord"
        ordering = ["reference"]
        constraints = [models.UniqueConstraint(fields=["accord_initial", "numero_avenant"], name="avenant_numero_unique")]

    def __str__(self) -> str:
        return f"{self.reference} — {self.intitule}" if self.intitule else self.reference

    @property
    def libelle_statut(self) -> str:
        return LIBELLES_STATUTS.get(self.statut, self.statut)


class AccordCommune(models.Model):
    accord = models.ForeignKey(Accord, on_delete=models.CASCADE, related_name="communes")
    code_insee = models.CharField("code INSEE", max_length=5, db_index=True)

    class Meta:
        verbose_name = "commune couverte"
        constraints = [models.UniqueConstraint(fields=["accord", "code_insee"], name="accord_commune_unique")]


class AccordEpci(models.Model):
    accord = models.ForeignKey(Accord, on_delete=models.CASCADE, related_name="epcis")
    siren = models.CharField("SIREN", max_length=9, db_index=True)

    class Meta:
        verbose_name = "EPCI couvert"
        constraints = [models.UniqueConstraint(fields=["accord", "siren"], name="accord_epci_unique")]


class AccordPartie(models.Model):
    accord = models.ForeignKey(Accord, on_delete=models.CASCADE, related_name="services_parties")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="accords_parties")

    class Meta:
        verbose_name = "service partie"
        constraints = [models.UniqueConstraint(fields=["accord", "service"], name="accord_partie_unique")]


class Version(models.Model):
    """One generated (or attached) file of an agreement."""

    accord = models.ForeignKey(Accord, on_delete=models.CASCADE, related_name="versions")
    numero = models.PositiveIntegerField("numéro")
    reponses = models.JSONField("réponses", default=dict, blank=True)
    brouillon = models.BooleanField("projet", default=True)
    clauses = models.JSONField("clauses", default=list, blank=True)
    identifiant = models.CharField("identifiant Continuum", max_length=100, blank=True, db_index=True)
    uuid = models.CharField("identifiant de version", max_length=40, blank=True, db_index=True)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    fichier = models.CharField("fichier stocké", max_length=200)
    taille = models.PositiveBigIntegerField("taille (octets)", default=0)
    nom_original = models.CharField("nom d'origine", max_length=300, blank=True)
    format = models.CharField("format", max_length=10, choices=FORMATS, default="docx")
    auteur = models.CharField("auteur", max_length=150, blank=True)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    origine = models.CharField("origine", max_length=20, choices=ORIGINES)

    class Meta:
        verbose_name = "version"
        ordering = ["accord", "numero"]
        constraints = [models.UniqueConstraint(fields=["accord", "numero"], name="version_numero_unique")]

    def __str__(self) -> str:
        return f"{self.accord.reference} v{self.numero}"


class Signature(models.Model):
    accord = models.ForeignKey(Accord, on_delete=models.CASCADE, related_name="signatures")
    signataire = models.CharField("signataire", max_length=200)
    qualite = models.CharField("qualité", max_length=300, blank=True)
    date = models.DateField("date", null=True, blank=True)

    class Meta:
        verbose_name = "signature"
        ordering = ["date", "id"]


class ChangementStatut(models.Model):
    accord = models.ForeignKey(Accord, on_delete=models.CASCADE, related_name="changements")
    ancien = models.CharField("ancien statut", max_length=20, choices=STATUTS, blank=True)
    nouveau = models.CharField("nouveau statut", max_length=20, choices=STATUTS)
    date_effet = models.DateField("date d'effet")
    motif = models.TextField("motif", blank=True)
    raa = models.CharField("RAA", max_length=200, blank=True)
    auteur = models.CharField("auteur", max_length=150, blank=True)
    horodatage = models.DateTimeField("horodatage", auto_now_add=True)

    class Meta:
        verbose_name = "changement de statut"
        verbose_name_plural = "changements de statut"
        ordering = ["horodatage", "id"]


class Relecture(models.Model):
    accord = models.ForeignKey(Accord, on_delete=models.CASCADE, related_name="relectures")
    version = models.ForeignKey(Version, on_delete=models.SET_NULL, null=True, blank=True, related_name="relectures")
    auteur = models.CharField("auteur", max_length=150, blank=True)
    horodatage = models.DateTimeField("horodatage", auto_now_add=True)
    rapport = models.JSONField("rapport", default=dict)
    alertes_socle = models.PositiveIntegerField("alertes sur le socle", default=0)
    fichier = models.CharField("SHA-256 du fichier relu", max_length=64, blank=True)

    class Meta:
        verbose_name = "relecture"
        ordering = ["horodatage", "id"]


class Reunion(models.Model):
    """A meeting of the état-major de sécurité, for the semestrial count."""

    departement = models.CharField("département", max_length=3, db_index=True)
    date = models.DateField("date")
    accord = models.ForeignKey(Accord, on_delete=models.SET_NULL, null=True, blank=True, related_name="reunions")

    class Meta:
        verbose_name = "réunion de l'état-major de sécurité"
        verbose_name_plural = "réunions de l'état-major de sécurité"
        constraints = [models.UniqueConstraint(fields=["departement", "date"], name="reunion_unique")]


class Journal(models.Model):
    """Audit trail: every write to the registry, with who and when."""

    accord = models.ForeignKey(Accord, on_delete=models.SET_NULL, null=True, blank=True, related_name="journal")
    action = models.CharField("action", max_length=40)
    detail = models.JSONField("détail", default=dict, blank=True)
    auteur = models.CharField("auteur", max_length=150, blank=True)
    horodatage = models.DateTimeField("horodatage", auto_now_add=True)

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "journal"
        ordering = ["horodatage", "id"]
