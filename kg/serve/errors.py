"""One line per failure, with the HTTP status that says what it was.

=====================================================  ======
a refusal (``refused: …``: Update, SERVICE, remote FROM)  403
a syntax error, a bad parameter, an unknown parameter    400
an unknown page, canned query or file                    404
no format the client accepts                             406
a request larger than the limit                          413
a body that is neither a form nor a SPARQL query         415
the time or memory limit stopped the query               503
every query slot taken (``Retry-After: 1``)              503
anything else                                            500
=====================================================  ======

JSON clients (``Accept`` mentions json, or a ``.json`` page) get ``{"error": "…"}``; others
one line of text. Never a traceback: an unexpected error is logged as one line too.
"""

from __future__ import annotations

import json
import sys

from starlette.responses import Response

from ..errors import (
    KgError,
    QueryError,
    QueryMemory,
    QueryTimeout,
    StoreError,
    UsageError,
)
from ..safe_text import one_line
from .pool import Busy, ClientGone

__all__ = ["RETRY_AFTER", "HttpError", "error_response", "status_of"]

RETRY_AFTER = "1"


class HttpError(Exception):
    """A failure with its status, raised by the web layer itself."""

    def __init__(self, status: int, message: str):
        self.status = status
        super().__init__(message)


def status_of(e: BaseException) -> int:
    if isinstance(e, HttpError):
        return e.status
    if isinstance(e, ClientGone):
        return 499  # nobody reads it: the client closed the connection
    if isinstance(e, (Busy, QueryTimeout, QueryMemory)):
        return 503
    if isinstance(e, (QueryError, UsageError)):
        return 403 if str(e).startswith("refused:") else 400
    if isinstance(e, StoreError):
        return 502 if "endpoint" in str(e) else 500
    return 500


def error_response(e: BaseException, json_client: bool) -> Response:
    status = status_of(e)
    if isinstance(e, (KgError, HttpError, ClientGone)):
        message = one_line(str(e), 2000)
    else:
        message = f"internal error: {one_line(f'{type(e).__name__}: {e}', 300)}"
        print(f"kg serve: {message}", file=sys.stderr, flush=True)
    headers = {"Retry-After": RETRY_AFTER} if isinstance(e, Busy) else {}
    if json_client:
        return Response(json.dumps({"error": message}, ensure_ascii=False) + "\n", status,
                        headers, media_type="application/json")
    return Response(message + "\n", status, headers, media_type="text/plain")
