"""What a published derivative says about itself, and nothing else.

A derivative never inherits the original's metadata: its EXIF and XMP are written from
scratch from the sidecar, so GPS, serial numbers, MakerNote, embedded thumbnails, comments
and the original's XMP history cannot survive by accident. What is written back is what a
journalist needs: who made it (credit), under which licence, and the caption.

EXIF strings are written as UTF-8 bytes (what ExifTool and most readers expect for
Vietnamese names); XMP carries the same in proper Unicode, with the caption per language.
Pillow cannot write IPTC-IIM, so there is none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping

from ..catalog.model import SOURCE_LANGUAGE

# EXIF tags written back (0th IFD). Nothing else is ever written.
IMAGE_DESCRIPTION = 0x010E
ARTIST = 0x013B
COPYRIGHT = 0x8298

if TYPE_CHECKING:
    from PIL import Image


@dataclass(frozen=True)
class Credit:
    """The sidecar's words that travel inside every derivative (picklable, hashable into the cache key)."""

    credit: str
    licence: str
    caption: Mapping[str, str] = field(default_factory=dict)

    def as_key(self) -> dict:
        return {"credit": self.credit, "licence": self.licence, "caption": dict(sorted(self.caption.items()))}

    @property
    def description(self) -> str:
        return self.caption.get(SOURCE_LANGUAGE) or next(iter(self.caption.values()), "")

    @property
    def rights(self) -> str:
        return f"© {self.credit} — {licence_name(self.licence)} ({self.licence})"


_CC = re.compile(r"^https?://creativecommons\.org/(licenses|publicdomain)/([a-z-]+)/(\d+(?:\.\d+)?)(?:/([a-z-]+))?/?$")


def licence_name(uri: str) -> str:
    """A short human name for a licence URI: ``CC BY 4.0``, ``CC0 1.0``; other URIs as given."""
    match = _CC.match(uri.strip())
    if not match:
        return uri
    family, code, version, port = match.groups()
    if family == "publicdomain":
        name = {"zero": "CC0", "mark": "Public Domain Mark"}.get(code, f"CC {code.upper()}")
    else:
        name = "CC " + code.upper()
    return f"{name} {version}" + (f" {port.upper()}" if port else "")


# Pillow and xml.sax (which imports urllib.request and http.client) are imported where a photo
# is written, in the workers: a build whose photos are all cached needs only the credit words
def exif_for(credit: Credit) -> "Image.Exif":
    from PIL import Image

    exif = Image.Exif()
    exif[ARTIST] = credit.credit.encode("utf-8")
    exif[COPYRIGHT] = credit.rights.encode("utf-8")
    if credit.description:
        exif[IMAGE_DESCRIPTION] = credit.description.encode("utf-8")
    return exif


def xmp_for(credit: Credit) -> bytes:
    """An XMP packet with dc:creator, dc:rights, dc:description, xmpRights and cc:license."""
    from xml.sax.saxutils import escape, quoteattr

    captions = "".join(
        f'<rdf:li xml:lang={quoteattr(lang)}>{escape(text)}</rdf:li>'
        for lang, text in sorted(credit.caption.items())
    )
    description = (
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(credit.description)}</rdf:li>'
        f"{captions}</rdf:Alt></dc:description>"
        if credit.description else ""
    )
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"'
        ' xmlns:cc="http://creativecommons.org/ns#"'
        ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">'
        f"<dc:creator><rdf:Seq><rdf:li>{escape(credit.credit)}</rdf:li></rdf:Seq></dc:creator>"
        f'<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{escape(credit.rights)}</rdf:li></rdf:Alt></dc:rights>'
        f"{description}"
        "<xmpRights:Marked>True</xmpRights:Marked>"
        f"<xmpRights:WebStatement>{escape(credit.licence)}</xmpRights:WebStatement>"
        f"<cc:license rdf:resource={quoteattr(credit.licence)}/>"
        f"<photoshop:Credit>{escape(credit.credit)}</photoshop:Credit>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="r"?>'
    )
    return packet.encode("utf-8")


# A JPEG carries EXIF in one marker segment of at most 65 533 bytes, and XMP in one too, less
# its 29-byte namespace: Pillow refuses more, so the media stage could not write the photo.
JPEG_MARKER_BYTES = 65533
_XMP_NAMESPACE_BYTES = 29
_PACKET_BYTES = 4096  # the EXIF and XMP framing around the words, generously


def too_long(credit: Credit) -> tuple[int, int] | None:
    """(bytes needed, bytes allowed) when the words cannot all be written into a JPEG, else None."""
    words = [credit.credit, credit.licence, *credit.caption.values()]
    # each word is written up to three times (the credit: creator, rights, credit; a caption:
    # its language and the default), each character escaped to at most six ("&quot;")
    if sum(len(w.encode("utf-8")) for w in words) * 18 + _PACKET_BYTES <= JPEG_MARKER_BYTES - _XMP_NAMESPACE_BYTES:
        return None  # far below the limit, whatever the words are: not worth encoding them
    exif = len(exif_for(credit).tobytes())
    if exif > JPEG_MARKER_BYTES:
        return exif, JPEG_MARKER_BYTES
    xmp = len(xmp_for(credit))
    if xmp > JPEG_MARKER_BYTES - _XMP_NAMESPACE_BYTES:
        return xmp, JPEG_MARKER_BYTES - _XMP_NAMESPACE_BYTES
    return None
