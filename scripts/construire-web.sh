#!/bin/sh
# Fichiers front-end de l'espace web, pris sur le registre npm (aucun CDN) :
# - htmx.org et @gouvfr/dsfr (sous-ensemble : CSS, JS, polices, icônes utilisées par
#   la feuille de style) sont copiés avec leur licence dans
#   generator/web/static/vendor/ ; ces fichiers sont versionnés dans le dépôt, pour
#   qu'une installation (pip install) les ait sans npm ;
# - axe-core (tests d'accessibilité seulement) reste dans build/npm/node_modules/.
# Versions figées par generator/web/package-lock.json. Idempotent.
#
#   sh scripts/construire-web.sh           # tout
#   sh scripts/construire-web.sh --tests   # seulement axe-core (build/npm)
set -eu
cd "$(dirname "$0")/.."
RACINE=$(pwd)
NPM_DIR="$RACINE/build/npm"
VENDOR="$RACINE/generator/web/static/vendor"

if ! command -v npm >/dev/null 2>&1; then
    echo "npm est introuvable : installez le paquet Debian npm (apt-get install npm)." >&2
    exit 1
fi

mkdir -p "$NPM_DIR"
cp generator/web/package.json generator/web/package-lock.json "$NPM_DIR/"
# --ignore-scripts : le script d'installation du DSFR attend un projet DSFR complet.
(cd "$NPM_DIR" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
MODULES="$NPM_DIR/node_modules"
test -f "$MODULES/axe-core/axe.min.js"

if [ "${1:-}" = "--tests" ]; then
    exit 0
fi

# htmx
rm -rf "$VENDOR/htmx" && mkdir -p "$VENDOR/htmx"
cp "$MODULES/htmx.org/dist/htmx.min.js" "$MODULES/htmx.org/LICENSE" "$VENDOR/htmx/"

# DSFR : feuille de style, scripts, polices woff2 et icônes citées par la feuille
DSFR="$MODULES/@gouvfr/dsfr/dist"
rm -rf "$VENDOR/dsfr" && mkdir -p "$VENDOR/dsfr/fonts"
cp "$DSFR/dsfr.min.css" "$DSFR/dsfr.module.min.js" "$DSFR/dsfr.nomodule.min.js" "$VENDOR/dsfr/"
cp "$MODULES/@gouvfr/dsfr/LICENSE.md" "$VENDOR/dsfr/LICENSE.md"
cp "$DSFR"/fonts/*.woff2 "$VENDOR/dsfr/fonts/"
grep -o 'url(icons/[^)]*)' "$DSFR/dsfr.min.css" | sed 's/^url(//; s/)$//' | sort -u | while read -r icone; do
    mkdir -p "$VENDOR/dsfr/$(dirname "$icone")"
    cp "$DSFR/$icone" "$VENDOR/dsfr/$icone"
done

{
    echo "Fichiers tiers de l'espace web, copiés par scripts/construire-web.sh depuis le registre npm."
    echo
    for paquet in htmx.org @gouvfr/dsfr; do
        version=$(node -p "require('$MODULES/$paquet/package.json').version")
        licence=$(node -p "require('$MODULES/$paquet/package.json').license")
        echo "- $paquet $version, licence $licence"
    done
    echo
    echo "htmx/LICENSE et dsfr/LICENSE.md sont les licences livrées par ces paquets. Le DSFR est"
    echo "réservé aux services de l'État (conditions d'utilisation du paquet) : l'espace web ne"
    echo "l'active que sur demande (CONTINUUM_THEME=dsfr), jamais par défaut."
} > "$VENDOR/SOURCE.md"
echo "Fichiers front-end copiés dans $VENDOR"
