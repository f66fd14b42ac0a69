"""A jurist's local clause that loops, recurses or multiplies strings gives an error naming its file;
charts and indicator files stay bounded and drawn as typed."""

import pytest

from tests.hostile.borne import executer

RENDRE = """
import dataclasses, time
from generator.bibliotheque import charger
from generator.rendu_texte import rendre
from generator.erreurs import AssemblageErreur
clause = dataclasses.replace(charger().clauses["csi_duree"], texte={texte!r})
start = time.monotonic()
try:
    rendre(clause, {{"n": 10**9}}, {{}}, set())
    print("RENDU")
except AssemblageErreur as exc:
    print("ERREUR", exc)
print("DUREE", time.monotonic() - start)
"""


@pytest.mark.parametrize(("texte", "attendu"), [
    ("{% for i in range(10**9) %}x{% endfor %}", "range() de 1000000000 éléments, au plus 10000"),
    ("{% for i in range(9000) %}{% for j in range(9000) %}{% endfor %}{% endfor %}", "rendu trop long"),
    ('{{ "abc" * n }}', "répétition de 3 × 1000000000"),
    ('{% set s = "a" * 100000 %}{{ (s ~ s) * 3 }}', "répétition"),
    ("{% macro f(k) %}{{ f(k + 1) }}{% endmacro %}{{ f(0) }}", "récursion trop profonde"),
    ("{{ 2 ** n }}", "exposant au plus 64"),
    ('{{ "%0999999d" % 1 }}', "largeur ou une précision démesurée"),
    ('{{ "{:>999999}".format("a") }}', "largeur ou une précision démesurée"),
    ('{{ "a"|center(10**8) }}', "largeur au plus 1000"),
    ('{{ ("ab" * 1000)|replace("a", "a" * 100000) }}', "replace produirait"),
    ("{{ 1 / 0 }}", "ZeroDivisionError"),
])
def test_a_runaway_clause_is_stopped_with_its_file_named(texte, attendu):
    done = executer(RENDRE.format(texte=texte), memoire_mo=1200, delai=60)
    assert done.returncode == 0, done.stderr
    assert "ERREUR" in done.stdout and "csi_duree.yaml : " in done.stdout, done.stdout
    assert attendu in done.stdout, done.stdout
    assert float(done.stdout.split("DUREE")[1]) < 10


def test_chart_labels_are_drawn_as_typed_and_the_chart_is_bounded():
    done = executer(
        "from generator.indicateurs import graphique, _barres, HAUTEUR_MAX\n"
        "lignes = [{'libelle': f'$\\\\frac{{a}}{{b}}$ \\\\ $x^{i}$ ' + 'long' * 40, 'valeur': 5000 - i, 'nombre': str(5000 - i)}"
        " for i in range(5000)]\n"
        "labels, values = _barres(lignes)\n"
        "print(len(labels), labels[0], max(len(l) for l in labels), sum(values) == sum(l['valeur'] for l in lignes))\n"
        "g = graphique('Faits constatés', lignes)\n"
        "from PIL import Image\nimport io\nimage = Image.open(io.BytesIO(g.png))\n"
        "print('HAUTEUR', image.size[1] / 300 <= HAUTEUR_MAX + 0.01)\n"
        "print('LIBELLE', labels[-1])\n", memoire_mo=1500, delai=120)
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0]
    assert first.startswith("25 Autres (4976 catégories)") and first.endswith("True")
    assert int(first.split()[-2]) <= 60 + 4  # 60 characters, each « $ » escaped
    assert "HAUTEUR True" in done.stdout
    assert "LIBELLE \\$\\frac{a}{b}\\$ \\ \\$x^0\\$ long" in done.stdout  # « $ » escaped: no mathtext


@pytest.mark.parametrize(("nombre", "attendu"), [("²³", "« nombre » doit être un entier positif"),
                                                  ("9" * 40, "« nombre » doit être un entier positif")])
def test_indicator_counts_must_be_plain_digits(tmp_path, nombre, attendu):
    path = tmp_path / "indicateurs.csv"
    path.write_text(f"infraction;lieu;periode;tranche_horaire;nombre\nvols;centre;2025-T1;nuit;{nombre}\n", encoding="utf-8")
    done = executer(f"from generator.indicateurs import lire\nrows, problems = lire({str(path)!r}, 'indicateurs')\n"
                    "print(rows, [str(p) for p in problems])\n")
    assert done.returncode == 0, done.stderr
    assert attendu in done.stdout and "ligne 2" in done.stdout


def test_a_data_file_that_is_a_folder_or_an_oversized_cell(tmp_path):
    folder = tmp_path / "indicateurs.csv"
    folder.mkdir()
    big = tmp_path / "gros.csv"
    big.write_text("infraction;lieu;periode;tranche_horaire;nombre\n" + "x" * 140_000 + ";a;b;c;1\n", encoding="utf-8")
    done = executer(
        "from generator.indicateurs import lire\nfrom generator.erreurs import ContinuumError\n"
        f"for path in ({str(folder)!r}, {str(big)!r}):\n"
        "    try:\n        rows, problems = lire(path, 'indicateurs')\n        print([str(p) for p in problems])\n"
        "    except ContinuumError as exc:\n        print('ERREUR', exc)\n")
    assert done.returncode == 0, done.stderr
    assert "c'est un dossier" in done.stdout
    assert "ligne 2 : cellule de plus de 128 Kio" in done.stdout
