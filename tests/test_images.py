"""Pictures are decoded whole (damage anywhere is refused) and reduced cheaply
(images.py). The cost itself is measured by bench/image_cost.py, not here."""
from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, ImageFile

from webform import images

LIMIT = 50_000_000


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int, raw: bytes) -> bytes:
    """A PNG whose chunks and checksums are all right, whatever `raw` (the
    filtered rows the zlib data inflates to) holds."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", zlib.compress(raw))
            + png_chunk(b"IEND", b""))


ROW = b"\x00" + b"\x10\x80\xf0" * 40  # filter "none", 40 pixels
GOOD_PNG = png(40, 30, ROW * 30)
CORRUPT_PNGS = {
    "too-short": png(40, 30, ROW * 10),  # the pixel data stops after 10 rows of 30
    "unknown-filter": png(40, 30, (b"\x09" + ROW[1:]) * 30),  # filter types are 0 to 4
    "too-long": png(40, 30, ROW * 31),
}


@pytest.mark.parametrize("mode", ["1", "L", "LA", "P", "RGB", "RGBA", "I;16"])
def test_a_whole_png_passes(mode):
    """The pixel data's expected length is right for every kind of PNG."""
    images.check_png(io.BytesIO(GOOD_PNG), LIMIT)
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize((37, 23)).convert(mode).save(buffer, format="PNG")
    images.check_png(io.BytesIO(buffer.getvalue()), LIMIT)


def test_interlaced_png_passes():
    """Adam7: seven passes, each row with its filter byte (a 3 x 3 grey picture)."""
    passes = [(1, 1), (0, 0), (0, 0), (1, 1), (2, 1), (1, 2), (3, 1)]  # columns, rows per pass
    raw = b"".join((b"\x00" + b"\x80" * columns) * rows for columns, rows in passes if columns)
    header = struct.pack(">IIBBBBB", 3, 3, 8, 0, 0, 0, 1)
    content = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", zlib.compress(raw)) + png_chunk(b"IEND", b"")
    images.check_png(io.BytesIO(content), LIMIT)
    with pytest.raises(images.UnreadableImage):
        broken = content.replace(png_chunk(b"IDAT", zlib.compress(raw)), png_chunk(b"IDAT", zlib.compress(raw[:-2])))
        images.check_png(io.BytesIO(broken), LIMIT)


@pytest.mark.parametrize("name", CORRUPT_PNGS)
def test_png_with_corrupt_pixel_data_is_refused(name):
    content = CORRUPT_PNGS[name]
    with Image.open(io.BytesIO(content)) as picture:
        picture.verify()  # every chunk and checksum is right: verify() alone lets it pass
    with pytest.raises(images.UnreadableImage):
        images.check_png(io.BytesIO(content), LIMIT)


def jpeg(size=(64, 48), **options) -> bytes:
    buffer = io.BytesIO()
    Image.linear_gradient("L").resize(size).convert("RGB").save(buffer, format="JPEG", quality=90, **options)
    return buffer.getvalue()


def exif(orientation: int = 6) -> bytes:
    data = Image.Exif()
    data[0x0112] = orientation
    return data.tobytes()


def test_a_jpeg_without_metadata_is_kept_as_it_is():
    assert images.clean_jpeg(io.BytesIO(jpeg()), LIMIT) is None


@pytest.mark.parametrize("options", [{}, {"exif": exif()}, {"progressive": True}], ids=["plain", "exif", "progressive"])
def test_truncated_jpeg_is_refused(options):
    """Decoding at an eighth of the size still reads every byte of the
    scan: a picture cut short is refused, with or without metadata, even
    once WeasyPrint (imported to make the PDF summary) has turned Pillow's
    tolerance of truncated pictures on for the whole process."""
    import weasyprint.images  # noqa: F401  sets ImageFile.LOAD_TRUNCATED_IMAGES = True

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    whole = jpeg((640, 480), **options)
    images.clean_jpeg(io.BytesIO(whole), LIMIT)
    with pytest.raises(images.UnreadableImage):
        images.clean_jpeg(io.BytesIO(whole[: len(whole) * 2 // 3]), LIMIT)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # put back for WeasyPrint


def test_png_cut_short_is_refused_after_weasyprint_is_imported():
    import weasyprint.images  # noqa: F401

    with pytest.raises(images.UnreadableImage):
        images.check_png(io.BytesIO(GOOD_PNG[:-40]), LIMIT)


@pytest.mark.parametrize("width, height, factor", [
    (4032, 3024, 1), (4096, 100, 1), (4097, 100, 2), (7000, 7000, 2), (8192, 6144, 2),
    (8193, 10, 4), (20000, 1000, 8), (100_000, 400, 8),
])
def test_reduction_is_the_smallest_power_of_two_within_max_side(width, height, factor):
    assert images.MAX_SIDE == 4096
    assert images.reduction(width, height) == factor


def marked(width: int, height: int) -> Image.Image:
    """A light picture with a dark block in its top-left corner."""
    picture = Image.new("RGB", (width, height), (235, 235, 230))
    picture.paste((20, 20, 20), (0, 0, width // 5, height // 5))
    return picture


def test_large_jpeg_with_orientation_is_reduced_while_decoding_and_upright():
    buffer = io.BytesIO()
    marked(9000, 3000).save(buffer, format="JPEG", quality=30, exif=exif(6))
    with images.clean_jpeg(io.BytesIO(buffer.getvalue()), LIMIT) as cleaned, Image.open(cleaned) as result:
        # 9000 > 2 x 4096: decoded at a quarter, 2250 x 750, then turned upright.
        assert result.size == (750, 2250) and not result.getexif()
        # Orientation 6: the picture is turned a quarter clockwise, so the
        # dark corner goes from the top left to the top right.
        assert result.getpixel((700, 20))[0] < 60 and result.getpixel((20, 20))[0] > 200


def heic(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    marked(width, height).save(buffer, format="HEIF", quality=50, exif=exif(6))
    return buffer.getvalue()


def test_large_heic_is_reduced_and_upright():
    with images.heif_to_jpeg(io.BytesIO(heic(5000, 600)), LIMIT) as converted, Image.open(converted) as result:
        assert result.size == (300, 2500)  # halved, turned upright by libheif
        assert result.getpixel((280, 20))[0] < 60 and result.getpixel((20, 20))[0] > 200


def test_heic_over_its_limit_is_refused_before_decoding():
    with pytest.raises(images.TooManyPixels) as refused:
        images.heif_to_jpeg(io.BytesIO(heic(2000, 1500)), 2_000_000)
    assert refused.value.megapixels == 3 and refused.value.limit == 2_000_000


def progressive_with_repeated_scans(repeats: int, metadata: bool = False) -> bytes:
    """A small progressive JPEG whose last scan is written again and again:
    each scan is decoded over the whole picture, even in draft mode."""
    options = {"exif": exif()} if metadata else {}
    data = jpeg((400, 400), progressive=True, **options)
    last = data.rfind(images.SOS)
    return data[:-2] + data[last:-2] * repeats + b"\xff\xd9"


@pytest.mark.parametrize("metadata", [False, True])
def test_a_jpeg_with_too_many_scans_is_refused_before_decoding(metadata):
    with pytest.raises(images.UnreadableImage):
        images.clean_jpeg(io.BytesIO(progressive_with_repeated_scans(200, metadata)), 50_000_000)


def test_an_ordinary_progressive_jpeg_passes():
    data = jpeg((400, 400), progressive=True)
    assert 1 < images._scans(io.BytesIO(data)) <= images.MAX_SCANS
    assert images.clean_jpeg(io.BytesIO(data), 50_000_000) is None
