"""The batch's shared answers validated once (generator/questionnaire/reponses_partagees.py), and the
reference extract decoded one département at a time (generator/referentiel_lecture.py)."""

from __future__ import annotations

import json

from generator import referentiel, referentiel_lecture
from generator.generation import valider_reponses
from generator.lot import colonnes
from generator.plan import charger_plan
from generator.questionnaire import reponses_partagees
from generator.questionnaire.definition import charger_questionnaire
from generator.questionnaire.validation import Validateur
from tests.conftest import reponses_exemple

PLAN = charger_plan("clcs")


def _rows(base: dict, names: list[str]) -> list[dict]:
    by_name = {c.nom: c for c in colonnes.colonnes(charger_questionnaire(PLAN.questionnaire))}
    return [colonnes.reponses_de_la_ligne({"zone.nom": name}, by_name, base) for name in names]


def _valider(reponses: dict):
    validator = Validateur(charger_questionnaire(PLAN.questionnaire), referentiel.charger())
    return validator.valider(reponses)


def test_rows_validated_with_the_shared_answers_kept_give_what_each_row_gives_alone():
    base = reponses_exemple("clcs-vatine.yaml")
    rows = _rows(base, ["Zone A", "Zone B", "Zone C"])
    alone = [_valider(row) for row in rows]
    with reponses_partagees.partager(base):
        shared = [_valider(row) for row in rows]
        again = _valider(rows[1])
    assert shared == alone and again == alone[1]
    assert [values["zone"]["nom"] for values, _problems in shared] == ["Zone A", "Zone B", "Zone C"]
    # the signatories' part, untouched by the rows, was validated once: the very same normalised value
    assert shared[0][0]["signataires"] is shared[2][0]["signataires"]
    assert alone[0][0]["signataires"] is not alone[2][0]["signataires"]


def test_a_problem_of_the_shared_answers_is_reported_for_every_row():
    base = reponses_exemple("clcs-vatine.yaml")
    base["signataires"]["prefet"]["civilite"] = "Monseigneur"
    rows = _rows(base, ["Zone A", "Zone B"])
    with reponses_partagees.partager(base):
        problems = [_valider(row)[1] for row in rows]
    assert all([p.champ for p in found] == ["signataires.prefet.civilite"] for found in problems)
    assert problems[0] == problems[1] == _valider(rows[0])[1]


def test_outside_a_batch_answers_edited_in_place_are_validated_again():
    answers = reponses_exemple("clcs-vatine.yaml")
    with reponses_partagees.partager(answers):
        assert _valider(answers)[1] == []
    answers["signataires"]["prefet"]["civilite"] = "Monseigneur"  # after the batch: nothing kept
    assert [p.champ for p in _valider(answers)[1]] == ["signataires.prefet.civilite"]
    assert not reponses_partagees.partagee(answers["signataires"])


def test_the_answers_size_counts_a_shared_part_as_its_content():
    from generator.questionnaire.validation import _volume

    base = reponses_exemple("clcs-vatine.yaml")
    row = _rows(base, ["Zone A"])[0]
    expected = _volume(row)
    with reponses_partagees.partager(base):
        assert _volume(row) == expected
    assert valider_reponses(PLAN, row, "t")["zone"]["nom"] == "Zone A"


def test_the_extract_from_the_disk_cache_answers_as_the_extract_parsed_whole(tmp_path, monkeypatch):
    path = referentiel.chemins.data() / "referentiel" / referentiel.FICHIER
    raw = json.loads(path.read_bytes())
    monkeypatch.setenv("CONTINUUM_CACHE", str(tmp_path / "cache"))
    first_tables, first = referentiel_lecture.lire_extrait(path)  # computed, then kept
    tables, communes = referentiel_lecture.lire_extrait(path)  # from the cache: texts per département
    assert isinstance(communes, referentiel_lecture.CommunesParDepartement) and communes._textes
    assert first_tables["epci"] == raw["epci"] and referentiel_lecture.epci(tables["epci"]) == raw["epci"]
    assert tables["departements"] == raw["departements"] and tables["regions"] == raw["regions"]
    assert len(communes) == len(first) == len(raw["communes"]) == 34_969
    assert dict(communes.items()) == raw["communes"]
    for code in ("76351", "2A004", "97411", "01001"):
        assert communes[code] == raw["communes"][code] and code in communes
    assert "99999" not in communes and "2C001" not in communes and communes.get("97999") is None
    assert sorted(communes.du_departement("76")) == sorted(c for c, r in raw["communes"].items() if r[2] == "76")
    assert len(communes._recentes) <= referentiel_lecture.DEPARTEMENTS_GARDES  # flat: not every département kept
    loaded = referentiel.Referentiel(tables, communes)
    assert loaded.commune("76351").nom == "Le Havre" and loaded.epci("200084952").nom.startswith("CU Le Havre")
    assert [c.code for c in loaded.chercher_communes("Saint-Denis", "974")] == ["97411"]
    assert loaded.populations_du_departement("2A")["2A004"] > 60_000


