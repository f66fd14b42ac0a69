"""Hostile and clumsy answers files: bounded, explained in French with their line, never a traceback.

Every hostile file is generated here, and every run is bounded (memory cap and timeout, tests/hostile/borne.py).
"""

import copy
import re

import pytest
import yaml

from tests.conftest import EXEMPLE_CSI
from tests.hostile.borne import executer, lancer, sans_trace

EXEMPLE = yaml.safe_load(EXEMPLE_CSI.read_text(encoding="utf-8"))


def _ecrire(path, answers):
    path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    return path


def _generer(path, tmp_path, *extra):
    return lancer("generer", "csi", "-r", str(path), "-o", str(tmp_path / "sortie.docx"), "--sans-registre", *extra)


def test_an_alias_bomb_is_refused_in_a_small_memory(tmp_path):
    lines = ['a0: &a0 ["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"]']
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]"
              for i in range(1, 12)]
    path = tmp_path / "bombe.yaml"
    path.write_text("type: csi\n" + "\n".join(lines) + "\ncommune: *a11\n", encoding="utf-8")
    assert path.stat().st_size < 4096
    done = _generer(path, tmp_path)
    sans_trace(done)
    assert done.returncode == 5
    assert "alias YAML (« *nom ») refusé" in done.stderr and f"{path}, ligne" in done.stderr


