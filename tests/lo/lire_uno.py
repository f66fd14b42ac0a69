"""Open a Word document in LibreOffice through UNO (full libreoffice-writer, --headless) and print what it loaded.

Run under Debian's interpreter, which has python3-uno:

    /usr/bin/python3 tests/lo/lire_uno.py DOCUMENT.docx

Prints JSON: body text, comments (author, text, anchored text), bookmarks, user-defined
document properties. Drafts carry comments: the full package loads them (the -nogui
variant aborted on them).
"""

import json
import sys

from session_uno import libreoffice, ouvrir

with libreoffice("lire") as (_ctx, desktop):
    doc = ouvrir(desktop, sys.argv[1])
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
print(json.dumps(result, ensure_ascii=False))
