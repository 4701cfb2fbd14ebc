"""The one clock: embargoes are compared with it. Tests and previews set QUANGBA_NOW."""

from __future__ import annotations

import os
from datetime import datetime

from ..catalog.model import VIETNAM, parse_moment


def now() -> datetime:
    override = os.environ.get("QUANGBA_NOW")
    if override:
        return parse_moment(override)
    return datetime.now(VIETNAM)
