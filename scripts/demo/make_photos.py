#!/usr/bin/env python3
"""Generate the demo photos of the sample province into assets/media/.

    .venv/bin/python scripts/demo/make_photos.py [--out assets/media] [--only ID ...]

Writes 21 procedural "photos" (JPEG) and one PNG, each with a sidecar <id>.yaml
(catalog/schemas/media.schema.yaml).  Everything is seeded from the image id, so a
rerun with the same Pillow/libjpeg gives byte-identical files.

The JPEGs deliberately carry the metadata a real camera + editor would leave behind,
so that the privacy rules of the pipeline have something to remove:

* EXIF IFD0: Make, Model, Orientation, Software, DateTime, Artist (+ pointers)
* Exif IFD: DateTimeOriginal/Digitized, OffsetTime*, exposure data, lens data,
  BodySerialNumber (0xA431), sometimes CameraOwnerName (0xA430) and LensSerialNumber
* GPS IFD: GPSLatitude/Longitude (+refs), altitude, time and date stamp, map datum
* IFD1: an embedded JPEG thumbnail (JPEGInterchangeFormat) showing the *uncropped*
  frame, including a red "PRIVATE" area that the published crop leaves out
* XMP (APP1 http://ns.adobe.com/xap/1.0/): xmpMM:History, DocumentID, the creator's
  name, the original raw file name, the serial number and the GPS position again
* one image (nhat-le-beach-dawn) carries a hand-built wide-gamut RGB ICC profile
  (Adobe-RGB-like primaries, gamma 2.2) and its pixels are encoded in that space
* one image (lao-bao-border-gate) is a portrait stored landscape with Orientation=6

The EXIF block (TIFF structure) is written by hand below (no third-party package):
Pillow's Exif.tobytes() cannot write IFD1 / a thumbnail.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import math
import random
import struct
import sys
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageChops, ImageCms, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "assets" / "media"

FULL = (2400, 1600)          # published landscape size (portrait: 1600x2400 displayed)
FRAME = (3000, 2000)         # "uncropped" camera frame the thumbnail shows
THUMB_W = 160
JPEG_QUALITY = 85
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
CREDIT = "Ảnh minh họa tạo bằng máy (dữ liệu mẫu) / Generated sample image"
NS = uuid.UUID("6f1c7c2e-5a43-4c39-9d0e-2b7f7c1a0b11")   # for deterministic XMP ids


# --------------------------------------------------------------------------------------
# Data: cameras, images, texts
# --------------------------------------------------------------------------------------

CAMERAS = {
    "canon80d": dict(
        make="Canon", model="Canon EOS 80D", endian="<",
        lens_make="Canon", lens_model="EF-S18-135mm f/3.5-5.6 IS USM",
        lens_spec=((18, 1), (135, 1), (35, 10), (56, 10)),
        raw_ext="CR2", raw_mime="image/x-canon-cr2", raw_prefix="IMG_",
        firmware="Firmware Version 1.1.1",
    ),
    "nikond750": dict(
        make="NIKON CORPORATION", model="NIKON D750", endian="<",
        lens_make="NIKON", lens_model="24.0-120.0 mm f/4.0",
        lens_spec=((24, 1), (120, 1), (4, 1), (4, 1)),
        raw_ext="NEF", raw_mime="image/x-nikon-nef", raw_prefix="DSC_",
        firmware="Ver.1.13",
    ),
    "iphone13": dict(
        make="Apple", model="iPhone 13", endian=">",
        lens_make="Apple", lens_model="iPhone 13 back dual wide camera 5.1mm f/1.6",
        lens_spec=((1540, 1000), (5100, 1000), (24, 10), (16, 10)),
        raw_ext="HEIC", raw_mime="image/heic", raw_prefix="IMG_",
        firmware="17.1.2",
    ),
    "sonya7m3": dict(
        make="SONY", model="ILCE-7M3", endian="<",
        lens_make="Sony", lens_model="FE 24-105mm F4 G OSS",
        lens_spec=((24, 1), (105, 1), (4, 1), (4, 1)),
        raw_ext="ARW", raw_mime="image/x-sony-arw", raw_prefix="DSC",
        firmware="ILCE-7M3 v4.01",
    ),
    "fujixt3": dict(
        make="FUJIFILM", model="X-T3", endian=">",
        lens_make="FUJIFILM", lens_model="XF16-80mmF4 R OIS WR",
        lens_spec=((16, 1), (80, 1), (4, 1), (4, 1)),
        raw_ext="RAF", raw_mime="image/x-fuji-raf", raw_prefix="DSCF",
        firmware="Digital Camera X-T3 Ver4.20",
    ),
}

EDITORS = {
    "lr": "Adobe Photoshop Lightroom Classic 13.2 (Windows)",
    "lrmac": "Adobe Photoshop Lightroom Classic 12.5 (Macintosh)",
    "gimp": "GIMP 2.10.36",
    "lrios": "Adobe Lightroom 9.1 (iOS)",
    None: None,   # straight out of camera: Software = camera firmware
}


@dataclass
class Photo:
    id: str
    place: str
    lat: float
    lon: float
    alt: float
    agency: str
    when: str                 # local time (+07:00), "YYYY-MM-DD HH:MM:SS"
    camera: str
    editor: str | None
    artist: str               # ASCII, as cameras write it
    artist_full: str          # as typed in the editor (XMP dc:creator, UTF-8)
    serial: str
    exposure: tuple           # (exposure_time (num, den), f-number (num, den), iso, focal (num, den))
    scene: str
    caption: dict
    alt_text: dict
    owner: str | None = None
    lens_serial: str | None = None
    portrait: bool = False
    icc: bool = False
    consent: str = "not-applicable"
    press_kit: bool = True
    fmt: str = "jpg"
    extra: dict = field(default_factory=dict)


P = Photo  # short alias for the table below

PHOTOS: list[Photo] = [
    P("phong-nha-cave-river", "phong-nha-ke-bang", 17.5840, 106.2830, 18.0,
      "ban-quan-ly-vqg-phong-nha-ke-bang", "2024-04-12 09:41:27", "canon80d", "lr",
      "Nguyen Van Hung", "Nguyễn Văn Hùng", "073021004512", ((1, 125), (80, 10), 400, (24, 1)),
      "phong_nha",
      {"vi": "Thuyền du lịch trên dòng sông ngầm ở cửa động Phong Nha.",
       "en": "Tour boat on the underground river at the mouth of Phong Nha Cave.",
       "lo": "ເຮືອທ່ອງທ່ຽວຢູ່ແມ່ນ້ຳໃຕ້ດິນ ທີ່ປາກຖ້ຳຟອງຍາ."},
      {"vi": "Cửa hang đá vôi tối sẫm mở ra phía dòng sông xanh; một chiếc thuyền gỗ nhỏ nằm trên mặt nước, phía xa là núi đá vôi phủ rừng và bầu trời sáng.",
       "en": "A dark limestone cave mouth opens onto a green river; a small wooden boat sits on the water, with forested karst hills and bright sky beyond.",
       "lo": "ປາກຖ້ຳຫີນປູນສີມືດເປີດອອກສູ່ແມ່ນ້ຳສີຂຽວ; ມີເຮືອໄມ້ລຳນ້ອຍຢູ່ເທິງໜ້ານ້ຳ, ທາງໄກແມ່ນພູຫີນປູນທີ່ມີປ່າປົກຫຸ້ມ ແລະ ທ້ອງຟ້າແຈ້ງ."},
      owner="Nguyen Van Hung", lens_serial="0000a1b7c3"),
    P("son-doong-cave-light", "son-doong-cave", 17.4569, 106.2878, 156.0,
      "ban-quan-ly-vqg-phong-nha-ke-bang", "2023-03-18 11:07:52", "nikond750", "lr",
      "Tran Quoc Bao", "Trần Quốc Bảo", "6024517", ((1, 30), (56, 10), 1600, (24, 1)),
      "son_doong",
      {"vi": "Luồng sáng chiếu qua giếng trời trong hang Sơn Đoòng.",
       "en": "A shaft of daylight falls through a skylight in Son Doong Cave.",
       "lo": "ລຳແສງຕາເວັນສ່ອງລົງຜ່ານຊ່ອງເປີດເທິງເພດານຖ້ຳເຊີນດ່ອງ."},
      {"vi": "Lòng hang khổng lồ gần như tối hoàn toàn; một cột sáng chéo rọi xuống từ lỗ thủng trên trần, chiếu vào khoảng rừng xanh mọc dưới đáy hang, có sương mù mỏng.",
       "en": "A vast, almost completely dark cave chamber; a diagonal beam of light shines down from an opening in the roof onto a patch of green jungle growing on the cave floor, in thin mist.",
       "lo": "ຫ້ອງຖ້ຳໃຫຍ່ມະຫາສານທີ່ເກືອບມືດທັງໝົດ; ລຳແສງສ່ອງລົງທາງຂວາງຈາກຊ່ອງເປີດເທິງເພດານ ໃສ່ປ່າສີຂຽວທີ່ຂຶ້ນຢູ່ພື້ນຖ້ຳ, ມີໝອກບາງໆ."}),
    P("paradise-cave-hall", "thien-duong-cave", 17.5161, 106.2239, 95.0,
      "ban-quan-ly-vqg-phong-nha-ke-bang", "2024-06-02 14:22:09", "iphone13", "lrios",
      "Le Thi Mai", "Lê Thị Mai", "F17GK2XQ0D52", ((1, 25), (16, 10), 640, (51, 10)),
      "paradise",
      {"vi": "Lối đi gỗ xuyên qua sảnh thạch nhũ trong động Thiên Đường.",
       "en": "Wooden walkway through a hall of stalagmites in Paradise Cave.",
       "lo": "ທາງຍ່າງໄມ້ຜ່ານຫ້ອງໂຖງຫີນງອກຫີນຍ້ອຍໃນຖ້ຳທຽນເດື່ອງ (ຖ້ຳສະຫວັນ)."},
      {"vi": "Sảnh hang rộng được chiếu đèn vàng ấm; nhiều cột thạch nhũ nhọn nhô lên từ nền, một lối đi bằng gỗ có lan can chạy ngang khung hình.",
       "en": "A wide cave hall lit with warm yellow light; pointed stalagmites rise from the floor and a wooden boardwalk with railings runs across the frame.",
       "lo": "ຫ້ອງໂຖງຖ້ຳກວ້າງທີ່ເປີດໄຟສີເຫຼືອງອົບອຸ່ນ; ຫີນງອກປາຍແຫຼມຫຼາຍກ້ອນຕັ້ງຂຶ້ນຈາກພື້ນ, ມີທາງຍ່າງໄມ້ພ້ອມຮາວຈັບແລ່ນຂວາງຮູບ."}),
    P("hien-luong-bridge", "hien-luong-ben-hai", 17.0007, 107.0519, 5.0,
      "so-vhttdl", "2024-09-02 07:55:14", "sonya7m3", "lrmac",
      "Hoang Minh Duc", "Hoàng Minh Đức", "4512873", ((1, 500), (80, 10), 100, (35, 1)),
      "hien_luong",
      {"vi": "Cầu Hiền Lương bắc qua sông Bến Hải, nơi từng chia cắt hai miền.",
       "en": "Hien Luong Bridge over the Ben Hai River, once the dividing line between North and South.",
       "lo": "ຂົວຫຽນເລືອງຂ້າມແມ່ນ້ຳເບັນຫາຍ, ບ່ອນທີ່ເຄີຍແບ່ງແຍກສອງພາກ."},
      {"vi": "Cây cầu dài với lan can sơn hai màu xanh và vàng bắc ngang dòng sông dưới trời xanh; bên bờ có cột cờ cao treo lá cờ đỏ.",
       "en": "A long bridge with railings painted in two colours, blue and yellow, spans the river under a blue sky; a tall flagpole with a red flag stands on the bank.",
       "lo": "ຂົວຍາວທີ່ມີຮາວທາສີສອງສີ ສີຟ້າ ແລະ ສີເຫຼືອງ ຂ້າມແມ່ນ້ຳພາຍໃຕ້ທ້ອງຟ້າສີຄາມ; ຢູ່ຝັ່ງມີເສົາທຸງສູງທີ່ມີທຸງສີແດງ."},
      owner="Hoang Minh Duc", extra={"crop": (0, 200)}),
    P("vinh-moc-tunnel-entrance", "vinh-moc-tunnels", 17.0573, 107.1047, 21.0,
      "so-vhttdl", "2023-11-20 10:13:40", "canon80d", "lr",
      "Nguyen Van Hung", "Nguyễn Văn Hùng", "073021004512", ((1, 60), (56, 10), 800, (18, 1)),
      "vinh_moc",
      {"vi": "Một cửa vào địa đạo Vịnh Mốc giữa rừng cây ven biển.",
       "en": "One of the entrances to the Vinh Moc tunnels among coastal trees.",
       "lo": "ປາກທາງເຂົ້າໜຶ່ງຂອງອຸໂມງວິນໝົກ ທ່າມກາງຕົ້ນໄມ້ແຄມທະເລ."},
      {"vi": "Cửa hầm hình vòm tối, khung gỗ, khoét vào sườn đất nâu đỏ; xung quanh là cây lá xanh rậm và một tấm biển nhỏ bên cạnh lối vào.",
       "en": "A dark arched doorway with a timber frame cut into a reddish-brown earth bank, surrounded by dense green foliage, with a small sign beside the entrance.",
       "lo": "ປະຕູຮູບໂຄ້ງສີມືດ ມີຂອບໄມ້ ເຈາະເຂົ້າໃນຄ້ອຍດິນສີນ້ຳຕານແດງ; ອ້ອມຮອບມີໃບໄມ້ສີຂຽວໜາແໜ້ນ ແລະ ປ້າຍນ້ອຍຢູ່ຂ້າງທາງເຂົ້າ."},
      owner="Nguyen Van Hung", lens_serial="0000a1b7c3"),
    P("quang-tri-citadel-gate", "quang-tri-citadel", 16.7502, 107.1886, 8.0,
      "so-vhttdl", "2024-03-08 16:31:05", "fujixt3", "lr",
      "Pham Thu Ha", "Phạm Thu Hà", "94A13218", ((1, 250), (80, 10), 160, (23, 1)),
      "citadel",
      {"vi": "Cổng thành cổ Quảng Trị với tường gạch phủ rêu.",
       "en": "A gate of the Quang Tri Citadel, its brick walls covered in moss.",
       "lo": "ປະຕູປ້ອມບູຮານກວາງຈິ ທີ່ມີກຳແພງດິນຈີ່ປົກຫຸ້ມດ້ວຍຕະໄຄ່."},
      {"vi": "Cổng gạch cổ màu nâu vàng có vòm cuốn ở giữa, tường loang rêu xanh; phía trước là bãi cỏ, hai bên có cây, trên là trời xanh.",
       "en": "An old ochre brick gate with a central arch and moss-stained walls; a lawn in front, trees on either side and blue sky above.",
       "lo": "ປະຕູດິນຈີ່ເກົ່າສີເຫຼືອງອົມນ້ຳຕານ ມີຊ່ອງໂຄ້ງຢູ່ກາງ, ກຳແພງມີຮອຍຕະໄຄ່ສີຂຽວ; ທາງໜ້າເປັນສະໜາມຫຍ້າ, ສອງຂ້າງມີຕົ້ນໄມ້ ແລະ ເທິງແມ່ນທ້ອງຟ້າສີຄາມ."}),
    P("nhat-le-beach-dawn", "nhat-le-beach", 17.4780, 106.6230, 3.0,
      "so-vhttdl", "2024-05-19 05:12:48", "nikond750", "lr",
      "Tran Quoc Bao", "Trần Quốc Bảo", "6024517", ((1, 160), (110, 10), 200, (70, 1)),
      "nhat_le", icc=True, extra={"crop": (600, 200)},
      caption={"vi": "Bình minh trên biển Nhật Lệ.",
               "en": "Dawn over Nhat Le Beach.",
               "lo": "ຮຸ່ງອາລຸນທີ່ຫາດຊາຍຍາດເລ."},
      alt_text={"vi": "Mặt trời vừa nhô lên trên đường chân trời, bầu trời hồng cam phản chiếu xuống mặt biển lặng; bãi cát ở tiền cảnh và hàng phi lao in bóng tối bên cạnh.",
                "en": "The sun just rising above the horizon, a pink and orange sky reflected in a calm sea; sand in the foreground and a row of casuarina trees in dark silhouette at the side.",
                "lo": "ຕາເວັນຫາກໍ່ຂຶ້ນພົ້ນເສັ້ນຂອບຟ້າ, ທ້ອງຟ້າສີບົວອົມສົ້ມສະທ້ອນລົງໃນທະເລທີ່ສະຫງົບ; ຫາດຊາຍຢູ່ທາງໜ້າ ແລະ ແຖວຕົ້ນສົນທະເລເປັນເງົາມືດຢູ່ດ້ານຂ້າງ."}),
    P("cua-viet-beach-boats", "cua-viet-beach", 16.9030, 107.1860, 2.0,
      "so-vhttdl", "2023-07-04 11:48:31", "iphone13", None,
      "Le Thi Mai", "Lê Thị Mai", "F17GK2XQ0D52", ((1, 1600), (16, 10), 50, (51, 10)),
      "cua_viet",
      {"vi": "Thuyền đánh cá neo đậu trên bãi biển Cửa Việt.",
       "en": "Fishing boats drawn up on Cua Viet Beach.",
       "lo": "ເຮືອຫາປາຈອດຢູ່ຫາດຊາຍກືອວຽດ."},
      {"vi": "Bãi cát vàng dưới nắng trưa, nước biển xanh ngọc; vài chiếc thuyền gỗ sơn xanh và thuyền thúng tròn nằm trên cát gần mép nước.",
       "en": "Golden sand in midday sun and turquoise water; several blue-painted wooden boats and round basket boats rest on the sand near the water's edge.",
       "lo": "ຫາດຊາຍສີທອງພາຍໃຕ້ແສງແດດຕອນທ່ຽງ, ນ້ຳທະເລສີຂຽວມໍລະກົດ; ເຮືອໄມ້ທາສີຟ້າ ແລະ ເຮືອກະຕ່າມົນຫຼາຍລຳວາງຢູ່ເທິງຊາຍໃກ້ແຄມນ້ຳ."},
      owner="Le Thi Mai"),
    P("lao-bao-border-gate", "lao-bao-border-gate", 16.6158, 106.5953, 182.0,
      "ban-quan-ly-khu-kinh-te", "2024-10-15 08:26:17", "canon80d", "gimp",
      "Vo Thanh Tung", "Võ Thanh Tùng", "083025001187", ((1, 320), (90, 10), 200, (50, 1)),
      "lao_bao", portrait=True,
      caption={"vi": "Cửa khẩu quốc tế Lao Bảo trên Quốc lộ 9.",
               "en": "Lao Bao International Border Gate on National Route 9.",
               "lo": "ດ່ານສາກົນລາວບາວ ເທິງທາງເລກ 9."},
      alt_text={"vi": "Ảnh dọc: tòa nhà cửa khẩu nhiều tầng mái ngói đỏ trải ngang con đường, cờ bay trên nóc, làn xe dẫn vào cổng; phía sau là dãy núi xanh.",
                "en": "Portrait view: a multi-storey border gate building with red tiled roofs straddles the road, flags flying on top and traffic lanes leading to the gate; green mountains behind.",
                "lo": "ຮູບແນວຕັ້ງ: ອາຄານດ່ານຫຼາຍຊັ້ນມຸງດ້ວຍກະເບື້ອງສີແດງ ຄ່ອມທາງ, ມີທຸງໂບກຢູ່ເທິງຫຼັງຄາ ແລະ ເລນລົດນຳເຂົ້າສູ່ປະຕູ; ທາງຫຼັງເປັນພູສີຂຽວ."},
      owner="Vo Thanh Tung"),
    P("truong-son-cemetery", "truong-son-cemetery", 16.9940, 106.9580, 64.0,
      "so-vhttdl", "2024-07-25 15:40:22", "sonya7m3", "lrmac",
      "Hoang Minh Duc", "Hoàng Minh Đức", "4512873", ((1, 400), (100, 10), 100, (47, 1)),
      "truong_son", press_kit=False,
      caption={"vi": "Nghĩa trang liệt sĩ quốc gia Trường Sơn giữa đồi xanh.",
               "en": "Truong Son National Martyrs' Cemetery among green hills.",
               "lo": "ສຸສານວິລະຊົນແຫ່ງຊາດເຈື່ອງເຊີນ ທ່າມກາງເນີນພູສີຂຽວ."},
      alt_text={"vi": "Những hàng bia mộ trắng thẳng tắp trên sườn đồi cỏ xanh, giữa là đài tưởng niệm cao; khói hương mờ và hàng thông phía sau.",
                "en": "Straight rows of white headstones on a grassy hillside, a tall memorial monument in the middle, faint incense smoke and pine trees behind.",
                "lo": "ແຖວຫຼັກຫີນຝັງສົບສີຂາວຊື່ໆ ເທິງເນີນຫຍ້າສີຂຽວ, ກາງແມ່ນອະນຸສາວະລີສູງ; ມີຄວັນທູບບາງໆ ແລະ ແຖວຕົ້ນແປກຢູ່ທາງຫຼັງ."},
      owner="Hoang Minh Duc"),
    P("la-vang-basilica", "la-vang-basilica", 16.7043, 107.1978, 11.0,
      "so-vhttdl", "2023-08-15 08:03:36", "fujixt3", "lr",
      "Pham Thu Ha", "Phạm Thu Hà", "94A13218", ((1, 640), (90, 10), 160, (16, 1)),
      "la_vang",
      {"vi": "Vương cung thánh đường Đức Mẹ La Vang.",
       "en": "The Basilica of Our Lady of La Vang.",
       "lo": "ມະຫາວິຫານແມ່ພະລາວັງ."},
      {"vi": "Nhà thờ lớn với mặt tiền tam giác màu trắng và hai tháp hai bên, trước sân rộng có tượng Đức Mẹ trắng dưới trời xanh có mây.",
       "en": "A large church with a white triangular facade flanked by two towers, a white statue of the Virgin Mary in the wide forecourt, under a blue sky with clouds.",
       "lo": "ໂບດໃຫຍ່ທີ່ມີໜ້າບັນຮູບສາມແຈສີຂາວ ແລະ ຫໍສອງຫໍຢູ່ສອງຂ້າງ; ຢູ່ເດີ່ນກວ້າງທາງໜ້າມີຮູບປັ້ນແມ່ພະມາຣີສີຂາວ, ພາຍໃຕ້ທ້ອງຟ້າສີຄາມທີ່ມີເມກ."},
      extra={"crop": (300, 200)}),
    P("con-co-island-coast", "con-co-island", 17.1610, 107.3420, 12.0,
      "so-vhttdl", "2024-08-09 13:17:58", "nikond750", "lr",
      "Tran Quoc Bao", "Trần Quốc Bảo", "6024517", ((1, 1000), (90, 10), 100, (42, 1)),
      "con_co",
      {"vi": "Bờ đá bazan và ngọn hải đăng trên đảo Cồn Cỏ.",
       "en": "Basalt shore and lighthouse on Con Co Island.",
       "lo": "ຝັ່ງຫີນບາຊອນ ແລະ ຫໍປະພາຄານເທິງເກາະກົນກໍ."},
      {"vi": "Những tảng đá bazan đen nhô ra biển xanh thẫm, sóng trắng vỗ vào bờ; trên đảo rừng xanh có một ngọn hải đăng trắng.",
       "en": "Black basalt rocks jut into a deep blue sea with white surf breaking on them; on the green wooded island stands a white lighthouse.",
       "lo": "ກ້ອນຫີນບາຊອນສີດຳຍື່ນອອກໄປໃນທະເລສີຟ້າເຂັ້ມ, ຄື້ນສີຂາວຊັດໃສ່ຝັ່ງ; ເທິງເກາະທີ່ມີປ່າສີຂຽວມີຫໍປະພາຄານສີຂາວ."},
      owner="Tran Quoc Bao"),
    # The lantern night is on the Thach Han river beside the citadel: place is the
    # citadel record; the GPS fix is on the river bank just south-west of it.
    P("peace-festival-lanterns", "quang-tri-citadel", 16.7468, 107.1841, 4.0,
      "bao-va-pt-th-quang-tri", "2024-07-26 20:47:03", "sonya7m3", "lrmac",
      "Dang Quoc Viet", "Đặng Quốc Việt", "4519022", ((1, 20), (40, 10), 6400, (35, 1)),
      "lanterns", consent="obtained",
      caption={"vi": "Đêm thả hoa đăng trên sông Thạch Hãn trong Lễ hội Vì hòa bình.",
               "en": "Night of floating lanterns on the Thach Han River during the Festival for Peace.",
               "lo": "ຄືນລອຍໂຄມໄຟເທິງແມ່ນ້ຳທາດຮານ ໃນງານບຸນເພື່ອສັນຕິພາບ."},
      alt_text={"vi": "Mặt sông tối về đêm phủ kín hàng trăm đèn hoa đăng vàng cam lấp lánh phản chiếu xuống nước; bờ bên kia là bóng cây và tường thành in trên nền trời xanh thẫm.",
                "en": "A dark river at night covered with hundreds of glowing orange and yellow floating lanterns reflected in the water; on the far bank, trees and the citadel wall in silhouette against a deep blue sky.",
                "lo": "ໜ້າແມ່ນ້ຳທີ່ມືດໃນຍາມກາງຄືນ ເຕັມໄປດ້ວຍໂຄມໄຟລອຍນ້ຳສີເຫຼືອງອົມສົ້ມຫຼາຍຮ້ອຍໜ່ວຍ ສ່ອງແສງສະທ້ອນລົງໃນນ້ຳ; ຝັ່ງກົງກັນຂ້າມເປັນເງົາຕົ້ນໄມ້ ແລະ ກຳແພງປ້ອມ ຕັດກັບທ້ອງຟ້າສີຟ້າເຂັ້ມ."},
      owner="Dang Quoc Viet"),
    P("tam-toa-church-ruins", "tam-toa-church-ruins", 17.4700, 106.6240, 4.0,
      "so-vhttdl", "2023-12-03 15:05:44", "iphone13", "lrios",
      "Le Thi Mai", "Lê Thị Mai", "F17GK2XQ0D52", ((1, 900), (16, 10), 50, (51, 10)),
      "tam_toa",
      {"vi": "Di tích tháp chuông nhà thờ Tam Tòa ở Đồng Hới.",
       "en": "The ruined bell tower of Tam Toa Church in Dong Hoi.",
       "lo": "ຊາກຫໍລະຄັງໂບດຕາມຕວາ ທີ່ດົ່ງເຫີຍ."},
      {"vi": "Tháp chuông bằng gạch đổ nát, tường thủng lỗ chỗ và vòm cửa trống, đứng giữa bãi cỏ; phía sau là trời xanh và vài cây xanh.",
       "en": "A ruined brick bell tower, its walls pocked with holes and its arched doorway empty, stands on a lawn; blue sky and a few trees behind.",
       "lo": "ຫໍລະຄັງດິນຈີ່ທີ່ຫັກພັງ, ກຳແພງເປັນຮູຫຼາຍບ່ອນ ແລະ ປະຕູໂຄ້ງວ່າງເປົ່າ, ຕັ້ງຢູ່ກາງສະໜາມຫຍ້າ; ທາງຫຼັງແມ່ນທ້ອງຟ້າສີຄາມ ແລະ ຕົ້ນໄມ້ຈຳນວນໜຶ່ງ."}),
    # More sample photos so that most public records have one (issue 17): the same painters,
    # seeded by these ids, so each is a different picture.
    P("cua-tung-beach-cliffs", "cua-tung-beach", 17.0170, 107.1110, 6.0,
      "so-vhttdl", "2024-06-21 06:02:11", "fujixt3", "lr",
      "Pham Thu Ha", "Phạm Thu Hà", "94A13218", ((1, 250), (80, 10), 160, (18, 1)),
      "nhat_le", extra={"crop": (600, 200)},
      caption={"vi": "Bình minh trên bãi biển Cửa Tùng.",
               "en": "Sunrise over Cua Tung Beach.",
               "lo": "ຕາເວັນຂຶ້ນທີ່ຫາດຊາຍກືອຕຸ່ງ."},
      alt_text={"vi": "Mặt trời mọc trên biển, trời hồng cam, bãi cát và hàng cây tối ở một bên.",
                "en": "The sun rising over the sea in a pink and orange sky, sand and a dark line of trees at one side.",
                "lo": "ຕາເວັນຂຶ້ນເທິງທະເລ, ທ້ອງຟ້າສີບົວອົມສົ້ມ, ຫາດຊາຍ ແລະ ແຖວຕົ້ນໄມ້ສີມືດຢູ່ດ້ານໜຶ່ງ."}),
    P("duong-9-cemetery-rows", "duong-9-cemetery", 16.8290, 107.0470, 20.0,
      "so-vhttdl", "2024-07-27 08:40:05", "sonya7m3", "lrmac",
      "Hoang Minh Duc", "Hoàng Minh Đức", "4512873", ((1, 320), (90, 10), 100, (40, 1)),
      "truong_son", press_kit=False,
      caption={"vi": "Nghĩa trang liệt sĩ quốc gia Đường 9.",
               "en": "Road 9 National Martyrs' Cemetery.",
               "lo": "ສຸສານວິລະຊົນແຫ່ງຊາດ ທາງເລກ 9."},
      alt_text={"vi": "Những hàng bia mộ trắng trên đồi cỏ, đài tưởng niệm ở giữa, hàng cây phía sau.",
                "en": "Rows of white headstones on a grassy hill, a memorial in the middle and trees behind.",
                "lo": "ແຖວຫຼັກຫີນຝັງສົບສີຂາວເທິງເນີນຫຍ້າ, ອະນຸສາວະລີຢູ່ກາງ ແລະ ຕົ້ນໄມ້ທາງຫຼັງ."}),
    P("khe-sanh-hills", "khe-sanh", 16.6260, 106.7300, 420.0,
      "so-vhttdl", "2024-01-14 09:12:40", "canon80d", "lr",
      "Vo Thanh Tung", "Võ Thanh Tùng", "083025001187", ((1, 400), (80, 10), 200, (35, 1)),
      "hien_luong",
      caption={"vi": "Đồi núi vùng Khe Sanh buổi sáng.",
               "en": "The hills around Khe Sanh in the morning.",
               "lo": "ເນີນພູອ້ອມແອ້ມເຂຊານໃນຕອນເຊົ້າ."},
      alt_text={"vi": "Một cây cầu và dòng sông dưới trời xanh, đồi cây ở phía xa.",
                "en": "A bridge and a river under a blue sky, wooded hills in the distance.",
                "lo": "ຂົວ ແລະ ແມ່ນ້ຳພາຍໃຕ້ທ້ອງຟ້າສີຄາມ, ເນີນພູມີຕົ້ນໄມ້ຢູ່ທາງໄກ."},
      owner="Vo Thanh Tung", extra={"crop": (0, 200)}),
    P("quang-binh-quan-gate", "quang-binh-quan", 17.4810, 106.6080, 6.0,
      "so-vhttdl", "2023-10-08 16:20:33", "nikond750", "lr",
      "Tran Quoc Bao", "Trần Quốc Bảo", "6024517", ((1, 200), (80, 10), 200, (28, 1)),
      "citadel",
      caption={"vi": "Cổng Quảng Bình Quan ở Đồng Hới.",
               "en": "The Quang Binh Quan gate in Dong Hoi.",
               "lo": "ປະຕູກວາງບິ່ງກວານ ທີ່ດົ່ງເຫີຍ."},
      alt_text={"vi": "Cổng gạch cổ có vòm ở giữa, tường phủ rêu, bãi cỏ phía trước.",
                "en": "An old brick gate with a central arch and mossy walls, a lawn in front.",
                "lo": "ປະຕູດິນຈີ່ເກົ່າມີຊ່ອງໂຄ້ງຢູ່ກາງ, ກຳແພງມີຕະໄຄ່, ສະໜາມຫຍ້າທາງໜ້າ."}),
    P("vung-chua-coast", "vung-chua-dao-yen", 17.8650, 106.5050, 10.0,
      "so-vhttdl", "2024-04-30 10:44:18", "iphone13", "lrios",
      "Le Thi Mai", "Lê Thị Mai", "F17GK2XQ0D52", ((1, 1200), (16, 10), 50, (51, 10)),
      "con_co",
      caption={"vi": "Bờ biển Vũng Chùa - Đảo Yến.",
               "en": "The coast at Vung Chua - Yen Island.",
               "lo": "ຝັ່ງທະເລວຸ້ງຈົວ - ເກາະແອ່ນ."},
      alt_text={"vi": "Đá đen nhô ra biển xanh thẫm, sóng trắng, đảo có rừng và ngọn hải đăng trắng.",
                "en": "Black rocks jutting into a deep blue sea with white surf, a wooded island with a white lighthouse.",
                "lo": "ຫີນສີດຳຍື່ນອອກໄປໃນທະເລສີຟ້າເຂັ້ມ, ຄື້ນສີຂາວ, ເກາະມີປ່າ ແລະ ຫໍປະພາຄານສີຂາວ."},
      owner="Le Thi Mai"),
    P("hon-la-port", "hon-la-economic-zone", 17.9370, 106.5230, 3.0,
      "ban-quan-ly-khu-kinh-te", "2024-09-18 07:31:52", "fujixt3", "lr",
      "Pham Thu Ha", "Phạm Thu Hà", "94A13218", ((1, 500), (80, 10), 160, (23, 1)),
      "cua_viet",
      caption={"vi": "Bờ biển gần cảng Hòn La.",
               "en": "The shore near Hon La port.",
               "lo": "ຝັ່ງທະເລໃກ້ທ່າເຮືອຮອນລາ."},
      alt_text={"vi": "Bãi cát vàng, nước xanh ngọc, vài chiếc thuyền gỗ nằm trên cát.",
                "en": "Golden sand, turquoise water and a few wooden boats resting on the sand.",
                "lo": "ຫາດຊາຍສີທອງ, ນ້ຳສີຂຽວມໍລະກົດ ແລະ ເຮືອໄມ້ຈຳນວນໜຶ່ງວາງຢູ່ເທິງຊາຍ."}),
    P("kien-giang-boats", "kien-giang-boat-race-2026", 17.1730, 106.8020, 4.0,
      "so-vhttdl", "2024-09-02 15:10:27", "sonya7m3", "lrmac",
      "Dang Quoc Viet", "Đặng Quốc Việt", "4519022", ((1, 1000), (80, 10), 200, (70, 1)),
      "cua_viet",
      caption={"vi": "Thuyền đua chuẩn bị cho lễ hội đua thuyền trên sông.",
               "en": "Racing boats ready for the river boat race.",
               "lo": "ເຮືອແຂ່ງກຽມພ້ອມສຳລັບງານບຸນແຂ່ງເຮືອ."},
      alt_text={"vi": "Những chiếc thuyền gỗ sơn xanh nằm trên bờ cát cạnh mặt nước xanh.",
                "en": "Blue-painted wooden boats drawn up on a sandy bank beside green water.",
                "lo": "ເຮືອໄມ້ທາສີຟ້າວາງຢູ່ຝັ່ງຊາຍຂ້າງນ້ຳສີຂຽວ."},
      owner="Dang Quoc Viet"),
    P("investment-conference-hall", "lao-bao-economic-zone", 0.0, 0.0, 0.0,
      "ban-quan-ly-khu-kinh-te", "2024-11-21 09:00:00", "", None,
      "", "", "", (), "conference", fmt="png", press_kit=False,
      caption={"vi": "Hội trường hội nghị xúc tiến đầu tư Khu kinh tế Lao Bảo.",
               "en": "Conference hall set up for the Lao Bao Economic Zone investment promotion conference.",
               "lo": "ຫ້ອງປະຊຸມສຳລັບກອງປະຊຸມສົ່ງເສີມການລົງທຶນ ເຂດເສດຖະກິດລາວບາວ."},
      alt_text={"vi": "Hội trường với sân khấu phông xanh, màn chiếu biểu đồ cột, bục phát biểu ở bên và nhiều hàng ghế trống hướng về sân khấu.",
                "en": "A conference hall with a blue stage backdrop, a projection screen showing a bar chart, a lectern at the side and rows of empty chairs facing the stage.",
                "lo": "ຫ້ອງປະຊຸມທີ່ມີເວທີສາກຫຼັງສີຟ້າ, ຈໍສາຍຮູບສະແດງກຣາຟແທ່ງ, ແທ່ນກ່າວຄຳປາໄສຢູ່ດ້ານຂ້າງ ແລະ ແຖວຕັ່ງວ່າງຫຼາຍແຖວຫັນໜ້າໃສ່ເວທີ."}),
]


# --------------------------------------------------------------------------------------
# Drawing helpers
# --------------------------------------------------------------------------------------

def lerp(a, b, t):
    return a + (b - a) * t


def mix(c1, c2, t):
    return tuple(int(round(lerp(a, b, t))) for a, b in zip(c1, c2))


def hexc(s):
    s = s.lstrip("#")
    return tuple(int(s[i:i + 2], 16) for i in (0, 2, 4))


def vgrad(size, stops):
    """Vertical gradient; stops = [(pos 0..1, colour), ...]."""
    w, h = size
    stops = [(p, hexc(c) if isinstance(c, str) else c) for p, c in stops]
    col = []
    for y in range(h):
        t = y / max(1, h - 1)
        for (p0, c0), (p1, c1) in zip(stops, stops[1:]):
            if t <= p1 or (p1 == stops[-1][0]):
                u = 0.0 if p1 == p0 else min(1.0, max(0.0, (t - p0) / (p1 - p0)))
                col.append(mix(c0, c1, u))
                break
    strip = Image.new("RGB", (1, h))
    strip.putdata(col)
    return strip.resize((w, h), Image.Resampling.NEAREST)


def paste_grad(img, box, stops):
    x0, y0, x1, y1 = [int(v) for v in box]
    img.paste(vgrad((x1 - x0, y1 - y0), stops), (x0, y0))


def ridge(rng, w, base, amp, waves=4, step=8, sharp=False):
    """Points of a hill line across the width."""
    comps = [(rng.uniform(0.6, 1.0) / (k + 1), rng.uniform(1, 3) * (k + 1), rng.uniform(0, 6.283))
             for k in range(waves)]
    pts = []
    for x in range(0, w + step, step):
        v = 0.0
        for a, f, ph in comps:
            s = math.sin(2 * math.pi * f * x / w + ph)
            v += a * (1 - abs(s) * 2 if sharp else s)
        pts.append((x, base - amp * v))
    return pts


def fill_below(draw, pts, h, colour):
    draw.polygon([(pts[0][0], h)] + pts + [(pts[-1][0], h)], fill=colour)


def soft_layer(size, painter, blur, scale=4):
    """Paint an L mask at 1/scale, blur it there, scale up (fast soft glows)."""
    w, h = size
    small = Image.new("L", (w // scale + 1, h // scale + 1), 0)
    painter(ImageDraw.Draw(small), 1.0 / scale)
    if blur:
        small = small.filter(ImageFilter.GaussianBlur(blur / scale))
    return small.resize((w, h), Image.Resampling.BICUBIC)


def glow(img, mask, colour, strength=1.0):
    if strength != 1.0:
        mask = mask.point(lambda v: int(min(255, v * strength)))
    img.paste(Image.new("RGB", img.size, colour), (0, 0), mask)


def blobs(draw, rng, n, box, rmin, rmax, colours, alpha=None):
    x0, y0, x1, y1 = box
    for _ in range(n):
        cx, cy = rng.uniform(x0, x1), rng.uniform(y0, y1)
        r = rng.uniform(rmin, rmax)
        ry = r * rng.uniform(0.6, 1.0)
        c = rng.choice(colours)
        if alpha is not None:
            c = c + (alpha,)
        draw.ellipse([cx - r, cy - ry, cx + r, cy + ry], fill=c)


def foliage(draw, rng, box, base="#2f5a2a", n=260, r=(30, 90)):
    b = hexc(base)
    shades = [mix(b, (0, 0, 0), 0.35), mix(b, (0, 0, 0), 0.15), b,
              mix(b, (200, 230, 120), 0.18), mix(b, (220, 240, 150), 0.32)]
    blobs(draw, rng, n, box, r[0], r[1], shades)


def water_streaks(draw, rng, box, colours, n=900, lmax=160, thick=(2, 5)):
    x0, y0, x1, y1 = box
    for _ in range(n):
        y = rng.uniform(y0, y1)
        t = (y - y0) / max(1, y1 - y0)
        ln = rng.uniform(0.2, 1.0) * lmax * (0.3 + t)
        x = rng.uniform(x0 - ln, x1)
        draw.line([(x, y), (x + ln, y)], fill=rng.choice(colours),
                  width=max(1, int(rng.uniform(*thick) * (0.4 + t))))


def clouds(img, rng, n, box, colour=(255, 255, 255), strength=0.85):
    x0, y0, x1, y1 = box

    def paint(d, s):
        for _ in range(n):
            cx, cy = rng.uniform(x0, x1), rng.uniform(y0, y1)
            for _k in range(9):
                r = rng.uniform(60, 170)
                ox, oy = rng.uniform(-220, 220), rng.uniform(-50, 30)
                d.ellipse([(cx + ox - r) * s, (cy + oy - r * 0.6) * s,
                           (cx + ox + r) * s, (cy + oy + r * 0.6) * s], fill=220)
    glow(img, soft_layer(img.size, paint, 40), colour, strength)


def star(cx, cy, r):
    pts = []
    for i in range(10):
        a = -math.pi / 2 + i * math.pi / 5
        rr = r if i % 2 == 0 else r * 0.382
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    return pts


def arch_poly(x0, y0, x1, y1, seg=24):
    """Rectangle with a semicircular top, (x0,y0) = top of the arch's spring line box."""
    r = (x1 - x0) / 2
    cx = x0 + r
    pts = [(x0, y1), (x0, y0 + r)]
    for i in range(seg + 1):
        a = math.pi + i * math.pi / seg
        pts.append((cx + r * math.cos(a), y0 + r + r * math.sin(a)))
    pts += [(x1, y1)]
    return pts


