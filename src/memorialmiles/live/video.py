"""The organizer's live video link, as a player the page loads only when the watcher taps.

YouTube (through its no-cookie host) and Facebook Live are embedded; any other address is a
plain link. The live page's Content-Security-Policy allows frames from these hosts only.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlsplit

FRAME_SOURCES = ["https://www.youtube-nocookie.com", "https://www.facebook.com"]
_YT_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


def embed_url(url: str) -> str | None:
    """The player address for a YouTube or Facebook video link; None for anything else."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    video = None
    if host == "youtu.be":
        video = parts.path.strip("/")
    elif host in ("youtube.com", "youtube-nocookie.com"):
        if parts.path == "/watch":
            video = (parse_qs(parts.query).get("v") or [""])[0]
        elif parts.path.startswith(("/live/", "/embed/", "/shorts/")):
            video = parts.path.split("/")[2]
    elif host in ("facebook.com", "fb.watch"):
        href = quote(f"https://{parts.hostname}{parts.path}", safe="")
        return f"https://www.facebook.com/plugins/video.php?href={href}&show_text=false"
    if video and _YT_ID.match(video):
        return f"https://www.youtube-nocookie.com/embed/{video}?autoplay=1"
    return None
