"""Open a Word file in LibreOffice (headless, through UNO) and report what it sees.

Run under Debian's interpreter, which has python3-uno:

    /usr/bin/python3 tests/lo/inspecter.py FICHIER.docx [--aller-retour SORTIE.docx]

Prints JSON: paragraph texts, bookmark names, comment (annotation) count,
tracked-change count, table count, page count. With ``--aller-retour``, the
document is saved again as Word 2007-365 by LibreOffice (round trip).
"""

import json
import os
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


def prop(name, value):
    item = PropertyValue()
    item.Name, item.Value = name, value
    return item


def connect(pipe, profile):
    process = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
         f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(240):
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return process, ctx
        except NoConnectException:
            time.sleep(0.25)
    process.kill()
    raise SystemExit("LibreOffice ne répond pas")


def inspect(doc):
    paragraphs = []
    enum = doc.getText().createEnumeration()
    tables = 0
    while enum.hasMoreElements():
        element = enum.nextElement()
        if element.supportsService("com.sun.star.text.Paragraph"):
            paragraphs.append(element.getString())
        elif element.supportsService("com.sun.star.text.TextTable"):
            tables += 1
            for name in element.getCellNames():
                paragraphs.append(element.getCellByName(name).getString())
    annotations = 0
    fields = doc.getTextFields().createEnumeration()
    while fields.hasMoreElements():
        field = fields.nextElement()
        if field.supportsService("com.sun.star.text.textfield.Annotation"):
            annotations += 1
    controller = doc.getCurrentController()
    pages = controller.getPropertyValue("PageCount") if controller else None
    return {
        "paragraphes": paragraphs,
        "signets": list(doc.getBookmarks().getElementNames()),
        "commentaires": annotations,
        "modifications": doc.getRedlines().getCount() if hasattr(doc, "getRedlines") else 0,
        "tableaux": tables,
        "pages": pages,
        "titre": doc.getDocumentProperties().Title,
    }


def main():
    path = os.path.abspath(sys.argv[1])
    round_trip = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--aller-retour" else None
    profile = tempfile.mkdtemp(prefix="continuum-lo-")
    pipe = f"continuum{os.getpid()}"
    process, ctx = connect(pipe, profile)
    try:
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0, (prop("Hidden", True),))
        if doc is None:
            raise SystemExit(f"LibreOffice n'a pas pu ouvrir {path}")
        result = inspect(doc)
        if round_trip:
            doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(round_trip)), (prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)
        json.dump(result, sys.stdout, ensure_ascii=False)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        process.wait(timeout=30)


if __name__ == "__main__":
    main()
