"""HEIC photos from phones, turned into JPEG on arrival.

iPhones save photos as HEIC by default, and many office programs cannot open
it. Refusing such a photo would send a tired applicant hunting for a setting
they may never find, so the service converts it instead (pillow-heif, which
bundles libheif). The JPEG keeps the picture the right way up (libheif applies
the rotation) and drops the EXIF data, GPS position included: it is not needed
to read a medical report.
"""
from __future__ import annotations

import tempfile
from typing import BinaryIO

import pillow_heif
from PIL import Image

pillow_heif.register_heif_opener()

# ISO base media "ftyp" brands of HEIF images with HEVC pictures (phones).
HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"})
JPEG_QUALITY = 88
# Photos from 48-megapixel phone cameras are scaled down to this longest side:
# still sharp enough to read a report, and the JPEG stays within the file limit.
MAX_SIDE = 4096


class UnreadableImage(ValueError):
    """The file looks like HEIC but cannot be decoded."""


class TooManyPixels(ValueError):
    """Decoding would need more memory than one photo deserves."""

    def __init__(self, megapixels: float):
        self.megapixels = megapixels


def is_heif(first_bytes: bytes) -> bool:
    return first_bytes[4:8] == b"ftyp" and first_bytes[8:12] in HEIF_BRANDS


def heif_to_jpeg(source: BinaryIO, max_pixels: int) -> BinaryIO:
    """Decode a HEIF photo and return it as JPEG in a temporary file.

    The size is read from the header before any decoding, so a huge or
    hostile file is refused before it can take the memory (about 8 bytes a
    pixel while converting: see bench/upload_memory.py).
    """
    try:
        image = Image.open(source, formats=["HEIF"])
        if image.width * image.height > max_pixels:
            raise TooManyPixels(image.width * image.height / 1_000_000)
        if image.mode != "RGB":
            image = image.convert("RGB")
        image.thumbnail((MAX_SIDE, MAX_SIDE))  # decodes: damage shows here
    except TooManyPixels:
        raise
    except Exception as error:  # libheif reports damaged files in many ways
        raise UnreadableImage(str(error)) from None
    target = tempfile.SpooledTemporaryFile(max_size=512 * 1024)
    image.save(target, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    target.seek(0)
    return target
