"""Export and import endpoints, included by config/api_urls.py under /api/v1/."""

app_name = "exports_api"
urlpatterns: list = []
