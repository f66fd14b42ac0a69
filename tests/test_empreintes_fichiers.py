"""File SHA-256s remembered between runs under their stat (generator/empreintes_fichiers.py).

A remembered hash is served only while the file's device, inode, size, modification and change times are
those remembered; a file changed in the last seconds is never remembered; a damaged memo, a disabled
cache or an unreadable file never give a wrong hash.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import time

import pytest

from generator import cache_disque, empreintes_fichiers


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("CONTINUUM_CACHE", str(folder))
    monkeypatch.setattr(empreintes_fichiers, "_memos", {})
    monkeypatch.setattr(empreintes_fichiers, "_modifies", {})
    return folder


@pytest.fixture
def lectures(monkeypatch) -> list[str]:
    """The files really read (and hashed) during the test."""
    seen: list[str] = []
    original = empreintes_fichiers._lire
    monkeypatch.setattr(empreintes_fichiers, "_lire", lambda path, taille_max: seen.append(path) or original(path, taille_max))
    return seen


def _plus_tard(monkeypatch, secondes: float = 10) -> None:
    """The clock moved on: the files written so far are settled."""
    now = time.time_ns() + int(secondes * 1e9)
    monkeypatch.setattr(empreintes_fichiers.time, "time_ns", lambda: now)


def _nouveau_processus(monkeypatch) -> None:
    """What a new process starts with: the memo is read again from the cache folder."""
    empreintes_fichiers.enregistrer()
    monkeypatch.setattr(empreintes_fichiers, "_memos", {})


def test_the_hash_is_the_files_sha256_or_empty_when_unreadable_or_too_large(cache, tmp_path):
    path = tmp_path / "clause.yaml"
    path.write_bytes(b"id: essai\n" * 1000)
    assert empreintes_fichiers.sha256(path) == hashlib.sha256(path.read_bytes()).hexdigest()
    assert empreintes_fichiers.sha256(path, taille_max=100) == ""
    assert empreintes_fichiers.sha256(tmp_path / "absent.yaml") == ""
    assert empreintes_fichiers.sha256(tmp_path) == ""  # a folder is not a file


def test_a_settled_file_is_read_once_then_served_from_the_memo_in_the_next_process(cache, tmp_path, lectures, monkeypatch):
    path = tmp_path / "clause.yaml"
    path.write_text("id: essai\n", encoding="utf-8")
    _plus_tard(monkeypatch)
    expected = hashlib.sha256(path.read_bytes()).hexdigest()
    assert empreintes_fichiers.sha256_de([path]) == [expected]
    _nouveau_processus(monkeypatch)
    assert empreintes_fichiers.sha256_de([path, path]) == [expected, expected]
    assert lectures == [str(path)]  # the second process did not read it


def test_a_file_changed_with_its_size_and_date_kept_is_hashed_again(cache, tmp_path, lectures, monkeypatch):
    path = tmp_path / "clause.yaml"
    path.write_text("Version alpha.\n", encoding="utf-8")
    _plus_tard(monkeypatch)
    assert empreintes_fichiers.sha256(path) == hashlib.sha256(b"Version alpha.\n").hexdigest()
    _nouveau_processus(monkeypatch)
    before = path.stat()
    time.sleep(0.05)  # more than a clock tick: the change time moves
    path.write_text("Version bravo.\n", encoding="utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same modification date
    assert empreintes_fichiers.sha256(path) == hashlib.sha256(b"Version bravo.\n").hexdigest()
    assert len(lectures) == 2


def test_a_file_replaced_by_another_is_hashed_again(cache, tmp_path, lectures, monkeypatch):
    path, other = tmp_path / "clause.yaml", tmp_path / "autre.yaml"
    path.write_text("Version alpha.\n", encoding="utf-8")
    other.write_text("Version bravo.\n", encoding="utf-8")
    os.utime(other, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns))
    _plus_tard(monkeypatch)
    empreintes_fichiers.sha256(path)
    _nouveau_processus(monkeypatch)
    other.replace(path)  # as an editor saves: another inode under the same name
    assert empreintes_fichiers.sha256(path) == hashlib.sha256(b"Version bravo.\n").hexdigest()


def test_a_file_changed_in_the_last_seconds_is_never_remembered(cache, tmp_path, lectures, monkeypatch):
    path = tmp_path / "clause.yaml"
    path.write_text("id: essai\n", encoding="utf-8")
    for _ in range(2):
        empreintes_fichiers.sha256_de([path])
        _nouveau_processus(monkeypatch)
    assert lectures == [str(path), str(path)]
    assert not list(cache.glob("*.bin"))  # nothing to remember: no memo written


def test_a_damaged_memo_is_ignored(cache, tmp_path, lectures, monkeypatch):
    path = tmp_path / "clause.yaml"
    path.write_text("id: essai\n", encoding="utf-8")
    _plus_tard(monkeypatch)
    empreintes_fichiers.sha256_de([path])
    _nouveau_processus(monkeypatch)
    key = empreintes_fichiers._cle()
    signature = empreintes_fichiers._signature(path.stat())
    forged = {str(path): (*signature, "0" * 64)}
    for damaged in (b"\x00garbage", marshal.dumps([1, 2]),
                    marshal.dumps({str(path): (*signature, "court")}),
                    marshal.dumps({str(path): (*signature, "é" * 64)}),
                    marshal.dumps({str(path): list((*signature, "0" * 64))})):
        cache_disque.ecrire(cache, key, damaged)
        monkeypatch.setattr(empreintes_fichiers, "_memos", {})
        assert empreintes_fichiers.sha256(path) == hashlib.sha256(b"id: essai\n").hexdigest()
    # a well-formed memo is the user's own file, trusted like every cache entry (owner and mode checked)
    cache_disque.ecrire(cache, key, marshal.dumps(forged))
    os.chmod(cache / f"{key}.bin", 0o666)
    monkeypatch.setattr(empreintes_fichiers, "_memos", {})
    assert empreintes_fichiers.sha256(path) == hashlib.sha256(b"id: essai\n").hexdigest()


def test_with_the_cache_off_files_are_hashed_and_nothing_is_written(tmp_path, monkeypatch, lectures):
    monkeypatch.setenv("CONTINUUM_CACHE", "off")
    monkeypatch.setattr(empreintes_fichiers, "_memos", {})
    path = tmp_path / "clause.yaml"
    path.write_text("id: essai\n", encoding="utf-8")
    _plus_tard(monkeypatch)
    assert empreintes_fichiers.sha256_de([path, path]) == [hashlib.sha256(b"id: essai\n").hexdigest()] * 2
    assert len(lectures) == 2 and not empreintes_fichiers._memos


def test_the_memo_stays_bounded(cache, tmp_path, monkeypatch):
    monkeypatch.setattr(empreintes_fichiers, "ENTREES_MAX", 3)
    paths = [tmp_path / f"c{index}.yaml" for index in range(5)]
    for index, path in enumerate(paths):
        path.write_text(f"id: c{index}\n", encoding="utf-8")
    _plus_tard(monkeypatch)
    empreintes_fichiers.sha256_de(paths)
    assert list(empreintes_fichiers._memos[str(cache)]) == [str(p) for p in paths[2:]]  # the first ones forgotten


def test_a_removed_cache_folder_is_not_created_again_by_the_memo(cache, tmp_path, monkeypatch):
    path = tmp_path / "clause.yaml"
    path.write_text("id: essai\n", encoding="utf-8")
    _plus_tard(monkeypatch)
    empreintes_fichiers.sha256(path)  # remembered, written at exit
    cache.rmdir()
    empreintes_fichiers.enregistrer()
    assert not cache.exists()


def test_threads_hashing_at_once_get_the_right_hashes_and_a_readable_memo(cache, tmp_path, monkeypatch):
    """The web workspace generates in several threads: the memo is shared, bounded, and written whole."""
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.setattr(empreintes_fichiers, "ENTREES_MAX", 16)
    paths = [tmp_path / f"c{index}.yaml" for index in range(40)]
    for index, path in enumerate(paths):
        path.write_text(f"id: c{index}\n", encoding="utf-8")
    expected = [hashlib.sha256(path.read_bytes()).hexdigest() for path in paths]
    _plus_tard(monkeypatch)

    def hash_all(shift: int) -> list[str]:
        order = paths[shift:] + paths[:shift]
        return empreintes_fichiers.sha256_de(order)[len(paths) - shift:] + empreintes_fichiers.sha256_de(order)[:len(paths) - shift]

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(hash_all, range(0, 40, 5)))
    assert all(result == expected for result in results)
    _nouveau_processus(monkeypatch)
    assert empreintes_fichiers.sha256_de(paths) == expected
    assert len(empreintes_fichiers._memos[str(cache)]) <= 16
