"""Django forms of the workspace: uploads (bounded) and status changes."""

from __future__ import annotations

import re

from django import forms

from generator.registre import models as m
from generator.web.reglages import TAILLE_MAX_TELEVERSEMENT

_SIGNATURES = {"yaml": b"", "docx": b"PK\x03\x04", "odt": b"PK\x03\x04", "xlsx": b"PK\x03\x04", "pdf": b"%PDF-"}


class FormulaireFichier(forms.Form):
    """One uploaded file: size bounded, extension and magic bytes checked; its name is display only."""

    fichier = forms.FileField(label="Fichier", error_messages={"required": "Choisissez un fichier à envoyer."})

    def __init__(self, *args, extensions: tuple[str, ...], champ: str = "fichier", requis: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.extensions = extensions
        if champ != "fichier":
            self.fields[champ] = self.fields.pop("fichier")
            setattr(self, f"clean_{champ}", self.clean_fichier)
        self.champ = champ
        self.fields[champ].required = requis

    def clean_fichier(self):
        upload = self.cleaned_data[self.champ]
        if upload is None:
            return None
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in self.extensions:
            raise forms.ValidationError(
                f"« {upload.name} » : format non accepté ; attendu : {', '.join('.' + e for e in self.extensions)}")
        if upload.size > TAILLE_MAX_TELEVERSEMENT:
            raise forms.ValidationError(
                f"« {upload.name} » : fichier trop volumineux (au plus {TAILLE_MAX_TELEVERSEMENT // 1024 // 1024} Mo)")
        head = upload.read(8)
        upload.seek(0)
        expected = _SIGNATURES.get(extension)
        if expected and not head.startswith(expected):
            raise forms.ValidationError(f"« {upload.name} » : le contenu n'est pas un fichier .{extension} valide")
        self.extension = extension
        return upload

    def nom_sur(self) -> str:
        """The original name reduced to safe characters (shown and recorded, never used as a path)."""
        name = self.cleaned_data[self.champ].name.replace("\\", "/").rsplit("/", 1)[-1]
        return re.sub(r"[^\w.\- ]+", "_", name)[:200] or f"fichier.{self.extension}"

    def message_erreur(self) -> str:
        return " ".join(str(e) for errors in self.errors.values() for e in errors)


class FormulaireStatut(forms.Form):
    nouveau = forms.ChoiceField(label="Nouveau statut", choices=m.STATUTS)
    date = forms.DateField(label="Date d'effet", required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                           error_messages={"invalid": "Date d'effet invalide (attendu JJ/MM/AAAA)."})
    motif = forms.CharField(label="Motif (obligatoire pour revenir en arrière)", required=False, max_length=2000)
    raa = forms.CharField(label="Référence au recueil des actes administratifs (publication)", required=False,
                          max_length=200)
