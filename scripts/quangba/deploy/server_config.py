"""`quangba server-config nginx|caddy`: the web server's configuration for the published
portal (``DEST/current`` of ``quangba publish``), for the two servers a province most likely
runs, both in Debian.

What it sets, the same for both: each language's own 404 page (with status 404); long cache
lifetimes for fingerprinted assets (``main.57a0d79d.min.css``), short ones for pages, feeds
and data, a day for the rest; the types the portal needs and the servers do not all know
(``.ics``, ``.geojson``, ``.jsonld``, ``.xlf``, ``.ttl``, ``.ndjson``, Atom and RSS feeds);
the ``.gz`` that ``quangba publish`` writes beside text files, sent when the reader accepts
gzip; security headers: a Content-Security-Policy that lets a page load only from the site
itself (its few inline scripts by their SHA-256), ``X-Content-Type-Options``,
``Referrer-Policy`` and framing refused.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from ..catalog.model import SOURCE_LANGUAGE, Catalog

# extension -> type, where Debian's /etc/nginx/mime.types (or Go's table, for Caddy) lacks it
TYPES = {
    "ics": "text/calendar",
    "geojson": "application/geo+json",
    "jsonld": "application/ld+json",
    "xlf": "application/xliff+xml",
    "ttl": "text/turtle",
    "ndjson": "application/x-ndjson",
    "csv": "text/csv",
}
# what Caddy is told too (Go's own table depends on the machine's /etc/mime.types)
CADDY_TYPES = {**TYPES, "webp": "image/webp", "json": "application/json", "woff2": "font/woff2",
               "svg": "image/svg+xml", "js": "application/javascript", "css": "text/css"}
FEED_TYPES = {"atom.xml": "application/atom+xml", "rss.xml": "application/rss+xml"}
FINGERPRINTED = r"\.[0-9a-f]{8,}\.min\.(css|js)$"  # mkdocs-material's assets: a new name for new bytes
SHORT = ("html", "xml", "ics", "json", "geojson", "jsonld", "csv", "ndjson", "ttl", "txt", "xlf")
CACHE_LONG = "public, max-age=31536000, immutable"
CACHE_SHORT = "public, max-age=300"  # pages, feeds, the data package: a publish shows within 5 minutes
CACHE_DAY = "public, max-age=86400"  # photos, fonts, the theme's own files, press kits
REFERRER = "strict-origin-when-cross-origin"
MD_SCOPE = re.compile(r'__md_scope=new URL\("([./]*)",location\)')
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)


def config_for(server: str, catalog: Catalog, *, root: str, listen: str, server_name: str | None = None,
               site: Path | None = None) -> str:
    """The configuration for ``server``; ``site`` is the built portal whose inline scripts
    the policy allows (run it after `quangba build`: without one, no inline script runs)."""
    name = server_name or host_of(catalog.province.base_url)
    languages = [lang for lang in catalog.languages if lang != SOURCE_LANGUAGE]
    csp = content_security_policy(inline_script_hashes(site))
    if server == "nginx":
        return nginx(root=root, listen=listen, server_name=name, languages=languages, csp=csp)
    return caddy(root=root, listen=listen, server_name=name, languages=languages, csp=csp)


def host_of(base_url: str) -> str:
    return base_url.split("//", 1)[-1].split("/", 1)[0] or "localhost"


# -- the policy ------------------------------------------------------------------------------------
def script_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def inline_scripts(html: str) -> list[str]:
    """The scripts a page runs from its own text (JSON-LD and JSON data are not run)."""
    return [body for attrs, body in INLINE_SCRIPT.findall(html) if "json" not in attrs]


def inline_script_hashes(site: Path | None) -> list[str]:
    """Every inline script of the built portal, by hash; mkdocs-material's one that names the
    page's depth (``new URL("../..",location)``) for every depth up to eight folders, so a
    deeper page added later is not refused."""
    scripts: set[str] = set()
    if site is not None and site.is_dir():
        for page in site.rglob("*.html"):
            scripts.update(inline_scripts(page.read_text("utf-8", errors="replace")))
    variants = set()
    for script in scripts:
        if MD_SCOPE.search(script):
            for depth in ["/", ".", *("/".join([".."] * n) for n in range(1, 9))]:
                variants.add(MD_SCOPE.sub(lambda m: f'__md_scope=new URL("{depth}",location)', script, count=1))
    return sorted(script_hash(s) for s in scripts | variants)


def content_security_policy(hashes: list[str]) -> str:
    scripts = " ".join(["'self'", *hashes])
    return ("default-src 'self'; "
            f"script-src {scripts}; "
            "style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
            "worker-src 'self'; manifest-src 'self'; media-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


# -- nginx -----------------------------------------------------------------------------------------
def nginx(*, root: str, listen: str, server_name: str, languages: list[str], csp: str) -> str:
    """A file for /etc/nginx/sites-available/ (read inside nginx's ``http`` block)."""
    short = "|".join(SHORT)
    types = "".join(f"        {t} {ext};\n" for ext, t in sorted(TYPES.items()))

    def location(prefix: str, page_404: str) -> str:
        feeds = "".join(f"        location ~ \\.{re.escape(ext)}$ {{ types {{ }} default_type {t}; }}\n"
                        for ext, t in FEED_TYPES.items())
        return (f"    location {prefix} {{\n"
                f"        error_page 404 {page_404};\n"
                f"{feeds}"
                "    }\n")

    lines = [
        "# Written by `quangba server-config nginx`: the province's portal, as `quangba publish` lays it out.",
        "# Put it in /etc/nginx/sites-available/, link it from sites-enabled/, then `nginx -t && systemctl reload nginx`.",
        "map $uri $quangba_cache_control {",
        f'    "~{FINGERPRINTED}" "{CACHE_LONG}";',
        f'    "~\\.({short})$" "{CACHE_SHORT}";',
        f'    "~/$" "{CACHE_SHORT}";',
        f'    default "{CACHE_DAY}";',
        "}",
        "",
        "server {",
        f"    listen {listen};",
        f"    server_name {server_name};",
        f"    root {root};",
        "    index index.html;",
        "    server_tokens off;",
        "    absolute_redirect off;",
        "    disable_symlinks off;  # the root is a link that `quangba publish` switches",
        "",
        "    include /etc/nginx/mime.types;",
        "    types {",
        types.rstrip("\n"),
        "    }",
        "    charset utf-8;",
        "    charset_types text/css text/plain text/xml text/calendar text/csv text/turtle application/javascript "
        "application/json application/geo+json application/ld+json application/x-ndjson application/xliff+xml "
        "application/atom+xml application/rss+xml image/svg+xml;",
        "",
        "    # the .gz quangba publish wrote beside each text file, when the reader accepts gzip",
        "    gzip_static on;",
        "    gzip_vary on;",
        "",
        "    add_header Cache-Control $quangba_cache_control always;",
        f'    add_header Content-Security-Policy "{csp}" always;',
        "    add_header X-Content-Type-Options nosniff always;",
        f"    add_header Referrer-Policy {REFERRER} always;",
        "    add_header X-Frame-Options DENY always;",
        "",
        "    # each language's own 404 page, with status 404",
        location("/", "/404.html").rstrip("\n"),
        *(location(f"/{lang}/", f"/{lang}/404.html").rstrip("\n") for lang in languages),
        "}",
    ]
    return "\n".join(lines) + "\n"


# -- Caddy -----------------------------------------------------------------------------------------
def caddy(*, root: str, listen: str, server_name: str, languages: list[str], csp: str) -> str:
    """A Caddyfile (``/etc/caddy/Caddyfile``); Caddy gets its HTTPS certificate itself."""
    address = listen if (":" in listen or "//" in listen) and not listen.isdigit() else server_name
    if listen.isdigit() and listen not in ("80", "443"):
        address = f"{server_name}:{listen}"
    short = " ".join(f"*.{ext}" for ext in SHORT) + " */"
    lines = [
        "# Written by `quangba server-config caddy`: the province's portal, as `quangba publish` lays it out.",
        f"{address} {{",
        f"\troot * {root}",
        "\tfile_server {",
        "\t\tprecompressed gzip",
        "\t}",
        "\theader {",
        f'\t\tContent-Security-Policy "{csp}"',
        "\t\tX-Content-Type-Options nosniff",
        f"\t\tReferrer-Policy {REFERRER}",
        "\t\tX-Frame-Options DENY",
        "\t}",
        f"\t@fingerprinted path_regexp {FINGERPRINTED}",
        f'\theader @fingerprinted Cache-Control "{CACHE_LONG}"',
        "\t@short {",
        f"\t\tpath {short}",
        f"\t\tnot path_regexp {FINGERPRINTED}",
        "\t}",
        f'\theader @short Cache-Control "{CACHE_SHORT}"',
        "\t@day {",
        f"\t\tnot path {short}",
        f"\t\tnot path_regexp {FINGERPRINTED}",
        "\t}",
        f'\theader @day Cache-Control "{CACHE_DAY}"',
    ]
    for ext, kind in sorted({**CADDY_TYPES, **FEED_TYPES}.items()):
        name = "type_" + re.sub(r"\W", "_", ext)
        lines += [f"\t@{name} path *.{ext}", f"\theader @{name} Content-Type {kind}"]
    # the error page is HTML whatever the address asked for: the headers the address set go
    lines += ["\thandle_errors {", '\t\theader Content-Type "text/html; charset=utf-8"',
              f'\t\theader Cache-Control "{CACHE_SHORT}"']
    for lang in languages:
        lines += [f"\t\t@{lang} path /{lang}/*",
                  f"\t\thandle @{lang} {{", f"\t\t\trewrite * /{lang}/404.html", "\t\t\tfile_server", "\t\t}"]
    lines += ["\t\thandle {", "\t\t\trewrite * /404.html", "\t\t\tfile_server", "\t\t}", "\t}", "}"]
    return "\n".join(lines) + "\n"
