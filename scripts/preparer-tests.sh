#!/bin/sh
# Installe ce qu'il faut pour les tests : LibreOffice headless (Debian), python3-uno,
# puis Continuum et ses dépendances de test. Idempotent.
set -eu
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

if ! command -v soffice >/dev/null 2>&1 || ! /usr/bin/python3 -c "import uno" >/dev/null 2>&1; then
    echo "Installation de LibreOffice headless et de python3-uno…"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
        libreoffice-writer-nogui python3-uno fonts-dejavu-core fonts-liberation >/dev/null
fi

python3 -m pip install --quiet --disable-pip-version-check -e ".[tests]"
