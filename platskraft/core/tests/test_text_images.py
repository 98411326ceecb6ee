"""Residents' text (cleaned in, formatted out) and uploaded images (re-encoded, no metadata)."""

import warnings
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.safestring import SafeString
from hypothesis import given
from hypothesis import strategies as st
from PIL import ExifTags, Image

from platskraft.core import images
from platskraft.core.images import normalise_image
from platskraft.core.text import clean_html, format_text, strip_tags

# --- Text ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["3 < 5 och 7 > 2", "Tom & Jerry", "Smörgåsbord: räksmörgås, 20 kr", "a\n\nb"],
)
def test_plain_text_is_kept_exactly_as_typed(text):
    assert clean_html(text) == text
    assert strip_tags(text) == text


def test_surrounding_space_and_windows_line_ends_are_normalised():
    assert clean_html("  Hej\r\nhopp\r  ") == "Hej\nhopp"
    assert clean_html("") == "" and clean_html(None) == ""


def test_allowed_formatting_is_kept():
    text = "<p>Vi vill ha <strong>fler</strong> <em>bänkar</em>:</p><ul><li>ett</li></ul>"
    assert clean_html(text) == text


@pytest.mark.parametrize(
    ("dirty", "bad"),
    [
        ("<script>alert(1)</script>Hej", "alert"),
        ("<style>body{display:none}</style>Hej", "display"),
        ('<p onclick="steal()">Hej</p>', "onclick"),
        ('<img src="x" onerror="alert(1)">Hej', "<img"),
        ('<a href="javascript:alert(1)">Hej</a>', "javascript"),
        ('<iframe src="https://evil.example"></iframe>Hej', "iframe"),
        ('<p style="color:red">Hej</p>', "style"),
        ("<svg><script>alert(1)</script></svg>Hej", "svg"),
    ],
)
def test_scripts_styles_handlers_and_other_tags_are_dropped(dirty, bad):
    cleaned = clean_html(dirty)
    assert bad not in cleaned
    assert "Hej" in cleaned


def test_links_keep_safe_addresses_and_get_rel():
    cleaned = clean_html('<a href="https://kramfors.se" target="_blank">kommunen</a>')
    assert 'href="https://kramfors.se"' in cleaned
    assert 'rel="nofollow noopener ugc"' in cleaned
    assert "target" not in cleaned
    assert 'href="mailto:a@b.se"' in clean_html('<a href="mailto:a@b.se">mejl</a>')
    assert "href" not in clean_html('<a href="data:text/html,x">x</a>')


def test_strip_tags_gives_plain_text():
    assert strip_tags("<b>Fler</b> bänkar &amp; bord<script>x()</script>") == "Fler bänkar & bord"
    assert strip_tags("  <i>Hej</i>  ") == "Hej"
    assert strip_tags("Hej <?") == "Hej"


def test_format_text_makes_paragraphs_and_line_breaks_from_plain_text():
    html = format_text("Första stycket\nandra raden\n\n\nAndra stycket")
    assert isinstance(html, SafeString)
    assert html == "<p>Första stycket<br>andra raden</p><p>Andra stycket</p>"


def test_format_text_escapes_plain_text():
    assert format_text("Jag <3 Kramfors & älven") == "<p>Jag &lt;3 Kramfors &amp; älven</p>"
    assert format_text("") == "" and format_text("  \n\n ") == ""


def test_format_text_cleans_again_on_the_way_out():
    # Text that reached the database some other way (an import, an old row) is still safe.
    html = format_text('<p onclick="x()">Hej</p><script>alert(1)</script>')
    assert html == "<p>Hej</p>"


def test_format_text_never_nests_the_authors_paragraphs_or_lists():
    html = format_text("<p>Ett\nrad</p>\n<p>Två</p>")
    assert html == "<p>Ett<br>rad</p><p>Två</p>"
    html = format_text("Förslag:\n<ul>\n<li>bänkar</li>\n<li>bord</li>\n</ul>\n\nTack <b>!</b>")
    assert html == "<p>Förslag:</p><ul><li>bänkar</li><li>bord</li></ul><p>Tack <b>!</b></p>"
    assert "<p><p>" not in html and "<p><ul>" not in html