# --------------------------------------------------------------------------------------
# Scenes (each paints an RGB image of any size; coordinates are fractions of w, h)
# --------------------------------------------------------------------------------------

def scene_phong_nha(img, rng):
    w, h = img.size
    d = ImageDraw.Draw(img, "RGBA")
    paste_grad(img, (0, 0, w, h * 0.56), [(0, "#9cc8e8"), (1, "#e7f1ef")])
    clouds(img, rng, 4, (w * 0.2, h * 0.08, w * 0.8, h * 0.25))
    for base, amp, col in ((0.40, 0.10, "#7f9f8a"), (0.46, 0.12, "#4d7a4a"), (0.53, 0.08, "#2f5b31")):
        fill_below(d, ridge(rng, w, h * base, h * amp, 5, sharp=True), h, hexc(col))
    foliage(d, rng, (0, h * 0.45, w, h * 0.56), "#2e5a2c", n=220, r=(20, 55))
    paste_grad(img, (0, h * 0.56, w, h), [(0, "#3f7f6b"), (0.5, "#2b5e50"), (1, "#17352e")])
    water_streaks(d, rng, (0, h * 0.57, w, h), [(120, 170, 150, 90), (20, 50, 40, 90), (200, 220, 210, 60)])
    # boat
    bx, by = w * 0.56, h * 0.70
    d.polygon([(bx - 260, by), (bx + 300, by), (bx + 230, by + 55), (bx - 210, by + 55)], fill=(92, 52, 28))
    d.rectangle([bx - 150, by - 90, bx + 150, by], fill=(150, 40, 30))
    d.rectangle([bx - 170, by - 110, bx + 170, by - 88], fill=(70, 40, 25))
    d.polygon([(bx + 300, by), (bx + 360, by - 60), (bx + 330, by)], fill=(170, 120, 40))
    d.line([(bx - 250, by + 70), (bx + 280, by + 70)], fill=(10, 25, 20, 120), width=14)
    # cave mouth: dark rock everywhere except an irregular opening
    mask = Image.new("L", (w, h), 255)
    md = ImageDraw.Draw(mask)
    cx, cy, rx, ry = w * 0.5, h * 0.52, w * 0.40, h * 0.44
    pts = []
    for i in range(72):
        a = 2 * math.pi * i / 72
        k = 1 + 0.08 * math.sin(3 * a + 1.3) + rng.uniform(-0.04, 0.04)
        y = cy + ry * k * math.sin(a)
        pts.append((cx + rx * k * math.cos(a), min(y, h * 1.2)))
    md.polygon(pts, fill=0)
    md.rectangle([w * 0.1, h * 0.62, w * 0.9, h], fill=0)
    for _ in range(26):  # stalactites into the opening
        x = rng.uniform(cx - rx * 0.8, cx + rx * 0.8)
        top = cy - ry * math.sqrt(max(0.0, 1 - ((x - cx) / rx) ** 2)) - 10
        md.polygon([(x - rng.uniform(15, 40), top), (x + rng.uniform(15, 40), top),
                    (x, top + rng.uniform(60, 220))], fill=255)
    mask = mask.filter(ImageFilter.GaussianBlur(6))
    rock = vgrad((w, h), [(0, "#1c1712"), (0.5, "#2b241c"), (1, "#15120e")])
    rd = ImageDraw.Draw(rock, "RGBA")
    blobs(rd, rng, 500, (0, 0, w, h), 20, 140, [(70, 60, 48, 70), (10, 8, 6, 90), (95, 85, 70, 50)])
    img.paste(rock, (0, 0), mask)


