"""CPU time of the checks an uploaded picture goes through, next to a 10 kB
picture, measured in the same run.

    .venv/bin/python bench/image_cost.py [--quick] [--runs 3]

Calls the very functions the upload request calls (images.clean_jpeg,
images.heif_to_jpeg, images.check_png, with the default limits) on:
a 10 kB JPEG photo (the baseline); the 49-megapixel JPEG of 768 kB with an
EXIF orientation that took 13-14 s before DCT scaling (7000 x 7000, mostly
flat, saved at low quality); a 12-megapixel phone photo with EXIF; a
24-megapixel HEIC photo (recent phones' default, near the HEIC limit); a
large PNG (a 50-megapixel scan, the picture limit). Prints the median CPU
seconds of the process (user + system, so the decoder's threads count too)
and the ratio to the baseline, each picture checked once per round, the
rounds interleaved (common.side_by_side). The pictures are built first, not
timed.

Figures: ``image_check_NAME_ratio`` <= 1000 for each large picture, its
median CPU time over the 10 kB photo's. The 10 kB photo takes about 1 ms,
so 1,000 times is about a second of a worker for the largest picture the
limits let in; the 49-megapixel JPEG took 13-14 s before DCT scaling, some
10,000 times. --quick changes nothing (building the pictures
is most of the run).
"""
from __future__ import annotations

import argparse
import io
import resource
import statistics

from common import figure, load_average, note, side_by_side
from PIL import Image, ImageDraw

from webform import images  # noqa: E402
from webform.config import from_environment  # noqa: E402


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def exif(orientation: int = 6) -> bytes:
    data = Image.Exif()
    data[0x0112] = orientation
    data[0x8825] = {1: "N", 2: (50.0, 50.0, 0.0)}  # a GPS position, as phones write it
    return data.tobytes()


def document(width: int, height: int) -> Image.Image:
    """A photographed page: light paper, lines of dark text, a gradient of light."""
    page = Image.linear_gradient("L").resize((width, height)).point(lambda v: 200 + v // 5).convert("RGB")
    draw = ImageDraw.Draw(page)
    line = max(height // 60, 4)
    for y in range(height // 10, height * 9 // 10, line * 2):
        draw.rectangle((width // 10, y, width * 9 // 10, y + line // 2), fill=(40, 40, 40))
    return page


def saved(picture: Image.Image, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format=image_format, **options)
    return buffer.getvalue()


FIGURES = [
    "image_check_jpeg_49mp_ratio", "image_check_jpeg_12mp_exif_ratio", "image_check_jpeg_12mp_kept_ratio",
    "image_check_heic_24mp_ratio", "image_check_png_50mp_ratio", "image_check_jpeg_200_scans_ratio",
]
QUICK_SECONDS = 60
CEILING = 1000
BASELINE = "jpeg_10kb"


def cases() -> list[tuple[str, str, bytes, str]]:
    """(figure name, label, content, kind): the baseline first."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    return [
        (BASELINE, "10 kB JPEG photo with EXIF (baseline)",
         saved(document(160, 120), "JPEG", quality=90, exif=exif()), "jpeg"),
        ("jpeg_49mp", "49-megapixel JPEG, EXIF orientation 6",
         saved(Image.new("RGB", (7000, 7000), (240, 240, 235)), "JPEG", quality=10, exif=exif()), "jpeg"),
        ("jpeg_12mp_exif", "12-megapixel phone JPEG with EXIF",
         saved(document(4000, 3000), "JPEG", quality=92, exif=exif()), "jpeg"),
        ("jpeg_12mp_kept", "12-megapixel JPEG scan, no metadata (kept)",
         saved(document(4000, 3000), "JPEG", quality=92), "jpeg"),
        ("heic_24mp", "24-megapixel HEIC photo", saved(document(5712, 4284), "HEIF", quality=80), "heic"),
        ("png_50mp", "50-megapixel PNG scan", saved(document(8660, 5773).convert("L"), "PNG"), "png"),
        ("jpeg_200_scans", "49 MP progressive JPEG, 200 scans (refused)", repeated_scans(), "jpeg"),
    ]


def repeated_scans() -> bytes:
    """A small progressive JPEG whose last scan is written 200 times: each
    scan is decoded over the whole picture; refused by counting scans."""
    data = saved(Image.new("L", (7000, 7000), 200), "JPEG", quality=10, progressive=True)
    last = data.rfind(images.SOS)
    return data[:-2] + data[last:-2] * 200 + b"\xff\xd9"


def check(kind: str, content: bytes, config: dict) -> None:
    pixels = config["UPLOAD_MAX_IMAGE_PIXELS"]
    if kind == "jpeg":
        try:
            cleaned = images.clean_jpeg(io.BytesIO(content), pixels)
        except images.UnreadableImage:
            return  # refused: the time is what refusing costs
        if cleaned is not None:
            cleaned.close()
    elif kind == "heic":
        images.heif_to_jpeg(io.BytesIO(content), min(config["UPLOAD_MAX_HEIC_PIXELS"], pixels)).close()
    else:
        images.check_png(io.BytesIO(content), pixels)


def once(kind: str, content: bytes, config: dict) -> float:
    """CPU seconds of one check."""
    start = cpu()
    check(kind, content, config)
    return cpu() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3, help="interleaved rounds (the median is kept)")
    parser.add_argument("--quick", action="store_true", help="the same run (building the pictures is most of it)")
    runs = parser.parse_args().runs
    import tempfile

    note(load_average())
    with tempfile.TemporaryDirectory() as folder:
        config = from_environment(folder)
    built = cases()
    labels = {name: (label, len(content)) for name, label, content, _ in built}
    samples = side_by_side(
        {name: (lambda kind=kind, content=content: once(kind, content, config)) for name, _, content, kind in built},
        rounds=runs,
    )
    medians = {name: statistics.median(values) for name, values in samples.items()}
    baseline = medians[BASELINE]
    note(f"CPU seconds per upload check (median of {runs} interleaved rounds), and the ratio to the baseline:")
    for name, seconds in medians.items():
        label, size = labels[name]
        note(f"  {label:<45} {size / 1_000_000:6.2f} MB  {seconds:6.3f} s  x{seconds / baseline:,.0f}")
    for name, seconds in medians.items():
        if name != BASELINE:
            figure(f"image_check_{name}_ratio", seconds / baseline, CEILING, unit="x", digits=0)
    note(load_average())

if __name__ == "__main__":
    main()
