"""Media benchmark: images per second per core, a naive script vs the media stage, and how
much faster a re-run with nothing changed is. Run with ``make bench``; writes
``bench/results-media.json`` and prints a table. Figures belong to the machine they were
measured on; the tests never time anything.

- naive: what a straightforward script does — decode the whole original, then resize every
  output from it, one image after another, on one core;
- pipeline, 1 core: the media stage with one worker (draft decode + resize cascade);
- pipeline, all cores: the media stage as ``quangba build`` runs it;
- re-run: the same again with nothing changed (everything comes from the cache).

The originals are generated 12-megapixel camera JPEGs (4000×3000, with EXIF and a
thumbnail), in ``bench/out/`` (not committed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import time
from pathlib import Path

import PIL
from PIL import Image, ImageFilter, ImageOps

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))

from fixtures.media.hostile import camera_exif  # noqa: E402

from quangba.catalog.load import load_catalog  # noqa: E402
from quangba.media.metadata import Credit, exif_for, xmp_for  # noqa: E402
from quangba.media.pipeline import DEFAULT, process_media  # noqa: E402
from quangba.catalog.model import parse_moment  # noqa: E402

NOW = parse_moment("2026-11-23T12:00:00+07:00")
LICENCE = "https://creativecommons.org/licenses/by/4.0/"


def photo(index: int, width: int, height: int) -> Image.Image:
    """A photo-like picture: noise and gradients, so JPEG has real work to do (a flat image is too easy)."""
    base = Image.merge("RGB", [
        Image.linear_gradient("L").resize((width, height)),
        Image.radial_gradient("L").resize((width, height)),
        Image.effect_noise((width, height), 40 + index).filter(ImageFilter.GaussianBlur(2)),
    ])
    noise = Image.effect_noise((width, height), 25).convert("RGB")
    return Image.blend(base, noise, 0.25)


def province(folder: Path, count: int, width: int, height: int, press_kit: bool) -> Path:
    """A province with one place that uses ``count`` generated camera photos."""
    root = folder / "province"
    media = root / "assets" / "media"
    media.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "catalog" / "schemas", root / "catalog" / "schemas", dirs_exist_ok=True)
    (root / "catalog" / "province.yaml").write_text(
        "id: bench\nnames: {vi: Tỉnh đo, en: Bench}\nlanguages: [vi, en]\nbase_url: https://bench.example/\n"
        f"licence: {LICENCE}\nowner: so\n", "utf-8")
    (root / "catalog" / "agencies.yaml").write_text(
        "agencies:\n  - {id: so, kind: department, names: {vi: Sở, en: Department}, owner: true}\n", "utf-8")
    ids = [f"photo-{i:02d}" for i in range(count)]
    (root / "catalog" / "place").mkdir(parents=True, exist_ok=True)
    (root / "catalog" / "place" / "bench-place.yaml").write_text(
        "id: bench-place\nkind: place\nagency: so\nstatus: published\nclassification: public\n"
        f"created: 2025-01-01\nmodified: 2025-01-01\ncategory: beach\nmedia: [{', '.join(ids)}]\n", "utf-8")
    for i, media_id in enumerate(ids):
        original = media / f"{media_id}.jpg"
        if not original.exists() or Image.open(original).size != (width, height):
            photo(i, width, height).save(original, "JPEG", quality=92, exif=camera_exif())
        (media / f"{media_id}.yaml").write_text(
            f"file: {media_id}.jpg\nagency: so\ncredit: Nguyễn Văn A\nlicence: {LICENCE}\n"
            f"caption: {{vi: Ảnh {i}, en: Photo {i}}}\npress_kit: {'true' if press_kit else 'false'}\n", "utf-8")
    return root


def naive(paths: list[Path], out: Path, press_kit: bool) -> None:
    """The straightforward way: full decode, every output resized from the full image."""
    s = DEFAULT
    credit = Credit("Nguyễn Văn A", LICENCE, {"vi": "Ảnh"})
    exif, xmp = exif_for(credit).tobytes(), xmp_for(credit)
    out.mkdir(parents=True, exist_ok=True)
    for path in paths:
        with Image.open(path) as im:
            im.load()
            full = ImageOps.exif_transpose(im).convert("RGB")
        full.info = {}
        width, height = full.size
        for w in sorted({w for w in s.widths if w < width} | {min(width, max(s.widths))}):
            small = full.resize((w, round(height * w / width)), Image.Resampling.LANCZOS)
            small.save(out / f"{path.stem}-{w}.webp", "WEBP", quality=s.webp_quality, method=s.webp_method,
                       exif=exif, xmp=xmp)
            small.save(out / f"{path.stem}-{w}.jpg", "JPEG", quality=s.jpeg_quality, optimize=True,
                       progressive=True, exif=exif, xmp=xmp)
        ImageOps.fit(full, s.og_size, Image.Resampling.LANCZOS).save(
            out / f"{path.stem}-og.jpg", "JPEG", quality=s.jpeg_quality, optimize=True, exif=exif, xmp=xmp)
        if press_kit:
            factor = min(1.0, s.full_max_edge / max(width, height))
            big = full.resize((round(width * factor), round(height * factor)), Image.Resampling.LANCZOS)
            big.save(out / f"{path.stem}-full.jpg", "JPEG", quality=s.full_quality, optimize=True,
                     exif=exif, xmp=xmp)


def timed(func, *, clock=time.perf_counter, repeat: int = 1, before=lambda: None) -> float:
    """The best of ``repeat`` runs (the least disturbed by other work on the machine)."""
    best = float("inf")
    for _ in range(repeat):
        before()
        start = clock()
        func()
        best = min(best, clock() - start)
    return best


def scenario(work: Path, count: int, width: int, height: int, press_kit: bool, cores: int, repeat: int) -> dict:
    root = province(work, count, width, height, press_kit)
    catalog = load_catalog(root).catalog
    paths = sorted((root / "assets" / "media").glob("*.jpg"))
    scratch = work / "scratch"

    def fresh() -> None:
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)

    # per core: CPU seconds of this process (one worker runs in-process), so other work on a
    # shared machine does not count against either side
    cpu = time.process_time
    t_naive = timed(lambda: naive(paths, scratch / "naive", press_kit), clock=cpu, repeat=repeat, before=fresh)
    t_one = timed(lambda: process_media(catalog, scratch / "one", NOW, cache_dir=scratch / "cache-one",
                                        workers=1, progress=False), clock=cpu, repeat=repeat, before=fresh)
    t_all = timed(lambda: process_media(catalog, scratch / "all", NOW, cache_dir=scratch / "cache",
                                        workers=cores, progress=False), repeat=repeat, before=fresh)
    rerun_media = None

    def rerun() -> None:
        nonlocal rerun_media
        rerun_media = process_media(catalog, scratch / "again", NOW, cache_dir=scratch / "cache",
                                    workers=cores, progress=False)

    t_rerun = timed(rerun)
    assert rerun_media.processed == 0 and rerun_media.cached == count, "the re-run should come from the cache"
    return {
        "images": count, "size": f"{width}x{height}", "press_kit": press_kit, "cores": cores,
        "seconds": {"naive_1_core_cpu": round(t_naive, 3), "pipeline_1_core_cpu": round(t_one, 3),
                    "pipeline_all_cores_wall": round(t_all, 3), "rerun_unchanged_wall": round(t_rerun, 3)},
        "load_average_after": round(os.getloadavg()[0], 2),
        "images_per_second_per_core": {  # naive and pipeline: per CPU-second
            "naive": round(count / t_naive, 2),
            "pipeline": round(count / t_one, 2),
            "pipeline_all_cores": round(count / t_all / cores, 2),
        },
        "images_per_second_all_cores": round(count / t_all, 2),
        "speedup_per_core": round(t_naive / t_one, 2),
        "speedup_rerun": round(t_all / t_rerun, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=8)
    parser.add_argument("--width", type=int, default=4000)
    parser.add_argument("--height", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=2, help="runs per measurement; the best counts")
    parser.add_argument("--out", type=Path, default=HERE / "results-media.json")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    work = HERE / "out" / "media"
    rows = [scenario(work / ("press-kit" if kit else "web"), args.images, args.width, args.height, kit, cores, args.repeat)
            for kit in (False, True)]
    result = {
        "what": "media stage: images per second per core, naive vs pipeline; re-run with nothing changed",
        "machine": {"python": platform.python_version(), "pillow": PIL.__version__, "cores": cores,
                    "processor": platform.machine()},
        "scenarios": rows,
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    header = f"{'scenario':<28}{'naive':>10}{'pipeline':>10}{'×':>7}{'all cores':>11}{'re-run ×':>10}"
    print(f"media: {args.images} camera JPEGs of {args.width}×{args.height}, {cores} cores "
          f"(images per second per core)")
    print(header)
    print("-" * len(header))
    for row in rows:
        ips = row["images_per_second_per_core"]
        name = "web sizes + OG + press kit" if row["press_kit"] else "web sizes + OG"
        print(f"{name:<28}{ips['naive']:>10.2f}{ips['pipeline']:>10.2f}{row['speedup_per_core']:>7.2f}"
              f"{row['images_per_second_all_cores']:>11.2f}{row['speedup_rerun']:>10.1f}")
    print(f"(naive, pipeline: per CPU-second on one core; all cores: images per wall-clock second in total,\n"
          f" which other work on the machine slows; re-run ×: first run on all cores ÷ unchanged re-run)\n"
          f"written to {args.out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