def scene_son_doong(img, rng):
    w, h = img.size
    img.paste(vgrad((w, h), [(0, "#0a0b0a"), (0.6, "#16170f"), (1, "#0d0d0a")]))
    d = ImageDraw.Draw(img, "RGBA")
    blobs(d, rng, 700, (0, 0, w, h), 30, 200, [(40, 38, 30, 60), (5, 5, 4, 80), (60, 56, 44, 40)])
    ox, oy = w * 0.70, h * 0.05

    def opening(dd, s):
        dd.ellipse([(ox - w * 0.12) * s, (oy - h * 0.10) * s, (ox + w * 0.12) * s, (oy + h * 0.09) * s], fill=255)
    glow(img, soft_layer(img.size, opening, 60), (235, 245, 255))

    def beam(dd, s):
        dd.polygon([((ox - w * 0.10) * s, oy * s), ((ox + w * 0.10) * s, oy * s),
                    (w * 0.62 * s, h * 0.86 * s), (w * 0.30 * s, h * 0.86 * s)], fill=150)
    glow(img, soft_layer(img.size, beam, 90), (255, 246, 220), 0.9)
    # jungle patch on the floor where the light falls
    foliage(d, rng, (w * 0.30, h * 0.66, w * 0.64, h * 0.86), "#4f8a2c", n=320, r=(25, 70))
    foliage(d, rng, (w * 0.22, h * 0.74, w * 0.72, h * 0.92), "#2d5320", n=200, r=(25, 70))
    # rock floor
    fill_below(d, ridge(rng, w, h * 0.90, h * 0.03, 3), h, (28, 26, 20))

    def mist(dd, s):
        for _ in range(18):
            x, y = rng.uniform(0.15, 0.85) * w, rng.uniform(0.55, 0.85) * h
            dd.ellipse([(x - 300) * s, (y - 60) * s, (x + 300) * s, (y + 60) * s], fill=90)
    glow(img, soft_layer(img.size, mist, 80), (200, 205, 200), 0.6)


