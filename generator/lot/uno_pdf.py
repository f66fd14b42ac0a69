"""A persistent headless LibreOffice that converts documents to PDF, one per request (UNO).

Run by the interpreter that has python3-uno (Debian's /usr/bin/python3), never imported
by Continuum (generator/lot/pdf.py starts it, one per worker):

    /usr/bin/python3 uno_pdf.py PROFILE_URL PIPE_NAME [WARM_UP_DOCUMENT]

It starts soffice listening on the pipe, converts WARM_UP_DOCUMENT when given (the batch's Word
template: LibreOffice then loads its import and export code and fonts before the first real
document, while the batch is still generating; the PDF is thrown away and a failure ignored), prints
« pret », then reads requests on stdin,
one per line, ``SOURCE<TAB>TARGET`` (absolute paths), and answers each on stdout with
``ok<TAB>TARGET<TAB>LOAD EXPORT CLOSE`` (milliseconds of each step, for benchmarks/) or
``erreur<TAB>MESSAGE``. At the end of stdin it closes LibreOffice.

Documents are loaded hidden, read-only and silent, macros never run, links never updated, and
a .docx names its import filter (no type detection). Export options are LibreOffice's defaults
for the profile (comments not printed, PDF not tagged), as before.
Standard library and uno only: the generator's dependencies are not installed for that
interpreter.
"""

import os
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


def _prop(name, value):
    item = PropertyValue()
    item.Name, item.Value = name, value
    return item


def _demarrer(profile, pipe):
    # A first start on a new profile creates it and quits, so the listening instance does not restart.
    subprocess.run(["soffice", "--headless", "--terminate_after_init", f"-env:UserInstallation={profile}"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    office = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore", "--nologo",
                               f"-env:UserInstallation={profile}", f"--accept=pipe,name={pipe};urp;"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(1200):
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return office, context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        except NoConnectException:
            if office.poll() is not None:
                break
            time.sleep(0.05)
    raise SystemExit("LibreOffice ne répond pas")


# Word documents skip type detection; macros never run; links are not updated (a batch's documents have none).
_FILTRES = {".docx": "MS Word 2007 XML"}
_NEVER_EXECUTE, _NO_UPDATE = 0, 0  # com.sun.star.document.MacroExecMode / UpdateDocMode


def _proprietes_de_chargement(source):
    properties = [_prop("Hidden", True), _prop("ReadOnly", True), _prop("Silent", True),
                  _prop("MacroExecutionMode", _NEVER_EXECUTE), _prop("UpdateDocMode", _NO_UPDATE)]
    suffix = source[source.rfind("."):].lower() if "." in source else ""
    if suffix in _FILTRES:
        properties.append(_prop("FilterName", _FILTRES[suffix]))
    return tuple(properties)


def _convertir(desktop, source, target):
    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0,
                                            _proprietes_de_chargement(source))
    if document is None:
        raise RuntimeError("document illisible")
    loaded = time.perf_counter()
    try:
        document.storeToURL(uno.systemPathToFileUrl(target), (_prop("FilterName", "writer_pdf_Export"),))
    finally:
        exported = time.perf_counter()
        document.close(True)
    return loaded, exported, time.perf_counter()


def _echauffer(desktop, source):
    with tempfile.TemporaryDirectory(prefix="continuum-echauffement-") as work:
        try:
            _convertir(desktop, source, os.path.join(work, "echauffement.pdf"))
        except Exception:  # noqa: BLE001, S110 - a warm-up only: the real documents report their own errors
            pass


def main():
    office, desktop = _demarrer(sys.argv[1], sys.argv[2])
    if len(sys.argv) > 3:
        _echauffer(desktop, sys.argv[3])
    print("pret", flush=True)
    try:
        for line in sys.stdin:
            source, _, target = line.rstrip("\n").partition("\t")
            try:
                start = time.perf_counter()
                loaded, exported, closed = _convertir(desktop, source, target)
                steps = ((start, loaded), (loaded, exported), (exported, closed))
                stages = " ".join(f"{(end - begin) * 1000:.1f}" for begin, end in steps)
                print(f"ok\t{target}\t{stages}", flush=True)
            except Exception as exc:  # noqa: BLE001 - UNO raises its own exception types
                message = " ".join(str(getattr(exc, "Message", "") or exc).split())[:300]
                print(f"erreur\t{type(exc).__name__} : {message}", flush=True)
    finally:
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001, S110 - LibreOffice may already be gone
            pass
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
