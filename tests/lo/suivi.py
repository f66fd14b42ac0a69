"""Accept or reject every tracked change with LibreOffice (UNO), and print the resulting text.

Run under Debian's interpreter, which has python3-uno:

    /usr/bin/python3 tests/lo/suivi.py DOCUMENT.docx accepter|rejeter|lire
    /usr/bin/python3 tests/lo/suivi.py DOCUMENT.docx editer SIGNET TEXTE SORTIE.docx

Prints JSON: the number of tracked changes before and after, and the body text.
Use it on documents without comments: LibreOffice 7.4 headless aborts after
loading a document that carries comments through UNO.
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

path, action = os.path.abspath(sys.argv[1]), sys.argv[2]
# A first start on a new profile creates it and quits, so the listening instance does not restart.
profile = tempfile.mkdtemp()
subprocess.run(["soffice", "--headless", "--terminate_after_init", f"-env:UserInstallation=file://{profile}"], capture_output=True)
pipe = f"acc{os.getpid()}"
proc = subprocess.Popen(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
for _ in range(200):
    try:
        ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        break
    except NoConnectException:
        time.sleep(0.25)
smgr = ctx.ServiceManager
desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0, (prop("Hidden", True),))
count = doc.getRedlines().getCount()
dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
frame = doc.getCurrentController().getFrame()
if action == "editer":  # a reviewer's edit, change tracking on, saved as Word
    bookmark, inserted, output = sys.argv[3], sys.argv[4], os.path.abspath(sys.argv[5])
    doc.RecordChanges = True
    anchor = doc.getBookmarks().getByName(bookmark).getAnchor()
    anchor.getText().insertString(anchor.getEnd(), inserted, False)
    doc.storeToURL(uno.systemPathToFileUrl(output), (prop("FilterName", "MS Word 2007 XML"),))
elif action != "lire":
    dispatcher.executeDispatch(frame, ".uno:AcceptAllTrackedChanges" if action == "accepter" else ".uno:RejectAllTrackedChanges", "", 0, ())
text = doc.getText().getString()
after = doc.getRedlines().getCount()
doc.close(True)
try:
    desktop.terminate()
except Exception:  # noqa: BLE001 - LibreOffice may already be gone
    pass
proc.wait(timeout=30)
print(json.dumps({"avant": count, "apres": after, "texte": text}, ensure_ascii=False))
