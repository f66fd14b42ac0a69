"""Blocks of a batch reused from one document to the next.

A batch places the same clauses at the same place in every document, and most of
them render to the same text (generator/rendus_reutilises.py). The block built from
a clause, its rendered text, its title, its article number and its socle status is
then the same in every document: it is built once and the same object is given
again. The writer keys what it wrote on that object (generator/redacteur.py), so a
reused block costs a lookup, not a new paragraph split and a new XML body.

Blocks are frozen (generator/document.py): sharing one between documents is safe.
The store is bounded (least recently used first out) and keyed by the identity of the
clause and plan (generator/reserve_bornee.py): a block of a reloaded library is never
confused with an old one.
"""

from __future__ import annotations

from generator import rendu_texte
from generator.bibliotheque import Clause
from generator.bibliotheque_locale import mention_commentaire
from generator.document import Bloc
from generator.plan import Plan
from generator.reserve_bornee import ReserveBornee
from generator.selection import citation_socle

TAILLE_MAX = 2048  # blocks kept at most


class BlocsAssembles:
    def __init__(self):
        self._blocs: ReserveBornee[Bloc] = ReserveBornee(TAILLE_MAX)

    def bloc(self, plan: Plan, clause: Clause, cle: str, socle: bool, numero: int | None, texte: str,
             titre: str) -> Bloc:
        """The block of ``clause`` rendered as ``texte``: the one built before for the same inputs, or a new one."""
        key = (cle, socle, numero, texte, titre)
        kept = self._blocs.lire_pour((plan, clause), key)
        if kept is None:
            kept = _construire(plan, clause, cle, socle, numero, texte, titre)
            self._blocs.garder_pour((plan, clause), key, kept)
        return kept


def _construire(plan: Plan, clause: Clause, cle: str, socle: bool, numero: int | None, texte: str,
                titre: str) -> Bloc:
    mention = plan.mention(clause.mesure)
    return Bloc(
        cle=cle,
        titre=titre,
        paragraphes=rendu_texte.paragraphes(texte),
        numero=numero,
        socle=socle and bool(mention),
        mention=mention if socle else "",
        section=plan.numerotation == "sections",
        citation=citation_socle(clause) if socle else clause.source.citation(),
        references=clause.references,
        version=clause.version,
        titre_visible=clause.afficher_titre or numero is not None,  # an article always shows its heading
        variante=mention_commentaire(clause),
    )
