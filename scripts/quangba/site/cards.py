"""Records shown as cards: a thumbnail from the photo's responsive derivatives (width and
height given, so nothing moves while it loads; a clean placeholder when there is no photo),
the title, the date and the summary. What is shown in Vietnamese on a page in another
language says so, in the reader's language, and carries ``lang="vi"``.

Everything here is per record and page, never across records: a list of n records costs n.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..catalog.model import SOURCE_LANGUAGE, Record
from .fmt import esc
from .strings import kind_name, t
from .urls import record_key, relative, url_of

if TYPE_CHECKING:
    from .parts import Site

THUMB_SIZES = "(min-width: 76em) 18rem, (min-width: 45em) 45vw, 100vw"


def vi_marker(lang: str) -> str:
    """The visible note, in the reader's language, that a text is shown in Vietnamese."""
    return f' <span class="qb-vi-only">{esc(t("vi_only", lang))}</span>'


def shown_in(record: Record, lang: str) -> str:
    """The language the record's words appear in on a page in ``lang``."""
    return lang if lang in record.texts or lang == SOURCE_LANGUAGE else SOURCE_LANGUAGE


def value_in(values, lang: str) -> tuple[str, str]:
    """A per-language value (an address, a caption) and the language it is shown in: the
    reader's, else Vietnamese, else whatever there is — never another language silently."""
    values = dict(values or {})
    for candidate in (lang, SOURCE_LANGUAGE):
        if values.get(candidate):
            return values[candidate], candidate
    for candidate, value in values.items():
        if value:
            return value, candidate
    return "", lang


def marked(value: str, value_lang: str, lang: str) -> str:
    """``value`` as HTML with its own ``lang`` and a visible note when it is not in the
    page's language (a Vietnamese-only address on an English page)."""
    if not value or value_lang == lang:
        return esc(value)
    note = vi_marker(lang) if value_lang == SOURCE_LANGUAGE else ""
    return f'<span lang="{esc(value_lang)}">{esc(value)}</span>{note}'


def first_photo(site: Site, record: Record) -> str | None:
    if site.media is None:
        return None
    return next((m for m in record.media if m in site.media.items and m in site.catalog.media), None)


def picture_tag(site: Site, media_id: str, page_url: str, *, sizes: str, alt: str = "", alt_lang: str = "",
                cls: str = "", eager: bool = False, widest: int | None = None) -> str:
    """A ``<picture>`` of the photo's derivatives (WebP, JPEG fallback) with the width and
    height of the fallback image: the browser keeps the space before it loads."""
    webp = site.media.renditions_of(media_id, "webp")
    jpeg = site.media.renditions_of(media_id, "jpeg")
    if widest is not None:
        webp = [r for r in webp if r.width <= widest] or webp[:1]
        jpeg = [r for r in jpeg if r.width <= widest] or jpeg[:1]
    if not jpeg:
        return ""

    def srcset(renditions) -> str:
        return ", ".join(f"{esc(relative(page_url, r.path))} {r.width}w" for r in renditions)

    fallback = jpeg[0] if widest is not None and widest <= 480 else next((r for r in jpeg if r.width >= 800), jpeg[-1])
    loading = 'fetchpriority="high"' if eager else 'loading="lazy"'
    source = f'<source type="image/webp" srcset="{srcset(webp)}" sizes="{sizes}">' if webp else ""
    attrs = f' class="{cls}"' if cls else ""
    lang_attr = f' lang="{esc(alt_lang)}"' if alt_lang else ""
    return (f'<picture>{source}<img{attrs} src="{esc(relative(page_url, fallback.path))}" srcset="{srcset(jpeg)}" '
            f'sizes="{sizes}" width="{fallback.width}" height="{fallback.height}" alt="{esc(alt)}"{lang_attr} '
            f'{loading} decoding="async"></picture>')


def thumbnail(site: Site, record: Record, page_url: str, lang: str) -> str:
    """The card's picture: decorative (the card's title says what it is), or the placeholder."""
    media_id = first_photo(site, record)
    if media_id is not None:
        pic = picture_tag(site, media_id, page_url, sizes=THUMB_SIZES, widest=960)
        if pic:
            return f'<div class="qb-card__media">{pic}</div>'
    return (f'<div class="qb-card__media qb-card__media--none" aria-hidden="true">'
            f'<span>{esc(kind_name(record.kind, lang))}</span></div>')


def card(site: Site, page_url: str, record: Record, lang: str, *, when: str = "", extra: str = "",
         level: int = 2) -> str:
    from .parts import summary_of, title_of

    words = shown_in(record, lang)
    lang_attr = "" if words == lang else f' lang="{words}"'
    marker = vi_marker(lang) if words != lang else ""
    href = esc(relative(page_url, url_of(lang, record_key(record.kind, record.id))))
    title = title_of(record, lang)
    summary = summary_of(record, lang) if record.status != "retracted" else ""
    out = [f'<li class="qb-card">{thumbnail(site, record, page_url, lang)}<div class="qb-card__body">',
           f'<h{level} class="qb-card__title"><a href="{href}"{lang_attr}>{esc(title)}</a></h{level}>']
    meta = []
    if when:
        meta.append(f'<span class="qb-card__when">{esc(when)}</span>')
    if marker:
        meta.append(marker.strip())
    if meta or extra:
        out.append(f'<p class="qb-card__meta">{" ".join(meta)}{(" " + extra) if extra else ""}</p>')
    if summary:
        out.append(f'<p class="qb-card__summary"{lang_attr}>{esc(summary)}</p>')
    out.append("</div></li>")
    return "".join(out)


def card_list(items: list[str], lang: str, *, cls: str = "") -> str:
    if not items:
        return f"<p>{esc(t('nothing_yet', lang))}</p>"
    extra = f" {cls}" if cls else ""
    return f'<ul class="qb-cards{extra}">' + "".join(items) + "</ul>"
