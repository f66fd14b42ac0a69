"""The startup cache (generator/cache_disque.py) never changes a result and never raises.

Every shipped example is rendered three times in fresh processes (cache off, cache being filled,
everything read from the cache) and gives the same parts. A damaged, foreign or unwritable cache
only means the value is computed again; a changed clause text or clause file is never served stale;
the folder stays bounded.
"""

from __future__ import annotations

import json
import marshal
import os
import random
import stat
import subprocess
import sys
from pathlib import Path
from xml.sax import saxutils

import jinja2
import pytest
from jinja2.sandbox import SecurityError

import generator
from generator import bibliotheque, cache_disque, chemins, gabarits, oxml, rendus_reutilises
from generator.gabarits import MARQUE_LIGNE

RACINE = Path(__file__).resolve().parent.parent
NOM = "environnement_clauses"


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CONTINUUM_CACHE", str(folder))
    monkeypatch.setitem(cache_disque._ecritures, "depuis_controle", None)
    return folder


@pytest.fixture
def compilations(monkeypatch) -> list[str]:
    """The texts the clause environment really compiles (lex, parse, codegen) during the test."""
    env = gabarits.environnement_clauses()
    seen: list[str] = []
    original = env.compile

    def counting(source, *args, **kwargs):
        seen.append(source)
        return original(source, *args, **kwargs)

    monkeypatch.setattr(env, "compile", counting)
    return seen


