"""Debian's Chromium driven by Playwright (never `playwright install`), and axe-core in the page."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGUMENTS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-first-run", "--lang=fr-FR"]
RACINE = Path(__file__).resolve().parents[2]
AXE = RACINE / "build" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
NIVEAUX = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def exiger_chromium() -> None:
    """Chromium is part of the test set-up (scripts/preparer-tests.sh installs it): absence is a failure."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium (/usr/bin/chromium) est introuvable : lancez scripts/preparer-tests.sh")


def script_axe() -> str:
    """axe-core from npm (build/npm, installed by scripts/construire-web.sh --tests)."""
    if not AXE.exists():
        if shutil.which("npm") is None:
            pytest.fail("axe-core absent et npm introuvable : lancez scripts/preparer-tests.sh")
        subprocess.run(["sh", str(RACINE / "scripts" / "construire-web.sh"), "--tests"], check=True, timeout=600)
    return AXE.read_text(encoding="utf-8")


def lancer(playwright):
    exiger_chromium()
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS)


def violations_axe(page, script: str) -> list[dict]:
    """Violations of WCAG 2.1 levels A and AA found by axe-core on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=script)
    result = page.evaluate("(niveaux) => axe.run(document, {runOnly: {type: 'tag', values: niveaux}})", NIVEAUX)
    return [{"id": v["id"], "impact": v["impact"], "aide": v["help"],
             "cibles": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]


def verifier_accessibilite(page, script: str) -> None:
    found = violations_axe(page, script)
    assert not found, f"axe-core : {len(found)} violation(s) WCAG A/AA sur {page.url} :\n" + json.dumps(
        found, ensure_ascii=False, indent=2)