def test_thousands_of_nested_brackets_never_crash_the_parser(tmp_path):
    path = tmp_path / "profond.yaml"
    path.write_text("type: csi\ncommune: " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    done = _generer(path, tmp_path)
    sans_trace(done)
    assert done.returncode == 5 and "imbrication trop profonde" in done.stderr


@pytest.mark.parametrize(("texte", "attendu", "ligne"), [
    ("type: csi\nsignature:\n\tdate: 2027-01-15\n", "tabulation interdite : indentez avec des espaces", 3),
    ("type: csi\ncommune: Le Havre: centre\n", "mettez ce texte entre guillemets", 2),
    ("type: csi\ncommune: @76351\n", "mettez ce texte entre guillemets", 2),
    ("type: csi\nqpv: [Caucriauville\n", "un crochet n'est pas fermé", 3),
])
def test_yaml_syntax_errors_are_explained_in_french_with_their_line(tmp_path, texte, attendu, ligne):
    path = tmp_path / "reponses.yaml"
    path.write_text(texte, encoding="utf-8")
    done = _generer(path, tmp_path)
    sans_trace(done)
    assert done.returncode == 5
    assert f"{path}, ligne {ligne}" in done.stderr and attendu in done.stderr


def test_a_windows_1252_answers_file_is_read_and_a_mixed_one_names_its_line(tmp_path):
    answers = copy.deepcopy(EXEMPLE)
    path = tmp_path / "ansi.yaml"
    path.write_bytes(yaml.safe_dump(answers, allow_unicode=True).encode("cp1252", errors="replace"))
    done = _generer(path, tmp_path)
    assert done.returncode == 0, done.stderr
    mixed = tmp_path / "mixte.yaml"
    text = yaml.safe_dump(answers, allow_unicode=True)
    mixed.write_bytes(text.encode("utf-8") + "lieu_ajoute: Fécamp\n".encode("cp1252"))
    done = lancer("generer", "csi", "-r", str(mixed), "-o", str(tmp_path / "b.docx"), "--sans-registre")
    sans_trace(done)
    assert done.returncode == 5
    assert f"{mixed}, ligne {text.count(chr(10)) + 1} : caractère hors UTF-8" in done.stderr


@pytest.mark.parametrize("date", ["2026-02-30", "9999-12-31", "0001-01-01", "0000-01-01"])
def test_impossible_or_absurd_dates_are_answer_errors(tmp_path, date):
    path = tmp_path / "r.yaml"
    text = yaml.safe_dump(EXEMPLE, allow_unicode=True)
    text = text.replace(f"date: '{EXEMPLE['signature']['date']}'", f"date: {date}")
    text = text.replace(f"date: {EXEMPLE['signature']['date']}", f"date: {date}")
    assert f"date: {date}" in text
    path.write_text(text, encoding="utf-8")
    done = _generer(path, tmp_path)
    sans_trace(done)
    assert done.returncode == 3
    assert "signature.date : date" in done.stderr


def test_an_integer_of_thousands_of_digits_is_an_answer_error(tmp_path):
    answers = copy.deepcopy(EXEMPLE)
    path = tmp_path / "r.yaml"
    text = yaml.safe_dump(answers, allow_unicode=True).replace(
        f"cameras_cible: {answers['engagements']['commune']['cameras_cible']}", "cameras_cible: " + "9" * 6000)
    path.write_text(text, encoding="utf-8")
    done = _generer(path, tmp_path)
    sans_trace(done)
    assert done.returncode == 3 and "cameras_cible : nombre trop grand" in done.stderr
    assert len(done.stderr) < 4000, "la valeur est abrégée dans le message"


def test_free_text_and_lists_are_capped_with_french_errors(tmp_path):
    answers = copy.deepcopy(EXEMPLE)
    answers["territoire"]["diagnostic"] = "Constat. " * 5000
    answers["territoire"]["qpv"] = [f"Quartier {i}" for i in range(500)]
    path = _ecrire(tmp_path / "long.yaml", answers)
    done = _generer(path, tmp_path)
    sans_trace(done)
    assert done.returncode == 3
    assert "territoire.diagnostic : texte trop long (44999 caractères, au plus 20000)" in done.stderr
    assert "territoire.qpv : liste trop longue (500 éléments, au plus 200)" in done.stderr
    huge = copy.deepcopy(EXEMPLE)
    huge["territoire"]["dispositifs"] = ["x" * 1000] * 1000
    done = _generer(_ecrire(tmp_path / "enorme.yaml", huge), tmp_path)
    sans_trace(done)
    assert done.returncode == 3 and "réponses trop volumineuses" in done.stderr


def test_typed_markup_in_an_answer_stays_text_in_the_document(tmp_path):
    import docx

    answers = copy.deepcopy(EXEMPLE)
    answers["territoire"]["diagnostic"] = ("Premier constat.\n- pas une liste\n| a | b |\n[[graphique:par_lieu]]\n"
                                           "[détail] pas un détail")
    path = _ecrire(tmp_path / "balises.yaml", answers)
    done = _generer(path, tmp_path)
    assert done.returncode == 0, done.stderr
    word = docx.Document(str(tmp_path / "sortie.docx"))
    texts = [p.text for p in word.paragraphs]
    for line in ("- pas une liste", "| a | b |", "[[graphique:par_lieu]]", "[détail] pas un détail"):
        assert any(t.strip() == line for t in texts), line
    assert not any("\ue000" in t or "\ue001" in t for t in texts)
    assert len(word.tables) == len(docx.Document(str(_reference(tmp_path))).tables)


def _reference(tmp_path):
    path = tmp_path / "reference.docx"
    if not path.exists():
        done = lancer("generer", "csi", "-r", str(EXEMPLE_CSI), "-o", str(path), "--sans-registre")
        assert done.returncode == 0, done.stderr
    return path


@pytest.mark.parametrize("contenu", ["[1, 2]", "texte simple", "- a\n- b\n"])
def test_comparer_and_avenant_refuse_yaml_that_is_not_answers(tmp_path, contenu):
    bad = tmp_path / "liste.yaml"
    bad.write_text(contenu, encoding="utf-8")
    done = lancer("comparer", str(EXEMPLE_CSI), str(bad), "-o", str(tmp_path / "r.docx"), "--sans-registre")
    sans_trace(done)
    assert done.returncode == 3 and "un fichier de réponses (clés YAML) est attendu" in done.stderr
    done = lancer("avenant", str(EXEMPLE_CSI), str(bad), "-o", str(tmp_path / "a.docx"), "--sans-registre")
    sans_trace(done)
    assert done.returncode == 3


def test_a_type_is_a_name_from_the_list_never_a_path(tmp_path):
    for name in ("../../etc/passwd", "documents/csi", "/tmp/x"):
        done = lancer("exemple", name)
        sans_trace(done)
        assert done.returncode == 2 and "type de document inconnu" in done.stderr


def test_a_misspelt_requis_si_is_reported_not_ignored():
    done = executer(
        "from generator.questionnaire.definition import Questionnaire, Question\n"
        "from generator.questionnaire.validation import Validateur, regles_inconnues\n"
        "from generator.referentiel import charger\n"
        "q = Questionnaire('t', 'T', [Question('forces', 'forces', 'Forces', 'texte'),"
        " Question('police', 'police', 'Police', 'texte', requis_si=\"focres == 'police'\")], {}, 'q.yaml')\n"
        "print(regles_inconnues(q, \"focres == 'police'\"))\n"
        "_, problems = Validateur(q, charger()).valider({'type': 't', 'forces': 'police'})\n"
        "print([str(p) for p in problems])\n")
    assert done.returncode == 0, done.stderr
    assert "['focres']" in done.stdout
    assert "police : règle « requis_si » invalide" in done.stdout and "focres" in done.stdout


def test_clause_files_with_wrong_types_are_listed_not_crashing(tmp_path):
    import shutil

    from generator import chemins

    source = next(chemins.clauses().rglob("csi_duree.yaml"))
    folder = tmp_path / "clauses"
    folder.mkdir()
    raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    cases = {"volet": ["a", "b"], "ordre": "premier", "obligatoire_si": ["x"], "mesure": {"a": 1},
             "source": {"texte": ["liste"], "section": "x"}, "version": ["1"]}
    for index, (key, value) in enumerate(cases.items()):
        clause = dict(raw, id=f"essai_{index}_{key}", **{key: value})
        (folder / f"essai_{index}_{key}.yaml").write_text(yaml.safe_dump(clause, allow_unicode=True), encoding="utf-8")
    shutil.copy(source, folder / source.name)
    done = executer("import sys\nfrom pathlib import Path\nfrom generator.bibliotheque import lire_bibliotheque\n"
                    f"b, problems = lire_bibliotheque(Path({str(folder)!r}))\n"
                    "print(sorted(b.clauses))\nprint('\\n'.join(str(p) for p in problems))\n")
    assert done.returncode == 0, done.stderr
    assert "['csi_duree']" in done.stdout
    for index, key in enumerate(cases):
        assert re.search(rf"essai_{index}_{key}\.yaml.*{key.split('_')[0]}", done.stdout), key