def _entrees(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.bin")) if folder.is_dir() else []


def _gabarit(texte: str) -> jinja2.Template:
    return gabarits.depuis_source(gabarits.environnement_clauses(), NOM, texte)


# -- the shipped examples, in fresh processes ----------------------------------------------------
_SCRIPT = r"""
import hashlib, io, json, re, sys, zipfile
from pathlib import Path
from generator import cache_disque, chemins, generation
from generator.lecture import lire_yaml

counts = {"lus": 0, "ecrits": 0}
lire, ecrire = cache_disque.lire, cache_disque.ecrire
written = set()

def lire_compte(*args):
    data = lire(*args)
    counts["lus"] += data is not None
    return data

def ecrire_compte(folder, key, data):  # entries written, each once (the memo of file hashes grows in steps)
    written.add(key)
    counts["ecrits"] = len(written)
    return ecrire(folder, key, data)

cache_disque.lire, cache_disque.ecrire = lire_compte, ecrire_compte
# the time of writing and the generation's own id (a uuid, generation.py) differ from run to run
date = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ|(?<=<cp:version>)[0-9a-f]{32}(?=</cp:version>)")
out = {}
for exemple in sorted(Path(sys.argv[1]).glob("*.yaml")):
    kind = lire_yaml(exemple)["type"]
    for type_document in (["ems-ordre-du-jour", "ems-releve"] if kind == "ems-reunion" else [kind]):
        with chemins.reponses_dans(exemple):
            result = generation.generer(type_document, lire_yaml(exemple), str(exemple))
        with zipfile.ZipFile(io.BytesIO(result.contenu)) as archive:
            out[f"{exemple.name}:{type_document}"] = {
                name: hashlib.sha256(date.sub(b"DATE", archive.read(name))).hexdigest() for name in archive.namelist()}
print(json.dumps({"documents": out, **counts}))
"""


def _rendre_exemples(cache_env: str) -> dict:
    env = {**os.environ, "CONTINUUM_CACHE": cache_env}
    done = subprocess.run([sys.executable, "-c", _SCRIPT, str(RACINE / "data" / "exemples")], capture_output=True,
                          text=True, env=env, cwd=RACINE, timeout=600)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_every_example_renders_the_same_parts_with_the_cache_off_filled_or_read(tmp_path):
    folder = tmp_path / "cache"
    off = _rendre_exemples("off")
    assert off["ecrits"] == off["lus"] == 0 and not folder.exists()
    cold = _rendre_exemples(str(folder))
    warm = _rendre_exemples(str(folder))
    assert len(off["documents"]) >= 8  # seven answer files, one of them gives two documents
    for name, parts in off["documents"].items():
        assert "word/document.xml" in parts
        assert cold["documents"][name] == parts, f"{name} : rendu différent pendant le remplissage du cache"
        assert warm["documents"][name] == parts, f"{name} : rendu différent depuis le cache"
    assert cold["ecrits"] >= 30  # clause templates, variables read, plan templates, the library
    assert warm["ecrits"] == 0 and warm["lus"] >= cold["ecrits"]  # everything came from the cache
    for entry in _entrees(folder):
        assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


# -- Jinja: a template read back behaves exactly as from_string's ---------------------------------
def _issue(template: jinja2.Template, **contexte) -> str:
    try:
        return "texte:" + template.render(**contexte)
    except Exception as exc:  # noqa: BLE001 - the exception itself is what is compared
        return f"erreur:{type(exc).__name__}"


@pytest.mark.parametrize("texte, contexte", [
    ("{{ mot * n }}", {"mot": "ab", "n": 2}),
    ("{{ mot * n }}", {"mot": "ab", "n": 10 ** 6}),  # intercepted binop: refused by the sandbox
    ("{{ 2 ** n }}", {"n": 1000}),
    ("{{ mot.__class__.__mro__ }}", {"mot": "x"}),  # unsafe attribute
    ("{{ absente }}", {}),  # StrictUndefined
    ("{{ valeur }}", {"valeur": "- pas une liste\n| a | b |"}),  # finalize: markup escaped
    ("{% for i in range(n) %}{{ i }}{% endfor %}", {"n": 20_000}),  # bounded range
    ("{{ montant|euros }} {{ d|date_longue }}", {"montant": 1500, "d": "2026-03-01"}),
])
def test_a_template_read_back_from_the_cache_behaves_as_from_string(cache, compilations, texte, contexte):
    reference = _issue(gabarits.environnement_clauses().from_string(texte), **contexte)
    compilations.clear()
    first = _issue(_gabarit(texte), **contexte)
    assert compilations == [texte] and len(_entrees(cache)) == 1
    compilations.clear()
    again = _issue(_gabarit(texte), **contexte)
    assert compilations == []  # read from the cache
    assert first == again == reference


def test_the_sandbox_still_refuses_from_a_cached_template(cache):
    _gabarit("{{ mot * n }}")
    with pytest.raises(SecurityError):
        _gabarit("{{ mot * n }}").render(mot="ab", n=10 ** 6)
    assert _gabarit("{{ v }}").render(v="- x") == MARQUE_LIGNE + "- x"


def test_a_syntax_error_is_raised_as_before_and_nothing_is_kept(cache):
    with pytest.raises(jinja2.TemplateSyntaxError) as expected:
        gabarits.environnement_clauses().from_string("{% if %}")
    with pytest.raises(jinja2.TemplateSyntaxError) as got:
        _gabarit("{% if %}")
    assert (got.value.message, got.value.lineno) == (expected.value.message, expected.value.lineno)
    assert _entrees(cache) == []


def test_a_changed_clause_text_is_compiled_again(cache, compilations):
    assert _gabarit("Le préfet de {{ lieu }}.").render(lieu="l'Eure") == "Le préfet de l'Eure."
    assert _gabarit("La préfète de {{ lieu }}.").render(lieu="l'Eure") == "La préfète de l'Eure."
    assert compilations == ["Le préfet de {{ lieu }}.", "La préfète de {{ lieu }}."]
    assert len(_entrees(cache)) == 2


def test_the_environment_is_part_of_the_key(cache):
    texte = "{{ v }}"
    assert _gabarit(texte).render(v="- x") == MARQUE_LIGNE + "- x"
    plain = gabarits.depuis_source(gabarits.environnement(), "environnement", texte)
    assert plain.render(v="- x") == "- x"  # the base environment has no finalize: another key
    assert len(_entrees(cache)) == 2


def test_variables_read_come_back_the_same(cache):
    texte = "{% set x = 1 %}{% for e in liste %}{{ e }}{{ commune.nom }}{% endfor %}{{ article('a') }}{{ zone }}"
    expected = rendus_reutilises._variables_lues(texte)
    assert expected == ("commune", "liste", "zone")
    rendus_reutilises.variables_lues.cache_clear()
    assert rendus_reutilises.variables_lues(texte) == expected
    rendus_reutilises.variables_lues.cache_clear()
    assert rendus_reutilises.variables_lues(texte) == expected  # from the cache
    assert len(_entrees(cache)) == 1


# -- damaged, foreign or unusable cache: computed again, no error ---------------------------------
def _tronquer(entry: Path) -> None:
    entry.write_bytes(entry.read_bytes()[:40])


def _inverser_un_octet(entry: Path) -> None:
    data = bytearray(entry.read_bytes())
    data[-5] ^= 0xFF
    entry.write_bytes(bytes(data))


def _vider(entry: Path) -> None:
    entry.write_bytes(b"")


def _n_importe_quoi(entry: Path) -> None:
    entry.write_bytes(os.urandom(300))


def _mauvais_type(entry: Path) -> None:
    # a well-formed entry (header, key, checksum) whose content is not a code object
    cache_disque.ecrire(entry.parent, entry.stem, marshal.dumps(42))


def _autre_cle(entry: Path) -> None:
    # another key's entry moved under this name
    other = cache_disque.cle("autre")
    cache_disque.ecrire(entry.parent, other, marshal.dumps(compile("1", "<x>", "eval")))
    os.replace(entry.parent / f"{other}.bin", entry)


@pytest.mark.parametrize("abimer", [_tronquer, _inverser_un_octet, _vider, _n_importe_quoi, _mauvais_type, _autre_cle])
def test_a_damaged_entry_is_computed_again(cache, compilations, abimer):
    texte = "Bonjour {{ nom }} !"
    _gabarit(texte)
    [entry] = _entrees(cache)
    abimer(entry)
    compilations.clear()
    assert _gabarit(texte).render(nom="Alice") == "Bonjour Alice !"
    assert compilations == [texte]
    compilations.clear()
    assert _gabarit(texte).render(nom="Alice") == "Bonjour Alice !"  # the entry was written again, sound
    assert compilations == []


def test_a_damaged_variables_entry_is_computed_again(cache):
    texte = "{{ a }}{{ b.c }}"
    rendus_reutilises.variables_lues.cache_clear()
    rendus_reutilises.variables_lues(texte)
    [entry] = _entrees(cache)
    cache_disque.ecrire(cache, entry.stem, json.dumps({"a": 1}).encode())  # well-formed, wrong shape
    rendus_reutilises.variables_lues.cache_clear()
    assert rendus_reutilises.variables_lues(texte) == ("a", "b")
    rendus_reutilises.variables_lues.cache_clear()


@pytest.mark.parametrize("mode", [0o620, 0o602, 0o666])
def test_an_entry_others_can_write_is_ignored(cache, compilations, mode):
    texte = "{{ x }}"
    _gabarit(texte)
    [entry] = _entrees(cache)
    entry.chmod(mode)
    compilations.clear()
    assert _gabarit(texte).render(x=1) == "1"
    assert compilations == [texte]
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600  # replaced by a sound entry


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="changer de propriétaire demande root")
def test_an_entry_owned_by_another_user_is_ignored(cache, compilations):
    texte = "{{ y }}"
    _gabarit(texte)
    [entry] = _entrees(cache)
    os.chown(entry, 4242, 4242)
    compilations.clear()
    assert _gabarit(texte).render(y=2) == "2"
    assert compilations == [texte]


