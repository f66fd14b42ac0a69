"""Reading the reference extract quickly: its 34 969 communes decoded one département at a time.

Parsing the whole 2 MB extract costs about 50 ms at every start of a process, for documents that
name a handful of communes. The extract is split once (kept in the disk cache, keyed on the file's
bytes and this module's code) into the small tables, decoded at once, and one JSON text of communes
per département, decoded on the first look-up of one of its communes (the last ones used stay decoded). A
commune's INSEE code begins
with its département's code (two characters, three overseas), which says which text to decode.
Without the disk cache, the extract is parsed whole, as before.
"""

from __future__ import annotations

import json
import marshal
from collections.abc import Iterator, Mapping
from pathlib import Path

from generator import cache_disque, empreintes_fichiers
from generator.reserve_bornee import ReserveBornee

DEPARTEMENTS_GARDES = 16  # départements kept decoded: a batch of the whole of France stays flat in memory


class CommunesParDepartement(Mapping):
    """INSEE code → the commune's row (nom, tncc, département, population, EPCI), per département."""

    def __init__(self, textes: dict[str, str] | None = None, decodees: dict[str, dict] | None = None):
        self._textes = textes or {}
        self._decodees: dict[str, dict] = dict(decodees or {})  # all of them, when there are no texts
        self._recentes: ReserveBornee[dict] = ReserveBornee(DEPARTEMENTS_GARDES)  # decoded from their texts
        self._codes = tuple(self._textes) if textes is not None else tuple(self._decodees)

    @classmethod
    def depuis_lignes(cls, communes: dict[str, list]) -> CommunesParDepartement:
        """From the extract's whole ``communes`` table, already decoded."""
        grouped: dict[str, dict] = {}
        for code, row in communes.items():
            grouped.setdefault(row[2], {})[code] = row
        return cls(decodees=grouped)

    def textes(self) -> dict[str, str]:
        """One JSON text per département (what the disk cache keeps)."""
        return {code: self._textes.get(code) or json.dumps(self.du_departement(code), ensure_ascii=False)
                for code in self._codes}

    def du_departement(self, code: str) -> dict[str, list]:
        """The communes of one département (empty for an unknown code)."""
        rows = self._decodees.get(code) if self._decodees else self._recentes.lire(code)
        if rows is None:
            text = self._textes.get(code)
            rows = json.loads(text) if text else {}
            if text:
                self._recentes.garder(code, rows)
        return rows

    def _departement_du_code(self, code: str) -> str:
        return code[:3] if code[:3] in self._textes or code[:3] in self._decodees else code[:2]

    def __getitem__(self, code: str) -> list:
        if not isinstance(code, str):
            raise KeyError(code)
        return self.du_departement(self._departement_du_code(code))[code]

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self.du_departement(self._departement_du_code(code))

    def __iter__(self) -> Iterator[str]:
        for departement in self._codes:
            yield from self.du_departement(departement)

    def __len__(self) -> int:
        return sum(len(self.du_departement(code)) for code in self._codes)


def _decouper(raw: dict) -> dict:
    """The extract with its communes as one JSON text per département, and its EPCI as one JSON text."""
    communes = CommunesParDepartement.depuis_lignes(raw["communes"])
    return {**{key: value for key, value in raw.items() if key not in ("communes", "epci")},
            "communes": communes.textes(), "epci": json.dumps(raw["epci"], ensure_ascii=False)}


def _parties(path: Path) -> tuple[str, ...]:
    return ("referentiel", empreintes_fichiers.empreinte_fichier(__file__), empreintes_fichiers.sha256(path))


def lire_extrait(path: Path) -> tuple[dict, CommunesParDepartement]:
    """(the extract's other tables, its communes) of the JSON extract at ``path``; the ``epci`` table may be
    a JSON text, decoded by :func:`epci` when first needed. The file is read only when the disk cache does
    not hold it (its SHA-256 is remembered under its stat: empreintes_fichiers)."""
    if cache_disque.dossier() is None:
        raw = json.loads(path.read_bytes())
        return raw, CommunesParDepartement.depuis_lignes(raw["communes"])
    parsed: list[dict] = []

    def parse() -> dict:
        parsed.append(json.loads(path.read_bytes()))
        return _decouper(parsed[0])

    split = cache_disque.obtenir(_parties(path), parse, marshal.dumps, _depuis_marshal,
                                 parties_apres=lambda: _parties(path))
    if parsed:  # computed in this process: the rows are already decoded
        raw = parsed[0]
        return raw, CommunesParDepartement.depuis_lignes(raw["communes"])
    return split, CommunesParDepartement(textes=split["communes"])


def epci(table: dict | str) -> dict:
    """The EPCI table, decoded if it is still a JSON text."""
    return json.loads(table) if isinstance(table, str) else table


def _depuis_marshal(data: bytes) -> dict:
    value = marshal.loads(data)
    if not isinstance(value, dict) or not isinstance(value.get("communes"), dict):
        raise TypeError("extrait du référentiel mal formé")
    return value
