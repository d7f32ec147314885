"""Non-admin pages of the case module (downloads that must check permission and log access)."""

urlpatterns = []