def scene_paradise(img, rng):
    w, h = img.size
    img.paste(vgrad((w, h), [(0, "#1e1208"), (0.55, "#4a2e14"), (1, "#21150a")]))

    def lights(dd, s):
        for _ in range(7):
            x, y = rng.uniform(0.05, 0.95) * w, rng.uniform(0.35, 0.8) * h
            r = rng.uniform(200, 420)
            dd.ellipse([(x - r) * s, (y - r) * s, (x + r) * s, (y + r) * s], fill=170)
    glow(img, soft_layer(img.size, lights, 160), (240, 170, 80), 0.8)
    d = ImageDraw.Draw(img, "RGBA")
    for _ in range(60):   # stalactites from the ceiling
        x = rng.uniform(0, w)
        ln = rng.uniform(0.05, 0.30) * h
        hw = rng.uniform(10, 45)
        d.polygon([(x - hw, 0), (x + hw, 0), (x, ln)], fill=mix((110, 75, 35), (230, 180, 110), rng.random()) + (235,))
    for i in range(70):   # stalagmites from the floor, far to near
        t = i / 70
        base = lerp(h * 0.72, h * 1.02, t)
        x = rng.uniform(-0.05, 1.05) * w
        ht = rng.uniform(0.08, 0.35) * h * (0.6 + t)
        hw = rng.uniform(18, 60) * (0.6 + t)
        lit = mix((90, 60, 28), (245, 200, 130), rng.random())
        d.polygon([(x - hw, base), (x + hw, base), (x + hw * 0.25, base - ht * 0.8), (x, base - ht),
                   (x - hw * 0.3, base - ht * 0.75)], fill=lit)
        d.line([(x - hw * 0.2, base), (x, base - ht)], fill=(255, 230, 180, 90), width=4)
    # boardwalk across the frame
    y0l, y0r = h * 0.80, h * 0.70
    d.polygon([(0, y0l), (w, y0r), (w, y0r + 70), (0, y0l + 95)], fill=(120, 78, 40))
    for k in range(60):
        x = k * w / 60
        yy = lerp(y0l, y0r, x / w)
        d.line([(x, yy), (x + 8, yy + lerp(95, 70, x / w))], fill=(70, 42, 20), width=3)
    for k in range(14):
        x = k * w / 13
        yy = lerp(y0l, y0r, x / w)
        d.rectangle([x - 7, yy - 120, x + 7, yy], fill=(60, 36, 18))
    d.line([(0, y0l - 120), (w, y0r - 120)], fill=(80, 50, 24), width=12)
    d.line([(0, y0l - 60), (w, y0r - 60)], fill=(80, 50, 24), width=7)


def scene_hien_luong(img, rng):
    w, h = img.size
    d = ImageDraw.Draw(img, "RGBA")
    paste_grad(img, (0, 0, w, h * 0.52), [(0, "#3f7fc6"), (1, "#bcd8ef")])
    clouds(img, rng, 5, (0, h * 0.05, w, h * 0.30))
    fill_below(d, ridge(rng, w, h * 0.47, h * 0.02, 3), h, (58, 96, 60))
    foliage(d, rng, (0, h * 0.42, w, h * 0.50), "#3d6a38", n=260, r=(15, 40))
    paste_grad(img, (0, h * 0.52, w, h), [(0, "#6d98b8"), (1, "#2e5672")])
    water_streaks(d, rng, (0, h * 0.53, w, h), [(200, 220, 235, 80), (30, 60, 90, 90)])
    deck_y = h * 0.50
    d.rectangle([w * 0.05, deck_y, w * 0.95, deck_y + 40], fill=(90, 90, 88))
    for k in range(7):  # piers
        x = w * (0.08 + k * 0.14)
        d.rectangle([x - 22, deck_y + 40, x + 22, h * 0.60], fill=(110, 108, 100))
        d.line([(x - 30, h * 0.62), (x + 30, h * 0.62)], fill=(80, 100, 110, 120), width=6)
    for k in range(0, 181):  # railing: left half blue, right half yellow
        x = w * 0.05 + k * (w * 0.90 / 180)
        col = (58, 111, 176) if x < w * 0.5 else (229, 196, 58)
        d.line([(x, deck_y - 55), (x, deck_y)], fill=col, width=6)
    d.line([(w * 0.05, deck_y - 55), (w * 0.5, deck_y - 55)], fill=(40, 90, 160), width=10)
    d.line([(w * 0.5, deck_y - 55), (w * 0.95, deck_y - 55)], fill=(210, 175, 40), width=10)
    # flagpole and flag on the near-left bank
    px = w * 0.14
    fill_below(d, [(0, h * 0.78), (w * 0.30, h * 0.82)], h, (90, 120, 60))
    d.rectangle([px - 8, h * 0.08, px + 8, h * 0.80], fill=(220, 220, 215))
    fx0, fy0 = px + 8, h * 0.09
    d.rectangle([fx0, fy0, fx0 + 330, fy0 + 220], fill=(218, 37, 29))
    d.polygon(star(fx0 + 165, fy0 + 112, 70), fill=(255, 221, 0))


def scene_vinh_moc(img, rng):
    w, h = img.size
    d = ImageDraw.Draw(img, "RGBA")
    paste_grad(img, (0, 0, w, h * 0.45), [(0, "#d8ecd9"), (1, "#a9cfa5")])
    foliage(d, rng, (-100, -50, w + 100, h * 0.48), "#3e7434", n=700, r=(40, 120))
    fill_below(d, ridge(rng, w, h * 0.42, h * 0.03, 3), h, (132, 78, 48))
    paste_grad(img, (0, int(h * 0.47), w, h), [(0, "#8c5332"), (0.6, "#7a4529"), (1, "#5e331d")])
    blobs(d, rng, 400, (0, h * 0.45, w, h), 10, 60, [(160, 100, 60, 60), (60, 30, 15, 60)])
    ax0, ax1, ay0, ay1 = w * 0.38, w * 0.62, h * 0.30, h * 0.88
    d.polygon(arch_poly(ax0 - 45, ay0 - 45, ax1 + 45, ay1), fill=(96, 62, 34))
    d.polygon(arch_poly(ax0, ay0, ax1, ay1), fill=(12, 9, 7))
    for k in range(6):  # steps going down into the dark
        y = ay1 - k * 40
        d.line([(ax0 + 30 + k * 18, y), (ax1 - 30 - k * 18, y)], fill=(60, 45, 30), width=8)
    foliage(d, rng, (0, h * 0.55, w * 0.3, h), "#2f6228", n=160, r=(35, 90))
    foliage(d, rng, (w * 0.72, h * 0.55, w, h), "#2f6228", n=160, r=(35, 90))
    # small sign beside the entrance
    d.rectangle([w * 0.70, h * 0.50, w * 0.70 + 14, h * 0.78], fill=(70, 45, 25))
    d.rectangle([w * 0.66, h * 0.44, w * 0.78, h * 0.53], fill=(235, 225, 190))
    for k in range(4):
        d.line([(w * 0.675, h * (0.46 + k * 0.018)), (w * 0.765, h * (0.46 + k * 0.018))],
               fill=(120, 30, 20), width=7)


def brick_wall(d, rng, box, base, mortar, bh=28, bw=70):
    x0, y0, x1, y1 = box
    d.rectangle(box, fill=base)
    y, row = y0, 0
    while y < y1:
        d.line([(x0, y), (x1, y)], fill=mortar, width=3)
        off = 0 if row % 2 == 0 else bw / 2
        x = x0 + off
        while x < x1:
            d.line([(x, y), (x, min(y + bh, y1))], fill=mortar, width=3)
            x += bw
        y += bh
        row += 1


