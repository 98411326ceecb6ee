"""Uploaded images: checked, turned upright, shrunk and re-encoded without metadata.

Re-encoding from the pixels drops EXIF (camera, time and GPS position), XMP and
any comments, so nothing about the person or the place leaks with the picture.
"""

from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_SIDE = 1600
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
Image.MAX_IMAGE_PIXELS = 40_000_000


def normalise_image(upload) -> ContentFile:
    """A clean JPEG from an uploaded file, or a ValidationError saying what is wrong."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The image is too large (%(size)s MB). The largest allowed is %(max)s MB.")
            % {
                "size": round(upload.size / 1024 / 1024, 1),
                "max": MAX_UPLOAD_BYTES // 1024 // 1024,
            },
            code="too_large",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            kind = probe.format
            width, height = probe.size
            probe.verify()
        # Pillow only refuses above twice MAX_IMAGE_PIXELS (and warns below): refuse here
        # before decoding, so a small file cannot make the server unpack a huge picture.
        if width * height > Image.MAX_IMAGE_PIXELS:
            raise ValidationError(
                _("The image has too many pixels (%(width)s × %(height)s). Use a smaller picture.")
                % {"width": width, "height": height},
                code="too_large",
            )
        if kind not in ACCEPTED_FORMATS:
            raise ValidationError(
                _("Images must be JPEG, PNG or WebP; this file is %(kind)s.") % {"kind": kind},
                code="type",
            )
        upload.seek(0)
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            if image.mode not in ("RGB", "L"):
                background = Image.new("RGB", image.size, "white")
                background.paste(image, mask=image.convert("RGBA").split()[-1])
                image = background
            out = BytesIO()
            clean = image.convert("RGB")
            clean.info = {}  # Pillow would otherwise write the comment and XMP back out
            clean.save(out, format="JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("The file could not be read as an image. Use a JPEG, PNG or WebP picture."),
            code="invalid",
        ) from error
    return ContentFile(out.getvalue())
