"""One headless LibreOffice driven through UNO, for the test helper scripts (run by /usr/bin/python3).

    with libreoffice("acc") as (ctx, desktop):
        doc = ouvrir(desktop, "document.docx")

A first start on a new profile creates it and quits, so the listening instance does not restart;
LibreOffice is terminated and waited for on exit.
"""

import contextlib
import os
import subprocess
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


def prop(name, value):
    item = PropertyValue()
    item.Name, item.Value = name, value
    return item


@contextlib.contextmanager
def libreoffice(nom: str):
    """Start LibreOffice listening on a pipe named after ``nom``; yield its component context and desktop."""
    profile = tempfile.mkdtemp()
    subprocess.run(["soffice", "--headless", "--terminate_after_init", f"-env:UserInstallation=file://{profile}"],
                   capture_output=True, timeout=120)
    pipe = f"{nom}{os.getpid()}"
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
    if ctx is None:
        proc.kill()
        raise SystemExit("LibreOffice n'a pas répondu sur son canal UNO")
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    try:
        yield ctx, desktop
    finally:
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 - LibreOffice may already be gone
            pass
        proc.wait(timeout=60)


def ouvrir(desktop, chemin):
    """Load a document, hidden."""
    return desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(chemin)), "_blank", 0,
                                        (prop("Hidden", True),))


def url(chemin):
    return uno.systemPathToFileUrl(os.path.abspath(chemin))
