"""Edit a Word document with LibreOffice (UNO), as a reviewer would, and save it as Word.

Run under Debian's interpreter, which has python3-uno:

    /usr/bin/python3 tests/hostile/lo_editer.py SOURCE.docx SIGNET debut|fin suivi|libre TEXTE SORTIE.docx

Inserts TEXTE at the start or the end of the bookmark SIGNET, with change
tracking on (``suivi``) or off (``libre``), and saves as MS Word 2007 XML.
"""

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


source, bookmark, where, mode, inserted, output = sys.argv[1:7]
profile = tempfile.mkdtemp()
subprocess.run(["soffice", "--headless", "--terminate_after_init", f"-env:UserInstallation=file://{profile}"],
               capture_output=True, timeout=120)
pipe = f"edit{os.getpid()}"
proc = subprocess.Popen(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                         f"--accept=pipe,name={pipe};urp;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
for _ in range(240):
    try:
        ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        break
    except NoConnectException:
        time.sleep(0.25)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0, (prop("Hidden", True),))
doc.RecordChanges = mode == "suivi"
anchor = doc.getBookmarks().getByName(bookmark).getAnchor()
position = anchor.getStart() if where == "debut" else anchor.getEnd()
anchor.getText().insertString(position, inserted, False)
doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(output)), (prop("FilterName", "MS Word 2007 XML"),))
doc.close(True)
try:
    desktop.terminate()
except Exception:  # noqa: BLE001 - LibreOffice may already be gone
    pass
proc.wait(timeout=60)
