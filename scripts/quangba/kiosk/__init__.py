"""`quangba kiosk --cluster ID --out DIR`: the offline bundle for a foreign-information
cluster (cụm thông tin đối ngoại), e.g. the screens at Lao Bảo border gate.

One ``index.html`` (styles and script inline) and ``media/`` with re-encoded photos: no
network, no server; open it in a browser in full-screen mode and it loops through the
cluster's records in each of its languages, in type large enough to read from a distance.
Only public records are shown (``Record.is_public``); photos are decoded and encoded again
with Pillow, so no camera metadata (GPS included) leaves the repository.
"""

from .bundle import KioskError, build_kiosk, select_records

__all__ = ["KioskError", "build_kiosk", "select_records"]
