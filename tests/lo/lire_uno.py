"""Open a Word document in LibreOffice through UNO (full libreoffice-writer, --headless) and print what it loaded.

Run under Debian's interpreter, which has python3-uno:

    /usr/bin/python3 tests/lo/lire_uno.py DOCUMENT.docx

Prints JSON: body text, comments (author, text, anchored text), bookmarks, user-defined
document properties. Drafts carry comments: the full package loads them (the -nogui
variant aborted on them).
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


path = os.path.abspath(sys.argv[1])
profile = tempfile.mkdtemp()
subprocess.run(["soffice", "--headless", "--terminate_after_init", f"-env:UserInstallation=file://{profile}"],
               capture_output=True)
pipe = f"lire{os.getpid()}"
proc = subprocess.Popen(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                         f"--accept=pipe,name={pipe};urp;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
ctx = None
for _ in range(240):
    try:
        ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        break
    except NoConnectException:
        time.sleep(0.25)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0, (prop("Hidden", True),))
comments = []
fields = doc.getTextFields().createEnumeration()
while fields.hasMoreElements():
    field = fields.nextElement()
    if field.supportsService("com.sun.star.text.textfield.Annotation"):
        comments.append({"auteur": field.Author, "texte": field.Content, "ancre": field.getAnchor().getString()})
user = doc.getDocumentProperties().getUserDefinedProperties()
properties = {p.Name: str(user.getPropertyValue(p.Name)) for p in user.getPropertySetInfo().getProperties()}
result = {
    "texte": doc.getText().getString(),
    "commentaires": comments,
    "signets": list(doc.getBookmarks().getElementNames()),
    "proprietes": properties,
    "titre": doc.getDocumentProperties().Title,
}
doc.close(True)
try:
    desktop.terminate()
except Exception:  # noqa: BLE001 - LibreOffice may already be gone
    pass
proc.wait(timeout=60)
print(json.dumps(result, ensure_ascii=False))