def scene_citadel(img, rng):
    w, h = img.size
    d = ImageDraw.Draw(img, "RGBA")
    paste_grad(img, (0, 0, w, h * 0.75), [(0, "#4b8fd6"), (1, "#cfe4f4")])
    clouds(img, rng, 4, (0, h * 0.04, w, h * 0.25))
    paste_grad(img, (0, int(h * 0.72), w, h), [(0, "#6fa14a"), (1, "#3f6e2a")])
    blobs(d, rng, 500, (0, h * 0.72, w, h), 8, 40, [(90, 140, 60, 80), (50, 90, 30, 80)])
    gx0, gx1, gy0, gy1 = w * 0.18, w * 0.82, h * 0.30, h * 0.76
    brick_wall(d, rng, (gx0, gy0, gx1, gy1), (176, 138, 85), (140, 108, 66))
    for k in range(12):  # crenellations
        x = gx0 + k * (gx1 - gx0) / 11.5
        d.rectangle([x, gy0 - 60, x + (gx1 - gx0) / 23, gy0], fill=(166, 128, 78))
    blobs(d, rng, 260, (gx0, gy0 - 40, gx1, gy1), 15, 70, [(70, 100, 50, 90), (40, 70, 35, 80), (30, 30, 25, 50)])
    d.polygon(arch_poly(w * 0.42, h * 0.42, w * 0.58, gy1), fill=(35, 34, 28))
    d.arc([w * 0.42 - 30, h * 0.42 - 30, w * 0.58 + 30, h * 0.42 + (w * 0.16) + 30], 180, 360,
          fill=(120, 90, 55), width=30)
    d.rectangle([w * 0.44, h * 0.19, w * 0.56, h * 0.30], fill=(190, 60, 40))   # small watchtower roof
    d.polygon([(w * 0.41, h * 0.20), (w * 0.59, h * 0.20), (w * 0.50, h * 0.12)], fill=(120, 50, 35))
    for side in (0, 1):
        x0 = 0 if side == 0 else w * 0.82
        d.rectangle([x0 + w * 0.08, h * 0.45, x0 + w * 0.08 + 30, h * 0.78], fill=(70, 50, 35))
        foliage(d, rng, (x0 - 50, h * 0.10, x0 + w * 0.2, h * 0.55), "#356a2e", n=260, r=(40, 100))


def scene_nhat_le(img, rng):
    w, h = img.size
    d = ImageDraw.Draw(img, "RGBA")
    hz = h * 0.55
    paste_grad(img, (0, 0, w, hz), [(0, "#2a2d5c"), (0.45, "#8a4f86"), (0.8, "#e07a6a"), (1, "#f8b25a")])
    clouds(img, rng, 3, (0, h * 0.15, w, h * 0.35), (250, 170, 150), 0.5)
    sx, sy = w * 0.46, hz + 10

    def sun(dd, s):
        dd.ellipse([(sx - 420) * s, (sy - 420) * s, (sx + 420) * s, (sy + 420) * s], fill=200)
    glow(img, soft_layer(img.size, sun, 260), (255, 200, 120), 0.9)
    d.ellipse([sx - 95, sy - 95, sx + 95, sy + 95], fill=(255, 244, 210))
    paste_grad(img, (0, int(hz), w, int(h * 0.82)), [(0, "#8e5a78"), (1, "#2e2f55")])
    water_streaks(d, rng, (0, hz + 4, w, h * 0.82), [(230, 150, 130, 60), (40, 40, 80, 80)], n=700)
    for _ in range(500):   # sun reflection column
        y = rng.uniform(hz + 6, h * 0.82)
        t = (y - hz) / (h * 0.27)
        x = sx + rng.gauss(0, 30 + 140 * t)
        ln = rng.uniform(20, 120) * (0.4 + t)
        d.line([(x - ln / 2, y), (x + ln / 2, y)], fill=(255, 210, 140, 170), width=max(2, int(5 * t)))
    paste_grad(img, (0, int(h * 0.82), w, h), [(0, "#7b6a64"), (0.2, "#b89a7c"), (1, "#d9c09a")])
    d.line([(0, h * 0.82), (w, h * 0.82)], fill=(240, 220, 200, 140), width=6)
    blobs(d, rng, 300, (0, h * 0.83, w, h), 3, 12, [(150, 120, 95, 90), (230, 210, 180, 90)])
    for k in range(5):   # casuarina silhouettes on the right
        x = w * (0.80 + k * 0.05) + rng.uniform(-20, 20)
        top = h * rng.uniform(0.12, 0.30)
        d.line([(x, top), (x + rng.uniform(-20, 20), h * 0.86)], fill=(25, 20, 30), width=18)
        for j in range(30):
            y = lerp(top, h * 0.66, j / 30)
            spread = 40 + 160 * (j / 30)
            d.line([(x, y), (x - spread, y + 90)], fill=(22, 18, 28, 220), width=9)
            d.line([(x, y), (x + spread, y + 90)], fill=(22, 18, 28, 220), width=9)


def scene_cua_viet(img, rng):
    w, h = img.size
    d = ImageDraw.Draw(img, "RGBA")
    hz = h * 0.40
    paste_grad(img, (0, 0, w, hz), [(0, "#1f74d2"), (1, "#a8d4f5")])
    clouds(img, rng, 5, (0, h * 0.05, w, h * 0.30))
    paste_grad(img, (0, int(hz), w, int(h * 0.60)), [(0, "#1d6f8f"), (0.6, "#25a3a6"), (1, "#63d0c4")])
    water_streaks(d, rng, (0, hz, w, h * 0.58), [(220, 250, 250, 90), (10, 70, 90, 70)], n=700, lmax=220)
    for k in range(3):
        y = h * (0.56 + k * 0.015)
        pts = ridge(rng, w, y, 8, 3)
        d.line(pts, fill=(250, 250, 245, 200 - k * 50), width=12 - k * 3)
    paste_grad(img, (0, int(h * 0.58), w, h), [(0, "#c9a66b"), (0.15, "#e2c48a"), (1, "#edd6a4")])
    blobs(d, rng, 400, (0, h * 0.6, w, h), 3, 14, [(180, 150, 100, 100), (250, 235, 200, 100)])
    for k in range(6):   # distant boats on the horizon
        x = rng.uniform(0.05, 0.95) * w
        d.polygon([(x - 40, hz + 12), (x + 40, hz + 12), (x + 30, hz + 22), (x - 30, hz + 22)], fill=(40, 50, 60))
    for k in range(4):   # beached boats
        x, y = w * (0.10 + k * 0.22) + rng.uniform(-40, 40), h * (0.70 + 0.05 * (k % 2))
        L = rng.uniform(380, 520)
        d.polygon([(x, y), (x + L, y - 30), (x + L * 1.08, y - 90), (x + L * 0.95, y + 40), (x + 20, y + 70)],
                  fill=(35, 92, 170))
        d.line([(x + 10, y + 20), (x + L * 1.0, y - 10)], fill=(200, 40, 40), width=12)
        d.line([(x + 10, y + 36), (x + L * 0.97, y + 8)], fill=(245, 245, 240), width=8)
        d.rectangle([x + L * 0.45, y - 120, x + L * 0.70, y - 30], fill=(230, 225, 210))
        d.polygon([(x + 10, y + 75), (x + L * 0.95, y + 45), (x + L * 1.1, y + 90), (x + 30, y + 110)],
                  fill=(120, 95, 60, 90))
    for k in range(5):   # basket boats
        x, y = rng.uniform(0.1, 0.9) * w, rng.uniform(0.82, 0.95) * h
        r = rng.uniform(90, 140)
        d.ellipse([x - r, y - r * 0.45, x + r, y + r * 0.45], fill=(60, 42, 25))
        d.ellipse([x - r * 0.82, y - r * 0.32, x + r * 0.82, y + r * 0.30], fill=(30, 22, 14))
        d.arc([x - r, y - r * 0.45, x + r, y + r * 0.45], 160, 380, fill=(150, 115, 70), width=8)


def scene_lao_bao(img, rng):
    w, h = img.size   # portrait
    d = ImageDraw.Draw(img, "RGBA")
    paste_grad(img, (0, 0, w, h * 0.5), [(0, "#5b9bd8"), (1, "#d4e7f3")])
    clouds(img, rng, 4, (0, h * 0.04, w, h * 0.22))
    fill_below(d, ridge(rng, w, h * 0.36, h * 0.05, 4), h, (95, 135, 130))
    fill_below(d, ridge(rng, w, h * 0.42, h * 0.04, 4), h, (62, 110, 70))
    paste_grad(img, (0, int(h * 0.50), w, h), [(0, "#7d9a5a"), (1, "#5b7a3c")])
    vx, vy = w * 0.5, h * 0.50
    d.polygon([(vx - 40, vy), (vx + 40, vy), (w * 1.1, h), (-w * 0.1, h)], fill=(92, 92, 96))
    for lane in (-1, 1):
        for k in range(14):
            t0, t1 = (k + 0.2) / 14, (k + 0.6) / 14
            t0, t1 = t0 ** 1.8, t1 ** 1.8
            x0, y0 = lerp(vx + lane * 14, w * (0.5 + lane * 0.28), t0), lerp(vy, h, t0)
            x1, y1 = lerp(vx + lane * 14, w * (0.5 + lane * 0.28), t1), lerp(vy, h, t1)
            d.line([(x0, y0), (x1, y1)], fill=(240, 240, 235), width=max(2, int(22 * t1)))
    # gate building straddling the road
    bx0, bx1, by0, by1 = w * 0.06, w * 0.94, h * 0.38, h * 0.53
    d.rectangle([bx0, by0, bx1, by1], fill=(236, 226, 200))
    for k in range(5):  # windows / floors
        y = by0 + 30 + k * 50
        for j in range(12):
            x = bx0 + 40 + j * (bx1 - bx0 - 80) / 12
            d.rectangle([x, y, x + 40, y + 26], fill=(80, 110, 130))
    for j in range(4):  # lanes through the building
        x = w * (0.26 + j * 0.13)
        d.rectangle([x, by1 - 150, x + w * 0.09, by1], fill=(40, 40, 44))
    for tier, (y, inset, ht) in enumerate(((by0, 0.0, 110), (by0 - 150, 0.18, 110), (by0 - 280, 0.33, 100))):
        x0, x1 = bx0 + (bx1 - bx0) * inset - 40, bx1 - (bx1 - bx0) * inset + 40
        d.polygon([(x0 - 40, y + 10), (x0 + 60, y - ht), (x1 - 60, y - ht), (x1 + 40, y + 10)], fill=(170, 55, 40))
        d.line([(x0 - 40, y + 10), (x1 + 40, y + 10)], fill=(120, 35, 25), width=10)
        if tier < 2:
            d.rectangle([x0 + 110, y - ht - 40, x1 - 110, y - ht + 5], fill=(236, 226, 200))
    for k, fx in enumerate((w * 0.30, w * 0.50, w * 0.70)):  # flags: Viet Nam, Laos, Viet Nam
        top = by0 - 560 - (40 if k == 1 else 0)
        d.line([(fx, top), (fx, by0 - 370)], fill=(200, 200, 200), width=6)
        if k == 1:
            d.rectangle([fx + 3, top, fx + 130, top + 85], fill=(206, 17, 38))
            d.rectangle([fx + 3, top + 21, fx + 130, top + 64], fill=(0, 40, 104))
            d.ellipse([fx + 50, top + 26, fx + 84, top + 60], fill=(255, 255, 255))
        else:
            d.rectangle([fx + 3, top, fx + 130, top + 85], fill=(218, 37, 29))
            d.polygon(star(fx + 66, top + 42, 26), fill=(255, 221, 0))
    foliage(d, rng, (0, h * 0.44, w * 0.1, h * 0.6), "#356a2e", n=60, r=(30, 70))
    foliage(d, rng, (w * 0.9, h * 0.44, w, h * 0.6), "#356a2e", n=60, r=(30, 70))


def scene_truong_son(img, rng):
    w, h = img.size
    d = ImageDraw.Draw(img, "RGBA")
    paste_grad(img, (0, 0, w, h * 0.5), [(0, "#8fb3cf"), (1, "#e3ebe8")])
    clouds(img, rng, 3, (0, h * 0.05, w, h * 0.25), (250, 250, 250), 0.6)
    fill_below(d, ridge(rng, w, h * 0.38, h * 0.06, 4), h, (120, 150, 125))
    fill_below(d, ridge(rng, w, h * 0.44, h * 0.04, 4), h, (80, 120, 80))
    for k in range(80):  # pine line
        x = k * w / 79 + rng.uniform(-10, 10)
        ht = rng.uniform(90, 200)
        d.polygon([(x - 40, h * 0.50), (x + 40, h * 0.50), (x, h * 0.50 - ht)], fill=(30, 62, 38))
    paste_grad(img, (0, int(h * 0.50), w, h), [(0, "#7fae55"), (1, "#4d8a32")])
    mx = w * 0.5   # monument
    d.rectangle([mx - 180, h * 0.46, mx + 180, h * 0.52], fill=(200, 198, 190))
    d.rectangle([mx - 120, h * 0.40, mx + 120, h * 0.46], fill=(215, 212, 205))
    d.polygon([(mx - 70, h * 0.40), (mx + 70, h * 0.40), (mx + 40, h * 0.08), (mx - 40, h * 0.08)], fill=(228, 226, 220))
    d.polygon([(mx - 40, h * 0.08), (mx + 40, h * 0.08), (mx, h * 0.03)], fill=(210, 200, 170))
    d.line([(mx + 30, h * 0.40), (mx + 12, h * 0.08)], fill=(170, 168, 160), width=10)
    for row in range(11):   # rows of headstones, far -> near
        t = (row / 10) ** 1.3
        y = lerp(h * 0.54, h * 0.97, t)
        sc = lerp(0.25, 1.4, t)
        gap = 150 * sc
        x = -gap * 0.5 + (row % 2) * gap * 0.5
        while x < w + gap:
            bw, bh = 46 * sc, 80 * sc
            d.polygon([(x, y + 8 * sc), (x + bw, y + 8 * sc), (x + bw + 30 * sc, y + 14 * sc), (x + 30 * sc, y + 14 * sc)],
                      fill=(40, 70, 30, 120))
            d.rectangle([x, y - bh, x + bw, y + 8 * sc], fill=(238, 236, 230))
            d.line([(x + bw, y - bh), (x + bw, y + 8 * sc)], fill=(185, 183, 175), width=max(1, int(6 * sc)))
            d.rectangle([x + bw * 0.2, y - bh * 0.8, x + bw * 0.8, y - bh * 0.62], fill=(200, 40, 40))
            x += gap

    def smoke(dd, s):
        for _ in range(10):
            x, y = rng.uniform(0.1, 0.9) * w, rng.uniform(0.45, 0.8) * h
            dd.ellipse([(x - 380) * s, (y - 50) * s, (x + 380) * s, (y + 50) * s], fill=80)
    glow(img, soft_layer(img.size, smoke, 70), (225, 225, 225), 0.7)