def test_a_folder_others_can_write_is_not_used(cache, compilations):
    cache.mkdir(mode=0o700)
    cache.chmod(0o777)
    for _ in range(2):
        assert _gabarit("{{ z }}").render(z=3) == "3"
    assert compilations == ["{{ z }}", "{{ z }}"] and _entrees(cache) == []


def test_a_symbolic_link_is_not_followed(cache, compilations, tmp_path):
    texte = "{{ w }}"
    _gabarit(texte)
    [entry] = _entrees(cache)
    target = tmp_path / "ailleurs.bin"
    os.replace(entry, target)
    entry.symlink_to(target)
    compilations.clear()
    assert _gabarit(texte).render(w=4) == "4"
    assert compilations == [texte]


def test_an_unwritable_cache_folder_only_costs_the_compilation(tmp_path, monkeypatch, compilations):
    blocker = tmp_path / "fichier"
    blocker.write_text("pas un dossier")
    monkeypatch.setenv("CONTINUUM_CACHE", str(blocker / "cache"))  # cannot be created
    for _ in range(2):
        assert _gabarit("{{ a }}-{{ b }}").render(a=1, b=2) == "1-2"
    assert compilations == ["{{ a }}-{{ b }}"] * 2


def test_a_read_only_cache_folder_still_serves_and_never_fails(cache, compilations):
    _gabarit("{{ lu }}")
    cache.chmod(0o500)
    try:
        compilations.clear()
        assert _gabarit("{{ lu }}").render(lu="oui") == "oui"
        assert _gabarit("{{ neuf }}").render(neuf="non") == "non"
        assert compilations == ["{{ neuf }}"]
    finally:
        cache.chmod(0o700)


