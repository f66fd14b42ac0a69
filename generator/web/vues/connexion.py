"""Login and logout (Django's auth views, French templates)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views


class Connexion(auth_views.LoginView):
    template_name = "web/connexion.html"
    redirect_authenticated_user = True


class Deconnexion(auth_views.LogoutView):
    pass