def scene_la_vang(img, rng):
    w, h = img.size
    d = ImageDraw.Draw(img, "RGBA")
    paste_grad(img, (0, 0, w, h * 0.72), [(0, "#2f78c8"), (1, "#b7d6ee")])
    clouds(img, rng, 6, (0, h * 0.03, w, h * 0.30))
    paste_grad(img, (0, int(h * 0.70), w, h), [(0, "#bdb8ad"), (1, "#d8d3c8")])
    for k in range(-12, 13):   # paving lines in perspective
        d.line([(w * 0.5 + k * 40, h * 0.70), (w * 0.5 + k * 260, h)], fill=(160, 155, 145), width=3)
    for k in range(9):
        y = h * 0.70 + (h * 0.30) * (k / 8) ** 1.6
        d.line([(0, y), (w, y)], fill=(160, 155, 145), width=3)
    cream, shade = (245, 242, 232), (205, 200, 188)
    d.rectangle([w * 0.30, h * 0.42, w * 0.70, h * 0.71], fill=cream)
    d.polygon([(w * 0.27, h * 0.43), (w * 0.73, h * 0.43), (w * 0.50, h * 0.14)], fill=cream)
    d.polygon([(w * 0.50, h * 0.14), (w * 0.73, h * 0.43), (w * 0.62, h * 0.43)], fill=shade)
    d.line([(w * 0.5, h * 0.14), (w * 0.5, h * 0.07)], fill=(230, 200, 90), width=14)
    d.line([(w * 0.48, h * 0.09), (w * 0.52, h * 0.09)], fill=(230, 200, 90), width=14)
    d.ellipse([w * 0.46, h * 0.27, w * 0.54, h * 0.27 + w * 0.08], fill=(120, 140, 180))
    for k in range(3):   # doors
        x = w * (0.37 + k * 0.10)
        d.polygon(arch_poly(x, h * 0.54, x + w * 0.06, h * 0.71), fill=(90, 62, 40))
    for tx in (w * 0.20, w * 0.70):   # towers
        d.rectangle([tx, h * 0.22, tx + w * 0.10, h * 0.71], fill=cream)
        d.rectangle([tx + w * 0.07, h * 0.22, tx + w * 0.10, h * 0.71], fill=shade)
        for k in range(3):
            d.polygon(arch_poly(tx + w * 0.03, h * (0.28 + k * 0.12), tx + w * 0.07, h * (0.34 + k * 0.12)),
                      fill=(70, 70, 80))
        d.polygon([(tx - 10, h * 0.22), (tx + w * 0.10 + 10, h * 0.22), (tx + w * 0.05, h * 0.08)], fill=(150, 70, 55))
        d.line([(tx + w * 0.05, h * 0.08), (tx + w * 0.05, h * 0.04)], fill=(230, 200, 90), width=10)
    sx, sy = w * 0.50, h * 0.82   # statue on a pedestal
    d.rectangle([sx - 70, sy - 40, sx + 70, sy + 120], fill=(190, 186, 176))
    d.polygon([(sx - 50, sy - 40), (sx + 50, sy - 40), (sx + 22, sy - 300), (sx - 22, sy - 300)], fill=(250, 250, 248))
    d.ellipse([sx - 26, sy - 350, sx + 26, sy - 296], fill=(250, 250, 248))
    d.line([(sx + 22, sy - 300), (sx + 50, sy - 40)], fill=(210, 210, 205), width=10)
    for side in (0, 1):
        x0 = -60 if side == 0 else w * 0.86
        foliage(d, rng, (x0, h * 0.38, x0 + w * 0.2, h * 0.72), "#3a6e33", n=220, r=(35, 90))


def scene_con_co(img, rng):
    w, h = img.size
    d = ImageDraw.Draw(img, "RGBA")
    hz = h * 0.46
    paste_grad(img, (0, 0, w, hz), [(0, "#2a6fc0"), (1, "#c6e0f2")])
    clouds(img, rng, 4, (w * 0.3, h * 0.05, w, h * 0.28))
    paste_grad(img, (0, int(hz), w, h), [(0, "#1b4f8c"), (0.5, "#123f75"), (1, "#0c2c55")])
    water_streaks(d, rng, (0, hz, w, h), [(120, 170, 220, 80), (5, 20, 50, 90), (230, 240, 250, 50)], n=1200)
    island = [(0, h * 0.60)] + [(x, h * 0.60 - h * 0.30 * math.sin(math.pi * x / (w * 0.70)) ** 0.7
                                   - rng.uniform(0, 12)) for x in range(0, int(w * 0.70) + 1, 20)] + [(w * 0.74, h * 0.62)]
    d.polygon(island + [(0, h * 0.62)], fill=(48, 98, 48))
    foliage(d, rng, (0, h * 0.32, w * 0.66, h * 0.58), "#3f7f3a", n=500, r=(25, 70))
    lx = w * 0.38
    top = h * 0.12
    d.polygon([(lx - 55, h * 0.36), (lx + 55, h * 0.36), (lx + 35, top), (lx - 35, top)], fill=(246, 246, 242))
    d.line([(lx + 30, top), (lx + 50, h * 0.36)], fill=(200, 200, 195), width=14)
    d.rectangle([lx - 45, top - 70, lx + 45, top], fill=(60, 60, 65))
    d.rectangle([lx - 30, top - 62, lx + 30, top - 10], fill=(255, 220, 120))
    d.polygon([(lx - 55, top - 70), (lx + 55, top - 70), (lx, top - 125)], fill=(190, 40, 35))
    for _ in range(40):   # basalt rocks along the shore
        x = rng.uniform(-0.02, 0.80) * w
        y = rng.uniform(0.58, 0.80) * h
        r = rng.uniform(40, 150)
        pts = [(x + r * math.cos(a) * rng.uniform(0.7, 1.1), y + 0.6 * r * math.sin(a) * rng.uniform(0.7, 1.1))
               for a in [i * 2 * math.pi / 9 for i in range(9)]]
        d.polygon(pts, fill=mix((18, 18, 20), (70, 68, 66), rng.random()))
        d.line(pts[5:8], fill=(110, 108, 104), width=5)

    def surf(dd, s):
        for _ in range(60):
            x, y = rng.uniform(0, 0.85) * w, rng.uniform(0.60, 0.84) * h
            r = rng.uniform(30, 110)
            dd.ellipse([(x - r) * s, (y - r * 0.3) * s, (x + r) * s, (y + r * 0.3) * s], fill=230)
    glow(img, soft_layer(img.size, surf, 14), (245, 248, 250), 0.8)


def scene_lanterns(img, rng):
    w, h = img.size
    hz = h * 0.48
    img.paste(vgrad((w, h), [(0, "#04081a"), (0.48, "#16264c"), (0.50, "#0a1226"), (1, "#03060e")]))
    d = ImageDraw.Draw(img, "RGBA")
    for _ in range(250):
        x, y, r = rng.uniform(0, w), rng.uniform(0, hz * 0.8), rng.uniform(1, 3)
        d.ellipse([x - r, y - r, x + r, y + r], fill=(220, 225, 255, rng.randint(80, 220)))
    fill_below(d, ridge(rng, w, hz - 40, 40, 4), int(hz + 20), (6, 8, 14))
    blobs(d, rng, 200, (0, hz - 150, w, hz - 30), 20, 60, [(5, 7, 12), (8, 10, 16)])
    d.rectangle([w * 0.15, hz - 70, w * 0.75, hz + 4], fill=(14, 14, 18))
    for k in range(40):
        x = w * 0.15 + k * (w * 0.60 / 40)
        d.rectangle([x, hz - 95, x + w * 0.008, hz - 70], fill=(14, 14, 18))
    spots = []
    for _ in range(8):   # street lights on the far bank
        spots.append((rng.uniform(0.05, 0.95) * w, hz - rng.uniform(30, 90), 60))
    lamps = []
    for _ in range(420):
        t = rng.random() ** 0.7
        y = lerp(hz + 12, h * 1.02, t)
        x = rng.uniform(-0.05, 1.05) * w
        lamps.append((x, y, lerp(6, 34, t)))

    def halos(dd, s):
        for x, y, r in spots:
            dd.ellipse([(x - r) * s, (y - r) * s, (x + r) * s, (y + r) * s], fill=160)
        for x, y, r in lamps:
            R = r * 3.2
            dd.ellipse([(x - R) * s, (y - R) * s, (x + R) * s, (y + R) * s], fill=110)
            dd.ellipse([(x - r) * s, (y + r) * s, (x + r) * s, (y + r * 6) * s], fill=70)   # reflection
    glow(img, soft_layer(img.size, halos, 26), (255, 150, 50), 0.9)
    for x, y, r in sorted(lamps, key=lambda p: p[1]):
        c = rng.choice([(255, 200, 80), (255, 160, 60), (255, 120, 50), (255, 225, 140)])
        d.rounded_rectangle([x - r, y - r * 0.8, x + r, y + r * 0.8], radius=r * 0.3, fill=c)
        d.polygon([(x - r * 1.2, y + r * 0.8), (x + r * 1.2, y + r * 0.8), (x + r * 0.9, y + r * 1.2), (x - r * 0.9, y + r * 1.2)],
                  fill=(200, 40, 50))
        d.line([(x - r * 0.9, y), (x + r * 0.9, y)], fill=(255, 240, 200), width=max(1, int(r * 0.15)))


def scene_tam_toa(img, rng):
    w, h = img.size
    d = ImageDraw.Draw(img, "RGBA")
    paste_grad(img, (0, 0, w, h * 0.78), [(0, "#3c86d0"), (1, "#cfe6f5")])
    clouds(img, rng, 5, (0, h * 0.05, w, h * 0.35))
    for side in (0, 1):
        x0 = -80 if side == 0 else w * 0.80
        d.rectangle([x0 + w * 0.09, h * 0.45, x0 + w * 0.09 + 28, h * 0.8], fill=(70, 50, 35))
        foliage(d, rng, (x0, h * 0.20, x0 + w * 0.22, h * 0.60), "#3b7134", n=200, r=(35, 90))
    paste_grad(img, (0, int(h * 0.76), w, h), [(0, "#79a84e"), (1, "#4f8333")])
    tx0, tx1 = w * 0.36, w * 0.64
    top_pts = [(tx0, h * 0.22)]
    x = tx0
    while x < tx1:
        x = min(tx1, x + rng.uniform(30, 90))
        top_pts.append((x, h * rng.uniform(0.13, 0.24)))
    body = top_pts + [(tx1, h * 0.80), (tx0, h * 0.80)]
    layer = Image.new("RGB", img.size)
    brick_wall(ImageDraw.Draw(layer), rng, (0, 0, w, h), (150, 128, 112), (118, 100, 88), bh=24, bw=60)
    ld = ImageDraw.Draw(layer, "RGBA")
    blobs(ld, rng, 900, (tx0, h * 0.12, tx1, h * 0.8), 15, 70, [(60, 55, 50, 70), (190, 170, 150, 50), (60, 80, 45, 60)])
    mask = Image.new("L", img.size, 0)
    md = ImageDraw.Draw(mask)
    md.polygon(body, fill=255)
    md.polygon(arch_poly(w * 0.45, h * 0.55, w * 0.55, h * 0.80), fill=0)         # empty doorway
    for k in range(2):                                                             # belfry openings
        md.polygon(arch_poly(w * (0.40 + k * 0.14), h * 0.30, w * (0.46 + k * 0.14), h * 0.42), fill=0)
    for _ in range(14):                                                            # shell holes
        cx, cy, r = rng.uniform(tx0 + 60, tx1 - 60), rng.uniform(h * 0.3, h * 0.7), rng.uniform(15, 60)
        md.polygon([(cx + r * math.cos(a) * rng.uniform(0.6, 1.2), cy + r * math.sin(a) * rng.uniform(0.6, 1.2))
                    for a in [i * 2 * math.pi / 8 for i in range(8)]], fill=0)
    img.paste(layer, (0, 0), mask)       # holes stay transparent: the sky and trees show through
    d = ImageDraw.Draw(img, "RGBA")
    d.line([(tx1, h * 0.24), (tx1, h * 0.80)], fill=(100, 85, 75), width=16)
    foliage(d, rng, (tx0 - 40, h * 0.74, tx1 + 40, h * 0.82), "#4a7d36", n=80, r=(15, 40))


