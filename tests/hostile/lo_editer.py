"""Edit a Word document with LibreOffice (UNO), as a reviewer would, and save it as Word.

Run under Debian's interpreter, which has python3-uno:

    /usr/bin/python3 tests/hostile/lo_editer.py SOURCE.docx SIGNET debut|fin suivi|libre TEXTE SORTIE.docx

Inserts TEXTE at the start or the end of the bookmark SIGNET, with change
tracking on (``suivi``) or off (``libre``), and saves as MS Word 2007 XML.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lo"))
from session_uno import libreoffice, ouvrir, prop, url  # noqa: E402

source, bookmark, where, mode, inserted, output = sys.argv[1:7]
with libreoffice("edit") as (_ctx, desktop):
    doc = ouvrir(desktop, source)
    doc.RecordChanges = mode == "suivi"
    anchor = doc.getBookmarks().getByName(bookmark).getAnchor()
    position = anchor.getStart() if where == "debut" else anchor.getEnd()
    anchor.getText().insertString(position, inserted, False)
    doc.storeToURL(url(output), (prop("FilterName", "MS Word 2007 XML"),))
    doc.close(True)
