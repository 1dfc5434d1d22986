from django.urls import path

from .views import entities, exports, imports, inspectors, items

app_name = "directory"

urlpatterns = [
    path("items/", items.item_list, name="item_list"),
    path("items/<int:pk>/", items.item_detail, name="item_detail"),
    path("items/<int:pk>/publish/", items.item_publish, name="item_publish"),
    path("items/<int:pk>/new-version/", items.item_new_version, name="item_new_version"),
    path("entities/", entities.entity_list, name="entity_list"),
    path("entities/<int:pk>/", entities.entity_detail, name="entity_detail"),
    path("inspectors/", inspectors.inspector_list, name="inspector_list"),
    path("inspectors/<int:pk>/", inspectors.inspector_detail, name="inspector_detail"),
    path("import/", imports.import_page, name="import"),
    path("import/progress/<str:token>/", imports.import_progress, name="import_progress"),
    path("import/template/<str:kind>/", exports.import_template, name="import_template"),
    path("export/<str:kind>/<str:fmt>/", exports.export, name="export"),
]