def scene_conference(img, rng):
    """PNG: flat indoor scene, no grain."""
    w, h = img.size
    d = ImageDraw.Draw(img)
    img.paste(vgrad((w, h), [(0, "#3b3430"), (0.15, "#cfc3ae"), (0.6, "#e0d6c2"), (0.61, "#7a2a2a"), (1, "#5a1c1c")]))
    d.rectangle([w * 0.12, h * 0.10, w * 0.88, h * 0.50], fill=(22, 60, 130))
    d.rectangle([w * 0.12, h * 0.10, w * 0.88, h * 0.16], fill=(12, 40, 95))
    font = ImageFont.load_default(size=28)
    small = ImageFont.load_default(size=18)
    d.text((w * 0.5, h * 0.13), "LAO BAO ECONOMIC ZONE - INVESTMENT PROMOTION CONFERENCE", font=font,
           fill=(250, 220, 120), anchor="mm")
    sx0, sy0, sx1, sy1 = w * 0.30, h * 0.19, w * 0.70, h * 0.46
    d.rectangle([sx0, sy0, sx1, sy1], fill=(245, 245, 242))
    vals = [3, 5, 4, 7, 9, 12]
    for i, v in enumerate(vals):
        bx = sx0 + 40 + i * (sx1 - sx0 - 80) / len(vals)
        d.rectangle([bx, sy1 - 20 - v * 14, bx + 40, sy1 - 20], fill=(30, 110, 190) if i < 5 else (230, 120, 30))
    d.line([(sx0 + 30, sy1 - 20), (sx1 - 30, sy1 - 20)], fill=(80, 80, 80), width=2)
    d.text((sx0 + 20, sy0 + 10), "FDI 2019-2024 (sample data)", font=small, fill=(60, 60, 60))
    d.rectangle([w * 0.08, h * 0.50, w * 0.92, h * 0.58], fill=(110, 30, 30))
    d.rectangle([w * 0.78, h * 0.38, w * 0.84, h * 0.56], fill=(120, 80, 45))
    d.ellipse([w * 0.795, h * 0.41, w * 0.825, h * 0.455], fill=(230, 190, 60))
    for k in range(6):
        x = w * (0.15 + k * 0.13)
        d.ellipse([x - 28, h * 0.53, x + 28, h * 0.58], fill=(240, 200, 60))
        d.ellipse([x - 16, h * 0.515, x + 16, h * 0.55], fill=(230, 80, 90))
    for row in range(6):   # rows of chairs
        t = row / 5
        y = lerp(h * 0.66, h * 0.96, t)
        sc = lerp(0.6, 1.3, t)
        cw = 34 * sc
        x = w * 0.04 + (row % 2) * cw * 0.6
        while x < w * 0.96:
            d.rectangle([x, y - 40 * sc, x + cw, y], fill=(150, 20, 30))
            d.rectangle([x, y - 40 * sc, x + cw, y - 32 * sc], fill=(200, 170, 60))
            d.rectangle([x + 2, y, x + cw - 2, y + 12 * sc], fill=(110, 15, 22))
            x += cw * 1.35
    d.rectangle([0, 0, w, h * 0.05], fill=(40, 36, 34))
    for k in range(8):
        x = w * (0.06 + k * 0.125)
        d.ellipse([x - 14, h * 0.03, x + 14, h * 0.065], fill=(255, 245, 210))


SCENES = {name[len("scene_"):]: fn for name, fn in globals().items() if name.startswith("scene_")}


# --------------------------------------------------------------------------------------
# Grain, crop, private area, caption text
# --------------------------------------------------------------------------------------

