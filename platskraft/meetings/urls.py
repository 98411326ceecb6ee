"""Meeting addresses: residents' pages under /<municipality>/meetings/, staff pages under
/<municipality>/staff/meetings/, OPERA workshops under /<municipality>/opera/. Each part
keeps its own list of paths: `views/public`, `views/staff`, `views/opera`."""

from .views import opera, public, staff

app_name = "meetings"

urlpatterns = [*public.urlpatterns, *staff.urlpatterns, *opera.urlpatterns]
