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
import sys

from session_uno import libreoffice, ouvrir, prop, url

path, action = os.path.abspath(sys.argv[1]), sys.argv[2]
with libreoffice("acc") as (ctx, desktop):
    doc = ouvrir(desktop, path)
    count = doc.getRedlines().getCount()
    dispatcher = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
    frame = doc.getCurrentController().getFrame()
    if action == "editer":  # a reviewer's edit, change tracking on, saved as Word
        bookmark, inserted, output = sys.argv[3], sys.argv[4], sys.argv[5]
        doc.RecordChanges = True
        anchor = doc.getBookmarks().getByName(bookmark).getAnchor()
        anchor.getText().insertString(anchor.getEnd(), inserted, False)
        doc.storeToURL(url(output), (prop("FilterName", "MS Word 2007 XML"),))
    elif action != "lire":
        command = ".uno:AcceptAllTrackedChanges" if action == "accepter" else ".uno:RejectAllTrackedChanges"
        dispatcher.executeDispatch(frame, command, "", 0, ())
    text = doc.getText().getString()
    after = doc.getRedlines().getCount()
    doc.close(True)
print(json.dumps({"avant": count, "apres": after, "texte": text}, ensure_ascii=False))
