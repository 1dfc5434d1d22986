from django.contrib import admin
from django.urls import include, path

from shuangsuiji.directory.views.home import home

admin.site.site_header = "双随机监管平台 · 后台管理"
admin.site.site_title = "双随机监管平台"
admin.site.index_title = "后台管理"
admin.site.site_url = "/"

urlpatterns = [
    path("", home, name="home"),
    path("admin/", admin.site.urls),
    path("", include("shuangsuiji.common.urls")),
    path("", include("shuangsuiji.directory.urls")),
    path("", include("shuangsuiji.plans.urls")),
    path("", include("shuangsuiji.sampling.urls")),
    path("", include("shuangsuiji.inspections.urls")),
    path("", include("shuangsuiji.disclosure.urls")),
    path("public/", include("shuangsuiji.disclosure.public_urls")),
    path("api/v1/", include("shuangsuiji.api.urls")),
    path("oversight/", include("shuangsuiji.oversight.dashboard_urls")),
    path("oversight/", include("shuangsuiji.oversight.duty_urls")),
    path("oversight/", include("shuangsuiji.oversight.recheck_urls")),
    path("oversight/", include("shuangsuiji.oversight.accountability_urls")),
    path("", include("shuangsuiji.api.staff_urls")),
]