@pytest.mark.parametrize("valeur", ["", "off", "OFF", " non "])
def test_the_cache_can_be_turned_off(tmp_path, monkeypatch, compilations, valeur):
    monkeypatch.setenv("CONTINUUM_CACHE", valeur)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_disque.dossier() is None
    for _ in range(2):
        assert _gabarit("{{ off }}").render(off=0) == "0"
    assert compilations == ["{{ off }}"] * 2
    assert list(tmp_path.iterdir()) == []


def test_the_folder_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTINUUM_CACHE", str(tmp_path / "choisi"))
    assert cache_disque.dossier() == tmp_path / "choisi"
    monkeypatch.delenv("CONTINUUM_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_disque.dossier() == tmp_path / "xdg" / "continuum"
    monkeypatch.setenv("XDG_CACHE_HOME", "relatif")  # ignored, as the XDG specification says
    monkeypatch.setenv("HOME", str(tmp_path / "maison"))
    assert cache_disque.dossier() == tmp_path / "maison" / ".cache" / "continuum"


def test_the_key_holds_the_version_and_the_runtime(monkeypatch):
    key = cache_disque.cle("texte")
    assert key == cache_disque.cle("texte") and key != cache_disque.cle("texte ")
    assert cache_disque.cle("a", "bc") != cache_disque.cle("ab", "c")
    monkeypatch.setattr(generator, "__version__", "99.0")
    assert cache_disque.cle("texte") != key


def test_the_folder_stays_bounded_and_loses_its_oldest_entries_first(cache, monkeypatch):
    monkeypatch.setattr(cache_disque, "TAILLE_MAX", 60_000)
    monkeypatch.setattr(cache_disque, "ECRITURES_ENTRE_CONTROLES", 8)
    cache.mkdir(mode=0o700)
    (cache / "notes.txt").write_text("à moi")  # not an entry: never removed
    for index in range(200):
        cache_disque.obtenir((f"valeur {index}",), lambda: os.urandom(2_000), bytes, bytes)
        total = sum(entry.stat().st_size for entry in _entrees(cache))
        assert total <= 60_000 + 9 * 2_200
    assert (cache / "notes.txt").read_text() == "à moi"
    cache_disque.borner(cache)
    assert sum(entry.stat().st_size for entry in _entrees(cache)) <= 60_000
    entries = _entrees(cache)
    for age, entry in enumerate(entries):
        os.utime(entry, (1_000_000 + age, 1_000_000 + age))
    cache_disque.borner(cache, taille_max=entries[0].stat().st_size * 4)
    assert _entrees(cache) == entries[-3:]  # the three most recently used are kept


def test_a_value_is_read_back_as_stored_and_a_failing_computation_keeps_nothing(cache):
    assert cache_disque.obtenir(("v",), lambda: (1, "é"), lambda v: json.dumps(v).encode(),
                                lambda d: tuple(json.loads(d))) == (1, "é")
    assert cache_disque.obtenir(("v",), lambda: pytest.fail("recalculé"), lambda v: b"",
                                lambda d: tuple(json.loads(d))) == (1, "é")

    def failing():
        raise ValueError("échec")

    with pytest.raises(ValueError, match="échec"):
        cache_disque.obtenir(("w",), failing, bytes, bytes)
    assert len(_entrees(cache)) == 1


# -- the clause library: never stale ---------------------------------------------------------------
_CLAUSE = """\
id: csi_local_essai_cache
version: "1.0"
titre: Essai du cache
types: [csi]
partie: conjointe
volet: complementaires
nature: complementaire
obligatoire: false
source:
  texte: parties
  section: Stipulations propres à la préfecture
texte: |
  Version {mot} de la clause.
exemples:
  - reponses: {{}}
    attendu: |
      Version {mot} de la clause.
"""


def test_a_changed_local_clause_file_is_never_served_stale(cache, tmp_path, monkeypatch):
    local = tmp_path / "locale"
    (local / "clauses").mkdir(parents=True)
    clause = local / "clauses" / "csi_local_essai_cache.yaml"
    clause.write_text(_CLAUSE.format(mot="alpha"), encoding="utf-8")
    monkeypatch.setenv("CONTINUUM_BIBLIOTHEQUE", str(local))
    reads: list[int] = []
    original = bibliotheque.lire_bibliotheque
    monkeypatch.setattr(bibliotheque, "lire_bibliotheque", lambda: reads.append(1) or original())
    charger = bibliotheque._charger.__wrapped__  # past the per-process cache, as a new process would

    first = charger(chemins.cle())
    assert first.get("csi_local_essai_cache").texte.strip() == "Version alpha de la clause."
    again = charger(chemins.cle())
    assert reads == [1] and again == first and again is not first  # read back from the cache

    before = clause.stat()
    clause.write_text(_CLAUSE.format(mot="bravo"), encoding="utf-8")  # same size, same date
    os.utime(clause, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert clause.stat().st_size == before.st_size
    assert charger(chemins.cle()).get("csi_local_essai_cache").texte.strip() == "Version bravo de la clause."

    (local / "clauses" / "csi_local_essai_autre.yaml").write_text(
        _CLAUSE.format(mot="charlie").replace("csi_local_essai_cache", "csi_local_essai_autre"), encoding="utf-8")
    assert charger(chemins.cle()).get("csi_local_essai_autre") is not None
    (local / "clauses" / "csi_local_essai_autre.yaml").unlink()
    assert charger(chemins.cle()).get("csi_local_essai_autre") is None
    assert len(reads) == 3  # the files are those of the « bravo » load again: read back from the cache


def test_a_library_with_problems_is_reported_and_never_kept(cache, tmp_path, monkeypatch):
    local = tmp_path / "locale"
    (local / "clauses").mkdir(parents=True)
    (local / "clauses" / "essai.yaml").write_text(_CLAUSE.format(mot="alpha").replace("types: [csi]", "types: csi"),
                                                   encoding="utf-8")
    monkeypatch.setenv("CONTINUUM_BIBLIOTHEQUE", str(local))
    for _ in range(2):  # the second process reads every file again, and fails the same way
        with pytest.raises(bibliotheque.BibliothequeInvalide, match="essai.yaml"):
            bibliotheque._charger.__wrapped__(chemins.cle())


def test_the_shipped_library_read_back_equals_the_parsed_one(cache):
    parsed, problems = bibliotheque.lire_bibliotheque()
    assert problems == []
    bibliotheque._charger.__wrapped__(chemins.cle())
    cached = bibliotheque._charger.__wrapped__(chemins.cle())
    assert cached == parsed
    assert list(cached.clauses) == list(parsed.clauses)
    assert [c.fichier for c in cached.clauses.values()] == [c.fichier for c in parsed.clauses.values()]


# -- xml.sax.saxutils no longer imported at startup: oxml's own escape gives the same text ---------
def test_oxml_escapes_exactly_as_saxutils():
    alphabet = "a&<>\"'\n\r\t é\u00a0;#\u202f"
    rng = random.Random(13)
    for _ in range(5_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert oxml.escape(text) == saxutils.escape(text)
        assert oxml.quoteattr(text) == saxutils.quoteattr(text)


def test_a_library_file_is_parsed_once_then_read_from_the_cache(cache, tmp_path):
    """Plans, questionnaires and reference tables (lecture.lire_ressource): what lire_yaml gives, from the
    disk cache on the next process; a file that changes is read again; a malformed one is never kept."""
    from generator.erreurs import FichierIllisible
    from generator.lecture import lire_ressource, lire_yaml

    for path in (chemins.data() / "documents" / "clcs.yaml", chemins.questionnaire("csi"),
                 chemins.data() / "referentiel" / "police-nationale.yaml", chemins.data() / "sources.yaml"):
        entries = len(list(cache.glob("*.bin")))
        assert lire_ressource(path) == lire_yaml(path)
        assert len(list(cache.glob("*.bin"))) == entries + 1
        assert lire_ressource(path) == lire_yaml(path)  # now from the cache
        assert len(list(cache.glob("*.bin"))) == entries + 1
    table = tmp_path / "table.yaml"
    table.write_text("a: 1\nb: 2026-11-24\n", encoding="utf-8")
    assert lire_ressource(table) == lire_yaml(table) == {"a": 1, "b": lire_yaml(table)["b"]}
    table.write_text("a: 2\n", encoding="utf-8")
    assert lire_ressource(table) == {"a": 2}
    table.write_text("a: [1\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(FichierIllisible, match="table.yaml"):
            lire_ressource(table)
