from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "zhicheng.core"
    verbose_name = "平台"

    def ready(self) -> None:
        from django.conf import settings
        from PIL import Image

        from .groups import ensure_office_group

        # Decompression bombs: Pillow warns above this many pixels and refuses twice as many;
        # our image checks (filetypes, archive.photo) turn the warning into a refusal too.
        Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS

        post_migrate.connect(ensure_office_group, dispatch_uid="zhicheng.office_group")