def add_grain(img, rng, amp=7, mottle=5):
    """Luminance grain (per-pixel) plus low-frequency mottling, both seeded."""
    w, h = img.size
    fine = Image.frombytes("L", (w, h), rng.randbytes(w * h))
    fine = fine.point([max(0, min(255, 128 + round((v - 127.5) * amp / 127.5))) for v in range(256)])
    sw, sh = w // 24 + 2, h // 24 + 2
    coarse = Image.frombytes("L", (sw, sh), rng.randbytes(sw * sh))
    coarse = coarse.point([max(0, min(255, 128 + round((v - 127.5) * mottle / 127.5))) for v in range(256)])
    coarse = coarse.resize((w, h), Image.Resampling.BICUBIC)
    grain = ImageChops.add(fine, coarse, 1.0, -128)
    # a little independent chroma noise too (as real sensors have)
    cw = Image.frombytes("L", (w // 2, h // 2), rng.randbytes((w // 2) * (h // 2)))
    cw = cw.point([128 + round((v - 127.5) * 2 / 127.5) for v in range(256)]).resize((w, h), Image.Resampling.BILINEAR)
    rgb = Image.merge("RGB", (ImageChops.add(grain, cw, 1.0, -128), grain, ImageChops.subtract(grain, cw, 1.0, 128)))
    return ImageChops.add(img, rgb, 1.0, -128)


def draw_private(img, box, label):
    d = ImageDraw.Draw(img)
    x0, y0, x1, y1 = box
    d.rectangle(box, fill=(205, 20, 20), outline=(255, 255, 255), width=10)

    def fitting(text, size):
        while True:
            font = ImageFont.load_default(size=size)
            if size <= 8 or d.textlength(text, font=font) <= (x1 - x0) * 0.88:
                return font
            size -= 2
    big = fitting("PRIVATE", int((y1 - y0) * 0.28))
    small = fitting(label, int((y1 - y0) * 0.12))
    d.text(((x0 + x1) / 2, (y0 + y1) / 2 - (y1 - y0) * 0.08), "PRIVATE", font=big, fill="white", anchor="mm")
    d.text(((x0 + x1) / 2, (y0 + y1) / 2 + (y1 - y0) * 0.22), label, font=small, fill="white", anchor="mm")


def draw_corner_text(img, text):
    w, h = img.size
    font = ImageFont.load_default(size=max(16, w // 110))
    d = ImageDraw.Draw(img, "RGBA")
    x1, y1 = w - 24, h - 20
    bbox = d.textbbox((x1, y1), text, font=font, anchor="rd")
    d.rectangle([bbox[0] - 10, bbox[1] - 6, bbox[2] + 10, bbox[3] + 6], fill=(0, 0, 0, 110))
    d.text((x1, y1), text, font=font, fill=(255, 255, 255, 230), anchor="rd")


PRIVATE_LABELS = ["licence plate 74A-213.58", "bystander's face", "home address sign",
                  "phone number on a sign", "name badge", "child's face"]


def render(photo: Photo):
    """Return (final image in display orientation, uncropped frame with private area, crs crop box)."""
    rng = random.Random("quangba-demo:" + photo.id)
    fw, fh = FRAME if not photo.portrait else (FRAME[1], FRAME[0])
    cw, ch = FULL if not photo.portrait else (FULL[1], FULL[0])
    frame = Image.new("RGB", (fw, fh))
    SCENES[photo.scene](frame, rng)
    # choose the crop; the private area goes into the widest band the crop leaves out
    if photo.portrait:
        cx0, cy0 = (fw - cw) // 2, 0
    else:
        cx0, cy0 = rng.choice([0, fw - cw]), rng.choice([0, fh - ch])
    cx0, cy0 = photo.extra.get("crop", (cx0, cy0))   # keep the subject in the published crop
    bands = {"left": cx0, "right": fw - cw - cx0, "top": cy0, "bottom": fh - ch - cy0}
    side = max(bands, key=lambda k: (bands[k], k))
    band = bands[side]
    if side in ("left", "right"):
        pw, ph = int(band * 0.85), max(int(fh * 0.16), int(band * 0.85 * 0.6))
        px0 = (band - pw) // 2 if side == "left" else cx0 + cw + (band - pw) // 2
        py0 = rng.randint(int(fh * 0.25), int(fh * 0.70))
    else:
        pw, ph = int(fw * 0.30), int(band * 0.75)
        px0 = rng.randint(60, fw - pw - 60)
        py0 = (band - ph) // 2 if side == "top" else cy0 + ch + (band - ph) // 2
    draw_private(frame, (px0, py0, px0 + pw, py0 + ph), rng.choice(PRIVATE_LABELS))
    final = frame.crop((cx0, cy0, cx0 + cw, cy0 + ch))
    assert px0 + pw <= cx0 or px0 >= cx0 + cw or py0 >= cy0 + ch or py0 + ph <= cy0, "private area inside crop"
    final = final.filter(ImageFilter.GaussianBlur(0.9))
    draw_corner_text(final, f"Generated sample image - quangba demo - {photo.id}")
    final = add_grain(final, rng)
    crop = dict(CropTop=cy0 / fh, CropLeft=cx0 / fw, CropBottom=(cy0 + ch) / fh, CropRight=(cx0 + cw) / fw)
    return final, frame, crop


# --------------------------------------------------------------------------------------
# EXIF (TIFF) writer with IFD0, Exif IFD, GPS IFD and IFD1 + JPEG thumbnail
# --------------------------------------------------------------------------------------

BYTE, ASCII, SHORT, LONG, RATIONAL, UNDEFINED, SRATIONAL = 1, 2, 3, 4, 5, 7, 10


def _encode_value(e, typ, value):
    if typ == ASCII:
        raw = value.encode("ascii") + b"\0"
        return len(raw), raw
    if typ in (BYTE, UNDEFINED):
        raw = bytes(value)
        return len(raw), raw
    if typ == SHORT:
        return len(value), struct.pack(f"{e}{len(value)}H", *value)
    if typ == LONG:
        return len(value), struct.pack(f"{e}{len(value)}L", *value)
    if typ in (RATIONAL, SRATIONAL):
        fmt = "L" if typ == RATIONAL else "l"
        return len(value), b"".join(struct.pack(f"{e}{fmt}{fmt}", n, dd) for n, dd in value)
    raise ValueError(typ)


def _ifd_size(e, entries):
    n = len(entries)
    data = 0
    for _tag, typ, value in entries:
        _c, raw = _encode_value(e, typ, value)
        if len(raw) > 4:
            data += len(raw) + (len(raw) & 1)
    return 2 + 12 * n + 4 + data


def _ifd_bytes(e, entries, offset, next_ifd):
    entries = sorted(entries, key=lambda t: t[0])
    n = len(entries)
    data_off = offset + 2 + 12 * n + 4
    head = struct.pack(f"{e}H", n)
    data = b""
    for tag, typ, value in entries:
        count, raw = _encode_value(e, typ, value)
        if len(raw) <= 4:
            head += struct.pack(f"{e}HHL", tag, typ, count)[:8] + raw.ljust(4, b"\0")
        else:
            head += struct.pack(f"{e}HHLL", tag, typ, count, data_off + len(data))
            data += raw + (b"\0" if len(raw) & 1 else b"")
    head += struct.pack(f"{e}L", next_ifd)
    return head + data


def build_exif(e, ifd0, exif_ifd, gps_ifd, ifd1, thumb):
    """Return b'Exif\\0\\0' + TIFF with IFD0 -> (ExifIFD, GPS), IFD0.next -> IFD1 -> thumbnail."""
    ifd0 = ifd0 + [(0x8769, LONG, (0,)), (0x8825, LONG, (0,))]
    ifd1 = ifd1 + [(0x0201, LONG, (0,)), (0x0202, LONG, (len(thumb),))]
    o0 = 8
    oe = o0 + _ifd_size(e, ifd0)
    og = oe + _ifd_size(e, exif_ifd)
    o1 = og + _ifd_size(e, gps_ifd)
    ot = o1 + _ifd_size(e, ifd1)
    ifd0 = [x for x in ifd0 if x[0] not in (0x8769, 0x8825)] + [(0x8769, LONG, (oe,)), (0x8825, LONG, (og,))]
    ifd1 = [x for x in ifd1 if x[0] != 0x0201] + [(0x0201, LONG, (ot,))]
    tiff = (b"II*\0" if e == "<" else b"MM\0*") + struct.pack(f"{e}L", o0)
    tiff += _ifd_bytes(e, ifd0, o0, o1)
    tiff += _ifd_bytes(e, exif_ifd, oe, 0)
    tiff += _ifd_bytes(e, gps_ifd, og, 0)
    tiff += _ifd_bytes(e, ifd1, o1, 0)
    assert len(tiff) == ot, (len(tiff), ot)
    return b"Exif\0\0" + tiff + thumb


def dms(value):
    """Decimal degrees -> ((deg,1),(min,1),(sec*100,100))."""
    total = round(abs(value) * 3600 * 100)
    deg, rem = divmod(total, 3600 * 100)
    mins, sec = divmod(rem, 60 * 100)
    return ((deg, 1), (mins, 1), (sec, 100))


def utc_parts(local: str):
    """'YYYY-MM-DD HH:MM:SS' at +07:00 -> ('YYYY:MM:DD', (h, m, s)) in UTC."""
    import datetime as dt
    t = dt.datetime.strptime(local, "%Y-%m-%d %H:%M:%S") - dt.timedelta(hours=7)
    return t.strftime("%Y:%m:%d"), (t.hour, t.minute, t.second)


def shifted(local: str, **delta):
    import datetime as dt
    return dt.datetime.strptime(local, "%Y-%m-%d %H:%M:%S") + dt.timedelta(**delta)


def exif_for(photo: Photo, stored_size, thumb: bytes) -> bytes:
    cam = CAMERAS[photo.camera]
    e = cam["endian"]
    shot = photo.when.replace("-", ":")
    edited = shifted(photo.when, days=2, hours=3, minutes=17).strftime("%Y:%m:%d %H:%M:%S")
    software = EDITORS[photo.editor] or cam["firmware"]
    ifd0 = [
        (0x010F, ASCII, cam["make"]),
        (0x0110, ASCII, cam["model"]),
        (0x0112, SHORT, (6 if photo.portrait else 1,)),
        (0x011A, RATIONAL, ((240, 1),) if photo.editor else ((72, 1),)),
        (0x011B, RATIONAL, ((240, 1),) if photo.editor else ((72, 1),)),
        (0x0128, SHORT, (2,)),
        (0x0131, ASCII, software),
        (0x0132, ASCII, edited if photo.editor else shot),
        (0x013B, ASCII, photo.artist),
    ]
    et, fn, iso, fl = photo.exposure
    exif_ifd = [
        (0x829A, RATIONAL, (et,)),
        (0x829D, RATIONAL, (fn,)),
        (0x8822, SHORT, (3,)),
        (0x8827, SHORT, (iso,)),
        (0x9000, UNDEFINED, b"0231"),
        (0x9003, ASCII, shot),
        (0x9004, ASCII, shot),
        (0x9010, ASCII, "+07:00"),
        (0x9011, ASCII, "+07:00"),
        (0x9012, ASCII, "+07:00"),
        (0x920A, RATIONAL, (fl,)),
        (0xA001, SHORT, (0xFFFF if photo.icc else 1,)),   # 0xFFFF = uncalibrated (wide-gamut ICC)
        (0xA002, LONG, (stored_size[0],)),
        (0xA003, LONG, (stored_size[1],)),
        (0xA431, ASCII, photo.serial),
        (0xA432, RATIONAL, cam["lens_spec"]),
        (0xA433, ASCII, cam["lens_make"]),
        (0xA434, ASCII, cam["lens_model"]),
    ]
    if photo.owner:
        exif_ifd.append((0xA430, ASCII, photo.owner))
    if photo.lens_serial:
        exif_ifd.append((0xA435, ASCII, photo.lens_serial))
    gdate, gtime = utc_parts(photo.when)
    gps_ifd = [
        (0x0000, BYTE, (2, 3, 0, 0)),
        (0x0001, ASCII, "N" if photo.lat >= 0 else "S"),
        (0x0002, RATIONAL, dms(photo.lat)),
        (0x0003, ASCII, "E" if photo.lon >= 0 else "W"),
        (0x0004, RATIONAL, dms(photo.lon)),
        (0x0005, BYTE, (0,)),
        (0x0006, RATIONAL, ((round(photo.alt * 10), 10),)),
        (0x0007, RATIONAL, tuple((v, 1) for v in gtime)),
        (0x0012, ASCII, "WGS-84"),
        (0x001D, ASCII, gdate),
    ]
    ifd1 = [
        (0x0103, SHORT, (6,)),
        (0x011A, RATIONAL, ((72, 1),)),
        (0x011B, RATIONAL, ((72, 1),)),
        (0x0128, SHORT, (2,)),
    ]
    return build_exif(e, ifd0, exif_ifd, gps_ifd, ifd1, thumb)


def make_thumbnail(frame: Image.Image) -> bytes:
    t = frame.copy()
    t.thumbnail((THUMB_W, THUMB_W), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    t.save(buf, "JPEG", quality=80)
    return buf.getvalue()


# --------------------------------------------------------------------------------------
# XMP packet with editing history
# --------------------------------------------------------------------------------------

def xmp_id(photo, what):
    return uuid.uuid5(NS, f"{photo.id}:{what}").hex


def xmp_gps(value, pos, neg):
    total_min = abs(value) * 60
    deg = int(total_min // 60)
    return f"{deg},{total_min - deg * 60:.4f}{pos if value >= 0 else neg}"


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def xmp_for(photo: Photo, stored_size, crop: dict) -> bytes:
    cam = CAMERAS[photo.camera]
    iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%S+07:00")  # noqa: E731
    shot = shifted(photo.when)
    imported = shifted(photo.when, days=1, hours=2, minutes=5)
    edited = shifted(photo.when, days=2, hours=3, minutes=17)
    raw_no = int(hashlib.sha1(photo.id.encode()).hexdigest()[:4], 16) % 9000 + 1000
    raw_name = f"{cam['raw_prefix']}{raw_no}.{cam['raw_ext']}"
    agent = EDITORS[photo.editor] or cam["firmware"]
    did, iid0, iid1, iid2 = (xmp_id(photo, k) for k in ("doc", "i0", "i1", "i2"))
    if photo.editor in ("lr", "lrmac"):
        history = [
            dict(action="saved", instanceID=f"xmp.iid:{iid0}", when=iso(imported), softwareAgent=agent, changed="/metadata"),
            dict(action="saved", instanceID=f"xmp.iid:{iid1}", when=iso(edited), softwareAgent=agent, changed="/metadata"),
            dict(action="derived", parameters=f"converted from {cam['raw_mime']} to image/jpeg, saved to new location"),
            dict(action="saved", instanceID=f"xmp.iid:{iid2}", when=iso(edited), softwareAgent=agent, changed="/"),
        ]
    elif photo.editor == "lrios":
        history = [
            dict(action="created", instanceID=f"xmp.iid:{iid0}", when=iso(shot), softwareAgent=f"{cam['model']} {cam['firmware']}"),
            dict(action="derived", parameters=f"converted from {cam['raw_mime']} to image/jpeg"),
            dict(action="saved", instanceID=f"xmp.iid:{iid2}", when=iso(edited), softwareAgent=agent, changed="/"),
        ]
    elif photo.editor == "gimp":
        history = [
            dict(action="created", instanceID=f"xmp.iid:{iid0}", when=iso(shot), softwareAgent=cam["firmware"]),
            dict(action="saved", instanceID=f"xmp.iid:{iid1}", when=iso(imported), softwareAgent="Gimp 2.10 (Linux)", changed="/"),
            dict(action="saved", instanceID=f"xmp.iid:{iid2}", when=iso(edited), softwareAgent="Gimp 2.10 (Linux)", changed="/"),
        ]
    else:
        history = [
            dict(action="created", instanceID=f"xmp.iid:{iid0}", when=iso(shot), softwareAgent=f"{cam['model']} {cam['firmware']}"),
            dict(action="saved", instanceID=f"xmp.iid:{iid2}", when=iso(shot), softwareAgent=f"{cam['model']} {cam['firmware']}", changed="/"),
        ]
    hist = "\n".join(
        "     <rdf:li " + " ".join(f'stEvt:{k}="{esc(v)}"' for k, v in ev.items()) + "/>" for ev in history)
    crs = "\n".join(f'   crs:{k}="{v:.6f}"' for k, v in crop.items())
    body = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 7.0-c000 1.000000, 0000/00/00-00:00:00        ">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
   xmlns:xmp="http://ns.adobe.com/xap/1.0/"
   xmlns:tiff="http://ns.adobe.com/tiff/1.0/"
   xmlns:exif="http://ns.adobe.com/exif/1.0/"
   xmlns:aux="http://ns.adobe.com/exif/1.0/aux/"
   xmlns:exifEX="http://cipa.jp/exif/1.0/"
   xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
   xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
   xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"
   xmlns:stRef="http://ns.adobe.com/xap/1.0/sType/ResourceRef#"
   xmlns:dc="http://purl.org/dc/elements/1.1/"
   xmlns:crs="http://ns.adobe.com/camera-raw-settings/1.0/"
   xmp:CreatorTool="{esc(agent)}"
   xmp:CreateDate="{iso(shot)}"
   xmp:ModifyDate="{iso(edited)}"
   xmp:MetadataDate="{iso(edited)}"
   xmp:Rating="4"
   tiff:Make="{esc(cam['make'])}"
   tiff:Model="{esc(cam['model'])}"
   tiff:Orientation="{6 if photo.portrait else 1}"
   exif:DateTimeOriginal="{iso(shot)}"
   exif:PixelXDimension="{stored_size[0]}"
   exif:PixelYDimension="{stored_size[1]}"
   exif:GPSVersionID="2.3.0.0"
   exif:GPSLatitude="{xmp_gps(photo.lat, 'N', 'S')}"
   exif:GPSLongitude="{xmp_gps(photo.lon, 'E', 'W')}"
   exif:GPSAltitudeRef="0"
   exif:GPSAltitude="{round(photo.alt * 10)}/10"
   aux:SerialNumber="{esc(photo.serial)}"
   aux:Lens="{esc(cam['lens_model'])}"
   exifEX:BodySerialNumber="{esc(photo.serial)}"
   photoshop:DateCreated="{iso(shot)}"
   xmpMM:DocumentID="xmp.did:{did}"
   xmpMM:OriginalDocumentID="{did.upper()}"
   xmpMM:InstanceID="xmp.iid:{iid2}"
   xmpMM:PreservedFileName="{raw_name}"
   crs:RawFileName="{raw_name}"
   crs:HasCrop="True"
{crs}>
   <dc:creator>
    <rdf:Seq>
     <rdf:li>{esc(photo.artist_full)}</rdf:li>
    </rdf:Seq>
   </dc:creator>
   <dc:description>
    <rdf:Alt>
     <rdf:li xml:lang="x-default">{esc(photo.caption['en'])}</rdf:li>
     <rdf:li xml:lang="vi">{esc(photo.caption['vi'])}</rdf:li>
    </rdf:Alt>
   </dc:description>
   <xmpMM:History>
    <rdf:Seq>
{hist}
    </rdf:Seq>
   </xmpMM:History>
   <xmpMM:DerivedFrom
    stRef:instanceID="xmp.iid:{iid1}"
    stRef:documentID="xmp.did:{did}"
    stRef:originalDocumentID="{did.upper()}"/>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
"""
    padding = ("                                                                                                    \n") * 20
    return (unicodedata.normalize("NFC", body) + padding + '<?xpacket end="w"?>').encode("utf-8")


# --------------------------------------------------------------------------------------
# ICC profile: wide-gamut RGB (Adobe RGB (1998)-compatible primaries, gamma 2.2), ICC v2
# --------------------------------------------------------------------------------------

def build_wide_gamut_icc() -> bytes:
    def s15(x):
        return struct.pack(">i", round(x * 65536))

    def xyz(x, y, z):
        return b"XYZ \0\0\0\0" + s15(x) + s15(y) + s15(z)

    def curv(g):
        return b"curv\0\0\0\0" + struct.pack(">IH", 1, round(g * 256)) + b"\0\0"

    def desc(text):
        a = text.encode("ascii") + b"\0"
        return (b"desc\0\0\0\0" + struct.pack(">I", len(a)) + a + struct.pack(">II", 0, 0)
                + struct.pack(">HB", 0, 0) + b"\0" * 67)

    def text(t):
        return b"text\0\0\0\0" + t.encode("ascii") + b"\0"

    gamma = curv(563 / 256)   # 2.19921875, as in common "gamma 2.2" profiles
    tags = [
        (b"desc", desc("quangba demo wide-gamut RGB (gamma 2.2)")),
        (b"cprt", text("No copyright, use freely (quangba sample data)")),
        (b"wtpt", xyz(0.95045, 1.0, 1.08905)),
        (b"rXYZ", xyz(0.60974, 0.31111, 0.01947)),
        (b"gXYZ", xyz(0.20528, 0.62567, 0.06087)),
        (b"bXYZ", xyz(0.14919, 0.06322, 0.74457)),
        (b"rTRC", gamma), (b"gTRC", gamma), (b"bTRC", gamma),
    ]
    table_len = 4 + 12 * len(tags)
    off = 128 + table_len
    table, data = struct.pack(">I", len(tags)), b""
    for sig, blob in tags:
        pad = (-len(data)) % 4
        data += b"\0" * pad
        table += sig + struct.pack(">II", off + len(data), len(blob))
        data += blob
    data += b"\0" * ((-len(data)) % 4)
    size = 128 + table_len + len(data)
    header = (struct.pack(">I", size) + b"lcms" + bytes([2, 0x10, 0, 0]) + b"mntr" + b"RGB " + b"XYZ "
              + struct.pack(">6H", 2024, 1, 1, 0, 0, 0) + b"acsp" + b"\0" * 4 + struct.pack(">I", 0)
              + b"\0" * 4 + b"\0" * 4 + b"\0" * 8 + struct.pack(">I", 0)
              + s15(0.9642) + s15(1.0) + s15(0.8249) + b"\0" * 4 + b"\0" * 16 + b"\0" * 28)
    assert len(header) == 128
    return header + table + data


def to_wide_gamut(img: Image.Image, icc: bytes) -> Image.Image:
    srgb = ImageCms.createProfile("sRGB")
    wide = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    return ImageCms.profileToProfile(img, srgb, wide, renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                     outputMode="RGB")


# --------------------------------------------------------------------------------------
# Sidecars
# --------------------------------------------------------------------------------------

def yaml_str(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sidecar_for(photo: Photo) -> str:
    lines = [
        "# Sample media sidecar, written by scripts/demo/make_photos.py (edit the script, not this file).",
        f"file: {photo.id}.{photo.fmt}",
        f"agency: {photo.agency}",
        f"credit: {yaml_str(CREDIT)}",
        f"licence: {LICENCE}",
        f'taken: "{photo.when[:10]}"',
        f"place: {photo.place}",
        "caption:",
    ]
    lines += [f"  {lang}: {yaml_str(photo.caption[lang])}" for lang in ("vi", "en", "lo")]
    lines.append("alt:")
    lines += [f"  {lang}: {yaml_str(photo.alt_text[lang])}" for lang in ("vi", "en", "lo")]
    lines += [
        f"consent: {photo.consent}",
        f"press_kit: {'true' if photo.press_kit else 'false'}",
        "sample: true",
    ]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------

def make(photo: Photo, out: Path) -> Path:
    if photo.fmt == "png":
        rng = random.Random("quangba-demo:" + photo.id)
        img = Image.new("RGB", (1200, 800))
        SCENES[photo.scene](img, rng)
        draw_corner_text(img, f"Generated sample image - quangba demo - {photo.id}")
        path = out / f"{photo.id}.png"
        img.save(path, "PNG", optimize=False, compress_level=9)
        return path
    final, frame, crop = render(photo)
    if photo.portrait:
        # store it the way the camera wrote it: sensor landscape, Orientation=6
        # (= rotate 90 degrees clockwise to display), i.e. the pixels are turned 90 degrees counter-clockwise.
        final = final.transpose(Image.Transpose.ROTATE_90)
        frame = frame.transpose(Image.Transpose.ROTATE_90)
    icc = None
    if photo.icc:
        icc = build_wide_gamut_icc()
        final = to_wide_gamut(final, icc)
        frame = to_wide_gamut(frame, icc)
    thumb = make_thumbnail(frame)
    exif = exif_for(photo, final.size, thumb)
    xmp = xmp_for(photo, final.size, crop)
    path = out / f"{photo.id}.jpg"
    kwargs = dict(quality=JPEG_QUALITY, exif=exif, xmp=xmp, optimize=False, progressive=False)
    if icc:
        kwargs["icc_profile"] = icc
    final.save(path, "JPEG", **kwargs)
    return path


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--only", nargs="*", help="ids to (re)make; default: all")
    ap.add_argument("--no-sidecars", action="store_true")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for photo in PHOTOS:
        if args.only and photo.id not in args.only:
            continue
        for text in list(photo.caption.values()) + list(photo.alt_text.values()):
            assert unicodedata.is_normalized("NFC", text), (photo.id, text)
        path = make(photo, args.out)
        if not args.no_sidecars:
            (args.out / f"{photo.id}.yaml").write_text(sidecar_for(photo), encoding="utf-8", newline="\n")
        print(f"{path.name:40s} {path.stat().st_size / 1024:8.1f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
