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
with Pillow's verify(), which reads every chunk and its checksum, then
decoded, so that damaged pixel data is refused too. Every picture's size is
read from its header first, so a decompression bomb is refused before it can
take the memory.

The work stays short (bench/image_cost.py prints the figures): a picture
longer than MAX_SIDE is reduced by a power of two, 2, 4 or 8, the smallest
that brings it within MAX_SIDE. A JPEG is reduced while it is decoded
(libjpeg's DCT scaling, Image.draft), so a 49-megapixel JPEG of 768 kB is
decoded straight to 12 megapixels instead of being decoded whole and then
resampled; a HEIC photo (libheif cannot scale while decoding) is reduced by
averaging blocks of pixels (Image.reduce), much cheaper than resampling.
Only then is the picture turned upright and saved, without Pillow's
optimize pass (three times the encoding time for 7 % of the size). HEIC
decoding costs about a second per 20 million pixels here, so HEIC photos
have their own, lower, pixel limit (UPLOAD_MAX_HEIC_MEGAPIXELS).
"""
from __future__ import annotations

import contextlib
import struct
import tempfile
import zlib
from typing import BinaryIO, Iterator

import pillow_heif
from PIL import Image, ImageFile, ImageOps

pillow_heif.register_heif_opener()

# ISO base media "ftyp" brands of HEIF images with HEVC pictures (phones).
HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"})
JPEG_QUALITY = 88
# Photos from 48-megapixel phone cameras are scaled down to this longest side
# at most (by a power of two: see reduction()): still sharp enough to read a
# report (an A4 page 2,048 pixels long is 175 dpi), and the JPEG stays within
# the file limit.
MAX_SIDE = 4096


# Metadata a JPEG may carry (Pillow's names): EXIF (GPS, camera, date), XMP,
# Photoshop/IPTC blocks and comments.
JPEG_METADATA = ("exif", "xmp", "photoshop", "comment")


class UnreadableImage(ValueError):
    """The file starts like a picture but cannot be decoded."""


class TooManyPixels(ValueError):
    """Decoding would need more memory than one photo deserves.

    megapixels is None when the picture is so large that Pillow itself
    refuses to open it (its own decompression-bomb guard); limit is the
    number of pixels that was allowed.
    """

    def __init__(self, megapixels: float | None, limit: int | None = None):
        self.megapixels = megapixels
        self.limit = limit


@contextlib.contextmanager
def _strict_decoding() -> Iterator[None]:
    """Decode with Pillow's truncated-picture tolerance off.

    It is one global setting, and WeasyPrint turns it on when it is imported
    (weasyprint/images.py: ImageFile.LOAD_TRUNCATED_IMAGES = True), that is
    in every worker once a PDF summary was made: a JPEG or PNG cut short
    would then be accepted, its missing part grey. It is off while an upload
    is checked, and put back after (workers take one request at a time).
    """
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def _open(source: BinaryIO, image_format: str, max_pixels: int) -> Image.Image:
    """Open a picture (header only) and refuse it if it has too many pixels."""
    try:
        image = Image.open(source, formats=[image_format])
    except Image.DecompressionBombError:
        raise TooManyPixels(None, max_pixels) from None
    except Exception as error:  # Pillow reports unknown or damaged headers in many ways
        raise UnreadableImage(type(error).__name__) from None
    if image.width * image.height > max_pixels:
        raise TooManyPixels(image.width * image.height / 1_000_000, max_pixels)
    return image


def reduction(width: int, height: int) -> int:
    """The smallest of 1, 2, 4 and 8 that brings the longest side within MAX_SIDE
    (8 when none does: the picture is then resampled the rest of the way)."""
    factor = 1
    while factor < 8 and max(width, height) > MAX_SIDE * factor:
        factor *= 2
    return factor


def _within_max_side(image: Image.Image) -> Image.Image:
    """Resample what a reduction by 8 left too long (a very narrow picture only)."""
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    return image


def _jpeg(image: Image.Image, icc_profile: bytes | None) -> BinaryIO:
    """The picture saved as JPEG, with no metadata but its colour profile."""
    target = tempfile.SpooledTemporaryFile(max_size=512 * 1024)
    image.save(target, format="JPEG", quality=JPEG_QUALITY, icc_profile=icc_profile)
    target.seek(0)
    return target


def check_png(source: BinaryIO, max_pixels: int) -> None:
    """Raise unless the PNG is whole: every chunk read and its checksum
    checked (verify), then the pixels decoded (verify does not inflate them,
    so data that is not the picture it claims would pass it)."""
    image = _open(source, "PNG", max_pixels)
    try:
        with _strict_decoding():
            image.verify()
            source.seek(0)
            with Image.open(source, formats=["PNG"]) as image:
                image.load()
        _check_png_length(source)
    except Exception as error:
        raise UnreadableImage(type(error).__name__) from None


# Adam7 interlacing: each pass's first column and row, and its steps.
ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))
PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def _png_data_size(width: int, height: int, depth: int, colour: int, interlaced: bool) -> int:
    """How many bytes a PNG's zlib data must inflate to: its rows, each
    with a filter byte, pass by pass when interlaced."""
    bits = depth * PNG_CHANNELS[colour]
    passes = ADAM7 if interlaced else ((0, 0, 1, 1),)
    size = 0
    for x0, y0, dx, dy in passes:
        columns, rows = (width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy
        if columns > 0 and rows > 0:
            size += rows * (1 + (columns * bits + 7) // 8)
    return size


def _check_png_length(source: BinaryIO) -> None:
    """Raise unless the IDAT data inflates to exactly the picture's size.

    Pillow's decoder stops quietly when the zlib stream ends early and fills
    the missing rows with black; a picture cut short (or padded) is damaged.
    The data is inflated a piece at a time: the memory stays small.
    """
    source.seek(8)
    expected, inflater, produced = None, zlib.decompressobj(), 0
    while True:
        length, kind = struct.unpack(">I4s", source.read(8))
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", source.read(13))
            expected = _png_data_size(width, height, depth, colour, bool(interlace))
            source.seek(length - 13 + 4, 1)
        elif kind == b"IDAT":
            remaining = length
            while remaining:
                data = source.read(min(remaining, 64 * 1024))
                if not data:
                    raise ValueError("truncated")
                remaining -= len(data)
                while data:
                    produced += len(inflater.decompress(data, 64 * 1024))
                    if produced > expected:
                        raise ValueError("too much pixel data")
                    data = inflater.unconsumed_tail
            source.seek(4, 1)
        elif kind == b"IEND":
            break
        else:
            source.seek(length + 4, 1)
    if not inflater.eof or produced != expected:
        raise ValueError("pixel data of the wrong length")


# A progressive JPEG is drawn in scans, each decoded over the whole picture
# even in draft mode: encoders write about 10 (libjpeg) to 20 (mozjpeg). A
# small file repeating a scan hundreds of times would cost seconds.
MAX_SCANS = 32
SOS = b"\xff\xda"


def _scans(source: BinaryIO) -> int:
    """How many start-of-scan markers the file holds (in entropy-coded data a
    0xFF byte is always followed by 0x00 or a restart marker, so each FF DA
    is a real marker or metadata, which only makes the count larger)."""
    source.seek(0)
    count, previous = 0, b""
    while chunk := source.read(64 * 1024):
        data = previous + chunk
        count += data.count(SOS) - previous.count(SOS)
        previous = data[-1:]
    source.seek(0)
    return count


def clean_jpeg(source: BinaryIO, max_pixels: int) -> BinaryIO | None:
    """Check a JPEG; return it saved again without metadata, or None to keep it.

    Re-encoding costs a little quality, so a JPEG with no metadata is kept as
    it is; it is still decoded, at an eighth of its size (the decoder reads
    every byte but needs 64 times less memory), to prove it is whole.
    """
    image = _open(source, "JPEG", max_pixels)
    if _scans(source) > MAX_SCANS:
        raise UnreadableImage("too many scans")
    try:
        if not any(key in image.info for key in JPEG_METADATA):
            image.draft(image.mode, (max(image.width // 8, 1), max(image.height // 8, 1)))
            with _strict_decoding():
                image.load()
            return None
        icc_profile = image.info.get("icc_profile")
        factor = reduction(image.width, image.height)
        if factor > 1:  # decoded at 1/factor of its size: far less work than decoding whole
            image.draft(image.mode, (max(image.width // factor, 1), max(image.height // factor, 1)))
        with _strict_decoding():
            image.load()
        image = ImageOps.exif_transpose(_within_max_side(image))  # upright once small
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
    pixel while converting: see bench/upload_memory.py) or the time (HEIC
    cannot be scaled while it is decoded: the caller passes its own, lower,
    limit). libheif turns the picture upright while decoding.
    """
    image = _open(source, "HEIF", max_pixels)
    try:
        with _strict_decoding():
            image.load()  # decodes: damage shows here
        factor = reduction(image.width, image.height)
        if factor > 1:
            image = image.reduce(factor)
        if image.mode != "RGB":
            image = image.convert("RGB")
        image = _within_max_side(image)
    except Exception as error:  # libheif reports damaged files in many ways
        raise UnreadableImage(type(error).__name__) from None
    return _jpeg(image, None)
