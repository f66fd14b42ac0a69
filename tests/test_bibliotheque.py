"""Every clause sample renders to its expected text; the library lint is clean."""

import pytest

from generator import rendu_texte
from generator.bibliotheque import charger, lire_bibliotheque
from generator.plan import charger_plan
from generator.verification import verifier

BIBLIOTHEQUE, _ = lire_bibliotheque()
EXEMPLES = [
    pytest.param(clause, index, exemple, id=f"{clause.id}-{index}")
    for clause in BIBLIOTHEQUE.clauses.values()
    for index, exemple in enumerate(clause.exemples, start=1)
]


@pytest.mark.parametrize("clause, index, exemple", EXEMPLES)
def test_every_sample_renders_to_its_expected_text(clause, index, exemple):
    numeros = dict(exemple.numeros)
    rendered = rendu_texte.rendre(clause, exemple.reponses, numeros, set(numeros) | set(exemple.retenues))
    assert rendered == rendu_texte.normaliser(exemple.attendu)


def test_library_lint_finds_no_problem():
    _, problems = verifier()
    assert problems == [], "\n".join(map(str, problems))


def test_every_annex_measure_maps_to_exactly_one_clause_with_the_right_obligation():
    plan = charger_plan("csi")
    library = charger()
    assert len(plan.mesures_annexe) == 44
    for mesure in plan.mesures_annexe:
        mapped = [c for c in library.pour_type("csi") if c.mesure == mesure.code]
        assert len(mapped) == 1, mesure.code
        assert mapped[0].socle_possible == mesure.gras, mesure.code


def test_every_clause_carries_its_source_and_a_sample():
    for clause in charger().clauses.values():
        assert clause.source.intitule and clause.source.section, clause.id
        assert clause.exemples, clause.id
        assert clause.version


def test_the_clspd_stays_in_the_socle_to_study_and_its_text_follows_the_law():
    clause = charger().get("csi_coll_prev_clspd")
    assert clause.obligatoire is True and clause.obligatoire_si is None  # bold in the annex: socle « à étudier »
    assert any("L. 132-4" in ref for ref in clause.references)
    assert "commune.population > 5000 or territoire.qpv" in clause.texte and "territoire.cispd" in clause.texte


def test_lint_reports_a_broken_sample_and_an_undeclared_variable(tmp_path, monkeypatch):
    import shutil

    from generator import chemins

    root = tmp_path / "racine"
    shutil.copytree(chemins.racine() / "data", root / "data")
    shutil.copytree(chemins.racine() / "clauses", root / "clauses")
    shutil.copytree(chemins.racine() / "modeles", root / "modeles")
    target = next((root / "clauses").rglob("csi_coll_sec_police_municipale.yaml"))
    text = target.read_text(encoding="utf-8")
    text = text.replace("porter l'effectif de sa police municipale", "porter l'effectif de {{ inconnue }} police municipale", 1)
    target.write_text(text, encoding="utf-8")
    monkeypatch.setenv("CONTINUUM_RACINE", str(root))
    chemins.racine.cache_clear()
    try:
        _, problems = verifier()
    finally:
        chemins.racine.cache_clear()
    messages = "\n".join(map(str, problems))
    assert "variable utilisée dans le texte mais non déclarée (valeur : 'inconnue')" in messages
    assert "csi_coll_sec_police_municipale.yaml › exemples[1]" in messages


def test_a_malformed_clause_file_lists_every_problem_with_its_field_and_line(tmp_path):
    """One bad clause file: each wrong key is named, with its line, in one reading; nothing is built from it."""
    folder = tmp_path / "clauses"
    folder.mkdir()
    (folder / "csi_mauvaise.yaml").write_text(
        "id: csi_autre\n"
        "version: true\n"
        "titre: ''\n"
        "types: []\n"
        "partie: prefecture\n"
        "volet: 12\n"
        "nature: mesure\n"
        "obligatoire: oui-da\n"
        "ordre: premier\n"
        "source: {texte: circulaire-inventee}\n"
        "references: [{texte: loi-inventee}]\n"
        "variables: {commune: [liste]}\n"
        "texte: Texte.\n"
        "exemples: [{reponses: {}}]\n"
        "couleur: rouge\n",
        encoding="utf-8")
    library, problems = lire_bibliotheque(folder, locale=False)
    assert library.clauses == {}
    by_field = {p.champ.split(" › ")[-1].split(",")[0]: p for p in problems if " › " in p.champ}
    assert {"id", "version", "titre", "types", "partie", "volet", "mesure", "obligatoire",
            "ordre", "source", "references[1]", "variables", "exemples[1]"} <= set(by_field)
    assert by_field["partie"].valeur == "prefecture"
    assert by_field["obligatoire"].champ.endswith(", ligne 8")
    assert "le fichier doit s'appeler csi_autre.yaml" in by_field["id"].message
    assert any(p.message == "clés inconnues : couleur" for p in problems)


def test_an_unknown_key_is_reported_but_the_clause_is_still_read(tmp_path):
    folder = tmp_path / "clauses"
    folder.mkdir()
    good = BIBLIOTHEQUE.get("csi_resiliation").fichier.read_text(encoding="utf-8")
    (folder / "csi_resiliation.yaml").write_text(good + "\ncouleur: rouge\n", encoding="utf-8")
    library, problems = lire_bibliotheque(folder, locale=False)
    assert list(library.clauses) == ["csi_resiliation"]
    assert [p.message for p in problems] == ["clés inconnues : couleur"]
