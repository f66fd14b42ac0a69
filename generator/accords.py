"""French agreement of a counted noun phrase: "1 document généré", "3 documents générés", never "(s)"."""

from __future__ import annotations


def nombre(compte: int, singulier: str, pluriel: str | None = None) -> str:
    """``compte`` followed by the phrase in the singular (0 and 1) or the plural.

    Without ``pluriel``, every word of ``singulier`` takes an "s" ("document généré" → "documents générés").
    """
    if compte <= 1:
        return f"{compte} {singulier}"
    return f"{compte} {pluriel or ' '.join(w if w.endswith(('s', 'x')) else w + 's' for w in singulier.split())}"
