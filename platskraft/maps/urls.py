"""Mental-map analysis addresses: staff pages under /<municipality>/staff/surveys/<pk>/map/,
the published page under /<municipality>/surveys/<pk>/map/."""

app_name = "maps"
urlpatterns: list = []
