"""WordprocessingML written as text without python-docx (generator/oxml_texte.py): the same names as
python-docx's, and a batch's fast path that never imports python-docx."""

from __future__ import annotations

import os
import subprocess
import sys

from docx.oxml.ns import nsmap, qn as qn_docx

from generator import oxml, oxml_texte
from tests.conftest import EXEMPLES


def test_the_namespaces_and_qualified_names_are_python_docx_s():
    assert oxml_texte.NSMAP == nsmap
    for tag in ("w:p", "w:bookmarkStart", "r:id", "wp:docPr", "a:blip", "pic:pic", "w14:paraId", "cp:keywords"):
        assert oxml_texte.qn(tag) == qn_docx(tag)
    assert oxml.CorpsXml is oxml_texte.CorpsXml and oxml.qn("w:t") == qn_docx("w:t")


def test_a_batch_with_the_disk_cache_warm_never_imports_python_docx(tmp_path):
    """The second run of a batch writes its documents without python-docx (about 50 ms of every start)."""
    table = tmp_path / "zones.csv"
    table.write_text("zone.nom\nZone des Hauts\nZone du Bas\n", encoding="utf-8")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from generator.lot import execution as ex\n"
        f"options = ex.Options('clcs', Path({str(table)!r}), Path(sys.argv[1]), base=Path({str(EXEMPLES / 'clcs-vatine.yaml')!r}),"
        " travailleurs=1)\n"
        "bilan = ex.executer(options)\n"
        "print(bilan.compter('généré'), 'docx' in sys.modules)\n"
    )
    env = {**os.environ, "CONTINUUM_CACHE": str(tmp_path / "cache")}
    first = subprocess.run([sys.executable, "-c", script, str(tmp_path / "un")], capture_output=True, text=True,
                           env=env, timeout=300)
    assert first.returncode == 0, first.stderr[-2000:]
    second = subprocess.run([sys.executable, "-c", script, str(tmp_path / "deux")], capture_output=True, text=True,
                            env=env, timeout=300)
    assert second.returncode == 0, second.stderr[-2000:]
    assert second.stdout.split() == ["2", "False"]
    for name in ("un", "deux"):
        assert len(list((tmp_path / name).glob("*.docx"))) == 2