def test_a_row_fingerprint_follows_the_shared_answers_and_the_row_s_cells():
    from generator.lot.empreintes_lot import empreinte_ligne, empreinte_reponses

    base = reponses_exemple("clcs-vatine.yaml")
    row = _rows(base, ["Zone A"])[0]
    reference = empreinte_ligne(empreinte_reponses(base), {"zone.nom": "Zone A"}, row, "bib", True)
    assert reference == empreinte_ligne(empreinte_reponses(reponses_exemple("clcs-vatine.yaml")),
                                        {"zone.nom": "Zone A"}, row, "bib", True)
    changed = reponses_exemple("clcs-vatine.yaml")
    changed["signataires"]["prefet"]["nom"] = "Martin"
    others = [
        empreinte_ligne(empreinte_reponses(changed), {"zone.nom": "Zone A"}, row, "bib", True),  # shared answers
        empreinte_ligne(empreinte_reponses(base), {"zone.nom": "Zone B"}, row, "bib", True),  # the row's cell
        empreinte_ligne(empreinte_reponses(base), {"zone.nom": "Zone A"}, row, "autre", True),  # the library
        empreinte_ligne(empreinte_reponses(base), {"zone.nom": "Zone A"}, row, "bib", False),  # the mode
    ]
    assert len({reference, *others}) == 5


def test_a_chunk_for_a_worker_refers_to_the_shared_answers_instead_of_copying_them():
    base = reponses_exemple("clcs-vatine.yaml")
    rows = _rows(base, ["Zone A", "Zone B"])
    signatory = json.dumps(base["signataires"], ensure_ascii=False)[:60]
    with reponses_partagees.partager(base):
        packed = reponses_partagees.emballer([("tâche", row) for row in rows])
        unpacked = reponses_partagees.deballer(packed)
    assert signatory.encode("utf-8") not in packed and "Zone B".encode("utf-8") in packed
    assert [row for _, row in unpacked] == rows
    assert unpacked[0][1]["signataires"] is base["signataires"] and unpacked[1][1]["zone"]["nom"] == "Zone B"
    plain = reponses_partagees.emballer(rows)  # outside a batch: a plain pickle, copies
    assert reponses_partagees.deballer(plain)[0]["signataires"] is not base["signataires"]
    assert len(plain) > 2 * len(packed)


def test_a_forked_worker_gets_the_shared_answers_it_inherited_and_their_validation():
    import multiprocessing

    base = reponses_exemple("clcs-vatine.yaml")
    rows = _rows(base, ["Zone A", "Zone B"])
    with reponses_partagees.partager(base):
        _valider(rows[0])  # the main process validates a first row before forking, as a batch does
        with multiprocessing.get_context("fork").Pool(1) as pool:
            seen = pool.apply(_dans_le_travailleur, (reponses_partagees.emballer(rows[1]), id(base["signataires"])))
    assert seen == (True, True, "Zone B")


def _dans_le_travailleur(packed: bytes, signatories: int) -> tuple[bool, bool, str]:
    """In the forked worker: the row's shared part is the inherited object, and its validation is reused."""
    row = reponses_partagees.deballer(packed)
    kept = any(reponses_partagees.validee(question, row["signataires"]) is not None
               for question in charger_questionnaire(PLAN.questionnaire).questions)
    return id(row["signataires"]) == signatories, kept, _valider(row)[0]["zone"]["nom"]
