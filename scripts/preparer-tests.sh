#!/bin/sh
# Installe ce qu'il faut pour les tests, sur une machine neuve, de façon idempotente :
# - LibreOffice (paquet complet libreoffice-writer, lancé en --headless : la variante
#   -nogui interrompt le chargement UNO des documents commentés) et python3-uno ;
# - PostgreSQL (Debian) : les tests du registre démarrent leur propre grappe jetable ;
# - Chromium (Debian) pour les tests de bout en bout de l'espace web (Playwright,
#   sans téléchargement de navigateur) ;
# - Continuum et ses dépendances de test.
set -eu
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

manquants=""
command -v soffice >/dev/null 2>&1 || manquants="$manquants libreoffice-writer"
dpkg -s libreoffice-writer >/dev/null 2>&1 || manquants="$manquants libreoffice-writer"
/usr/bin/python3 -c "import uno" >/dev/null 2>&1 || manquants="$manquants python3-uno"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || manquants="$manquants postgresql"
command -v chromium >/dev/null 2>&1 || manquants="$manquants chromium"
command -v pdftoppm >/dev/null 2>&1 || manquants="$manquants poppler-utils"   # aperçu des pages (espace web)
dpkg -s libjemalloc2 >/dev/null 2>&1 || manquants="$manquants libjemalloc2"   # allocateur du LibreOffice de --pdf
command -v npm >/dev/null 2>&1 || manquants="$manquants npm"   # axe-core pour les tests d'accessibilité
if [ -n "$manquants" ]; then
    echo "Installation des paquets Debian :$manquants…"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
        $manquants fonts-dejavu-core fonts-liberation >/dev/null
fi

python3 -m pip install --quiet --disable-pip-version-check -e ".[tests]"
sh scripts/construire-web.sh --tests   # axe-core (npm) pour les tests de l'espace web
