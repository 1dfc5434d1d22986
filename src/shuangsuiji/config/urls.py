from django.contrib import admin
from django.urls import path

admin.site.site_header = "双随机监管平台 · 后台管理"
admin.site.site_title = "双随机监管平台"
admin.site.index_title = "后台管理"

urlpatterns = [
    path("admin/", admin.site.urls),
]
