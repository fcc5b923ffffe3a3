"""HTML pages compressed (Brotli or gzip, Flask-Compress) when the browser
accepts it, and only for requests that come from our own pages.

Why not always: BREACH. A compressed response's length tells how well its
text repeats itself. A page that shows a secret (the CSRF token, the
answers, a resume code) next to text an attacker chose (the query string is
echoed in the language links) lets an attacker who sees the encrypted
lengths guess the secret a character at a time, by making the victim's
browser ask for the page again and again from another site. The session
cookie is ``SameSite=Lax``, which still sends it on such top-level
navigations.

So a page is compressed only when the browser says the request comes from
our own site or from the person themself (``Sec-Fetch-Site: same-origin``
or ``none``: a typed address, a bookmark); a request made from another site
(``cross-site``, ``same-site``) or by a browser that does not send the
header gets the page uncompressed, as before. Every current browser sends
it (Chrome and Edge 76, Firefox 90, Safari 16.4), so the people filling in
the form get the smaller pages, while an attacker's page can never get a
compressed one to measure. This keeps the CSRF token, the answers and the
resume code out of reach without masking each of them.

Only ``text/html`` is compressed here, above 500 bytes, never a stream: the
PDF and the attached files (already compressed formats, and files the
person sent) go out as they are. Static files are compressed beforehand
(assets.py). The hook is registered before the others of the app, so that
it runs last, on the final HTML (soft hyphens included).
"""
from __future__ import annotations

from flask import request
from flask_compress import Compress

# Sec-Fetch-Site values of requests no other site can make.
OWN_REQUESTS = frozenset({"same-origin", "none"})


def may_compress() -> bool:
    return request.headers.get("Sec-Fetch-Site") in OWN_REQUESTS


def init_app(app) -> None:
    app.config.update(
        COMPRESS_REGISTER=False,  # our hook decides which requests (may_compress)
        COMPRESS_MIMETYPES=["text/html"],
        COMPRESS_ALGORITHM=["br", "gzip"],
        # Brotli 4 costs about as much CPU as gzip 6 and saves more.
        COMPRESS_BR_LEVEL=4,
        COMPRESS_LEVEL=6,
        COMPRESS_MIN_SIZE=500,
        COMPRESS_STREAMS=False,
    )
    compress = Compress(app)  # one per app: it keeps the app's settings

    @app.after_request
    def compress_html(response):
        if response.mimetype != "text/html":
            return response
        response.vary.add("Sec-Fetch-Site")
        if may_compress():
            return compress.after_request(response)
        response.vary.add("Accept-Encoding")
        return response
