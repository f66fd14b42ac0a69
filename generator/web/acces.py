"""Who sees what: every agreement, version, file and batch is fetched through here.

A user belongs to one service (``registre.Profil``); they see the agreements of
their service and those their service is a party to
(``registre.services.accords.accords_visibles``). Anything else is a 404, never
a 403, so that the existence of another service's agreement is not revealed.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from generator.registre import models as m
from generator.registre.services.accords import accords_visibles


def service_de(user) -> m.Service | None:
    if user is None or not user.is_authenticated:
        return None
    profil = m.Profil.objects.filter(utilisateur=user).select_related("service").first()
    return profil.service if profil else None


def accords(request):
    """The agreements the user may see (none without a service)."""
    return accords_visibles(service_de(request.user))


def accord(request, pk: int) -> m.Accord:
    return get_object_or_404(accords(request), pk=pk)


def version(request, accord_pk: int, numero: int) -> m.Version:
    return get_object_or_404(m.Version, accord=accord(request, accord_pk), numero=numero)


def relecture(request, accord_pk: int, pk: int) -> m.Relecture:
    return get_object_or_404(m.Relecture, accord=accord(request, accord_pk), pk=pk)


def lots(request):
    from generator.web.models import Lot

    service = service_de(request.user)
    if service is None:
        return Lot.objects.none()
    return Lot.objects.filter(service=service)


def lot(request, pk: int):
    return get_object_or_404(lots(request), pk=pk)


def service_requis(request) -> m.Service:
    service = service_de(request.user)
    if service is None:
        raise Http404("compte sans service")
    return service


def auteur(request) -> str:
    user = request.user
    return (user.get_full_name() or user.get_username())[:150]
