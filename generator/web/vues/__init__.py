"""Views of the workspace, by screen; each view is thin and calls ``generator.web.travail``
or the registry's services."""
