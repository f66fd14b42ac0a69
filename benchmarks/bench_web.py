"""Response times of the web workspace (Django test client, throwaway SQLite registry).

    python3 benchmarks/bench_web.py

Measures, warm, the median time of each main page (target: under 200 ms), the
generation of one CSI through the workspace (target: under 2 s), and the page
times while a 300-row batch is being validated by a background worker thread
(the web process is never blocked by a batch).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))


def _mesurer(client, url: str, fois: int = 15) -> float:
    client.get(url)
    durations = []
    for _ in range(fois):
        start = time.perf_counter()
        assert client.get(url).status_code == 200, url
        durations.append(time.perf_counter() - start)
    return statistics.median(durations) * 1000


def main() -> None:
    work = tempfile.mkdtemp(prefix="continuum-bench-web-")
    os.environ.update(CONTINUUM_REGISTRE=f"sqlite:///{work}/registre.sqlite3", CONTINUUM_STOCKAGE=f"{work}/stockage")
    import yaml

    from generator.registre.configuration import configurer

    configurer(web=True)
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import Client

    from generator.registre import models as m
    from generator.web import travail
    from generator.registre.services import creer_accord

    settings.ALLOWED_HOSTS.append("testserver")
    service = m.Service.objects.create(nom="Ville du Havre", nature="commune", code="76351")
    user = User.objects.create_user("bench", password="bench-2026")
    m.Profil.objects.create(utilisateur=user, service=service)
    accord = creer_accord("csi", service=service, auteur="bench")
    raw = yaml.safe_load((RACINE / "data" / "exemples" / "csi-le-havre.yaml").read_text(encoding="utf-8"))
    accord.reponses = json.loads(json.dumps(raw, default=str))
    accord.save()
    client = Client()
    client.login(username="bench", password="bench-2026")
    pages = ["/", f"/accords/{accord.pk}/", f"/accords/{accord.pk}/questionnaire/signataires/",
             f"/accords/{accord.pk}/questionnaire/mesures/", f"/accords/{accord.pk}/revue/", "/bibliotheque/csi/",
             "/tableau-de-bord/", "/communes/suggestions/?champ=champ-commune&commune=Saint"]
    print("| page | médiane (ms) |\n|---|---|")
    for url in pages:
        print(f"| `{url}` | {_mesurer(client, url):.1f} |")

    travail.generer(accord, brouillon=True, auteur="bench", service=service)  # warm-up
    durations = []
    for _ in range(5):
        start = time.perf_counter()
        travail.generer(accord, brouillon=True, auteur="bench", service=service)
        durations.append(time.perf_counter() - start)
    print(f"\nGénération d'un CSI (chaud, enregistrement au registre compris) : {statistics.median(durations):.2f} s")

    from generator.lot.modele import ecrire_modele
    from generator.web import fichiers
    from generator.web.lots import valider
    from generator.web.models import Lot
    from openpyxl import load_workbook

    template = Path(work) / "modele.xlsx"
    ecrire_modele("clcs", template)
    book = load_workbook(template)
    sheet = book["Lignes"]
    headers = [c.value for c in sheet[2]]  # row 1: French labels, row 2: answer paths, row 3: example
    example = [c.value for c in sheet[3]]
    for index in range(300):
        row = list(example)
        row[headers.index("zone.nom")] = f"Zone d'activités n° {index}"
        if "exemple" in headers:
            row[headers.index("exemple")] = ""  # a real row, not the template's example
        sheet.append(row)
    book.save(template)
    clcs = yaml.safe_load((RACINE / "data" / "exemples" / "clcs-vatine.yaml").read_text(encoding="utf-8"))
    shared = yaml.safe_dump({"organismes": clcs["organismes"]}, allow_unicode=True).encode("utf-8")
    lot = Lot.objects.create(service=service, type_document="clcs", nom_tableau="modele.xlsx",
                             tableau=fichiers.stocker(template.read_bytes(), "xlsx"), extension="xlsx",
                             base=fichiers.stocker(shared, "yaml"))
    thread = threading.Thread(target=valider, args=(lot.pk,))
    start = time.perf_counter()
    thread.start()
    during = _mesurer(client, f"/accords/{accord.pk}/questionnaire/signataires/", fois=10)
    thread.join()
    lot.refresh_from_db()
    print(f"Lot : {lot.total} lignes vérifiées, {lot.valides} valides.")
    print(f"Page du questionnaire pendant la validation d'un lot de 300 lignes : {during:.1f} ms "
          f"(validation : {time.perf_counter() - start:.1f} s, dans un autre fil)")


if __name__ == "__main__":
    main()