@given(st.text(max_size=200))
def test_cleaning_is_idempotent_and_never_lets_a_script_through(text):
    cleaned = clean_html(text)
    assert clean_html(cleaned) == cleaned
    assert strip_tags(strip_tags(text)) == strip_tags(text) or "<" in strip_tags(text)
    shown = format_text(text)
    assert "<script" not in shown.lower()
    assert " on" not in "".join(part.split(">")[0] for part in shown.split("<")[1:]).lower()


# --- Images --------------------------------------------------------------------------------


def upload(data: bytes, name="bild.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    out = BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def jpeg_with_gps_and_orientation(size=(60, 40), orientation=1) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Kamera AB"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (62.0, 55.0, 48.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (17.0, 46.0, 48.0)
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>Lat 62.93</rdf:RDF></x:xmpmeta>'
    data = encoded(Image.new("RGB", size, "green"), "JPEG", exif=exif, comment=b"hemma", xmp=xmp)
    with Image.open(BytesIO(data)) as check:
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert check.info["comment"] == b"hemma" and "xmp" in check.info
    return data


def opened(content) -> Image.Image:
    image = Image.open(BytesIO(content.read()))
    image.load()
    return image


def test_exif_gps_camera_xmp_and_comments_are_removed():
    content = normalise_image(upload(jpeg_with_gps_and_orientation())).read()
    result = opened(BytesIO(content))
    assert result.format == "JPEG" and result.size == (60, 40)
    exif = result.getexif()
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert ExifTags.Base.Make not in exif
    assert not {"exif", "comment", "xmp", "icc_profile"} & set(result.info)
    assert b"hemma" not in content and b"62.93" not in content


def test_a_photo_taken_sideways_is_turned_upright():
    # Orientation 6: the camera was turned; the stored pixels are 60 wide, shown 40 wide.
    result = opened(normalise_image(upload(jpeg_with_gps_and_orientation(orientation=6))))
    assert result.size == (40, 60)


def test_large_pictures_are_shrunk_to_the_longest_side():
    data = encoded(Image.new("RGB", (3200, 1000), "blue"), "PNG")
    result = opened(normalise_image(upload(data, "stor.png")))
    assert result.size == (images.MAX_SIDE, 500)


def test_png_and_webp_with_transparency_become_jpeg_on_white():
    transparent = Image.new("RGBA", (20, 20), (255, 0, 0, 0))
    for fmt in ["PNG", "WEBP"]:
        result = opened(normalise_image(upload(encoded(transparent, fmt), f"a.{fmt.lower()}")))
        assert result.format == "JPEG" and result.mode == "RGB"
        red, green, blue = result.getpixel((10, 10))
        assert min(red, green, blue) > 240  # white, not black or red


def test_palette_and_greyscale_images_are_accepted():
    for image in [Image.new("P", (10, 10)), Image.new("L", (10, 10)), Image.new("1", (10, 10))]:
        assert opened(normalise_image(upload(encoded(image, "PNG")))).format == "JPEG"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (encoded(Image.new("RGB", (10, 10)), "GIF"), "type"),
        (encoded(Image.new("RGB", (10, 10)), "BMP"), "type"),
        (b"%PDF-1.4 not a picture", "invalid"),
        (b"", "invalid"),
        (encoded(Image.new("RGB", (10, 10)), "JPEG")[:40], "invalid"),
    ],
)
def test_other_files_are_refused_with_a_clear_reason(data, code):
    with pytest.raises(ValidationError) as excinfo:
        normalise_image(upload(data))
    assert excinfo.value.code == code
    assert excinfo.value.messages[0]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 1024)
    data = encoded(Image.effect_noise((100, 100), 50).convert("RGB"), "PNG")
    assert len(data) > 1024
    with pytest.raises(ValidationError) as excinfo:
        normalise_image(upload(data))
    assert excinfo.value.code == "too_large"


def test_a_small_file_with_too_many_pixels_is_refused(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10_000)
    data = encoded(Image.new("1", (150, 100)), "PNG")  # 15 000 pixels, a few hundred bytes
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with pytest.raises(ValidationError) as excinfo:
            normalise_image(upload(data))
    assert excinfo.value.code == "too_large"
