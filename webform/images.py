"""Pictures checked on arrival: HEIC turned into JPEG, JPEG without EXIF.

iPhones save photos as HEIC by default, and many office programs cannot open
it. Refusing such a photo would send a tired applicant hunting for a setting
they may never find, so the service converts it instead (pillow-heif, which
bundles libheif). The JPEG keeps the picture the right way up (libheif applies
the rotation) and drops the EXIF data, GPS position included: it is not needed
to read a medical report.

JPEG photos from phones carry the same EXIF data, so a JPEG with metadata is
decoded, turned upright (ImageOps.exif_transpose) and saved again without it;
a JPEG without metadata (most scans) is kept byte for byte, once it has been
decoded at an eighth of its size to prove it is whole. PNG files are checked
with Pillow's verify(), which reads every chunk and its checksum. Every
picture's size is read from its header first, so a decompression bomb is
refused before it can take the memory.
"""
from __future__ import annotations

import tempfile
from typing import BinaryIO

import pillow_heif
from PIL import Image, ImageOps

pillow_heif.register_heif_opener()

# ISO base media "ftyp" brands of HEIF images with HEVC pictures (phones).
HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"})
JPEG_QUALITY = 88
# Photos from 48-megapixel phone cameras are scaled down to this longest side:
# still sharp enough to read a report, and the JPEG stays within the file limit.
MAX_SIDE = 4096


# Metadata a JPEG may carry (Pillow's names): EXIF (GPS, camera, date), XMP,
# Photoshop/IPTC blocks and comments.
JPEG_METADATA = ("exif", "xmp", "photoshop", "comment")


class UnreadableImage(ValueError):
    """The file starts like a picture but cannot be decoded."""


class TooManyPixels(ValueError):
    """Decoding would need more memory than one photo deserves.

    megapixels is None when the picture is so large that Pillow itself
    refuses to open it (its own decompression-bomb guard).
    """

    def __init__(self, megapixels: float | None):
        self.megapixels = megapixels


def _open(source: BinaryIO, image_format: str, max_pixels: int) -> Image.Image:
    """Open a picture (header only) and refuse it if it has too many pixels."""
    try:
        image = Image.open(source, formats=[image_format])
    except Image.DecompressionBombError:
        raise TooManyPixels(None) from None
    except Exception as error:  # Pillow reports unknown or damaged headers in many ways
        raise UnreadableImage(type(error).__name__) from None
    if image.width * image.height > max_pixels:
        raise TooManyPixels(image.width * image.height / 1_000_000)
    return image


def _jpeg(image: Image.Image, icc_profile: bytes | None) -> BinaryIO:
    """The picture saved as JPEG, with no metadata but its colour profile."""
    target = tempfile.SpooledTemporaryFile(max_size=512 * 1024)
    image.save(target, format="JPEG", quality=JPEG_QUALITY, optimize=True, icc_profile=icc_profile)
    target.seek(0)
    return target


def check_png(source: BinaryIO, max_pixels: int) -> None:
    """Raise unless the PNG is whole (every chunk read, checksums checked)."""
    image = _open(source, "PNG", max_pixels)
    try:
        image.verify()
    except Exception as error:
        raise UnreadableImage(type(error).__name__) from None


def clean_jpeg(source: BinaryIO, max_pixels: int) -> BinaryIO | None:
    """Check a JPEG; return it saved again without metadata, or None to keep it.

    Re-encoding costs a little quality, so a JPEG with no metadata is kept as
    it is; it is still decoded, at an eighth of its size (the decoder reads
    every byte but needs 64 times less memory), to prove it is whole.
    """
    image = _open(source, "JPEG", max_pixels)
    try:
        if not any(key in image.info for key in JPEG_METADATA):
            image.draft(image.mode, (max(image.width // 8, 1), max(image.height // 8, 1)))
            image.load()
            return None
        icc_profile = image.info.get("icc_profile")
        image.thumbnail((MAX_SIDE, MAX_SIDE))  # decodes (scaled while decoding when huge)
        image = ImageOps.exif_transpose(image)
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
    except Exception as error:
        raise UnreadableImage(type(error).__name__) from None
    return _jpeg(image, icc_profile)


def is_heif(first_bytes: bytes) -> bool:
    return first_bytes[4:8] == b"ftyp" and first_bytes[8:12] in HEIF_BRANDS


def heif_to_jpeg(source: BinaryIO, max_pixels: int) -> BinaryIO:
    """Decode a HEIF photo and return it as JPEG in a temporary file.

    The size is read from the header before any decoding, so a huge or
    hostile file is refused before it can take the memory (about 8 bytes a
    pixel while converting: see bench/upload_memory.py).
    """
    image = _open(source, "HEIF", max_pixels)
    try:
        if image.mode != "RGB":
            image = image.convert("RGB")
        image.thumbnail((MAX_SIDE, MAX_SIDE))  # decodes: damage shows here
    except Exception as error:  # libheif reports damaged files in many ways
        raise UnreadableImage(type(error).__name__) from None
    return _jpeg(image, None)
