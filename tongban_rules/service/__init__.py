"""The decision service (``tongban serve``): HTTP/JSON with an OpenAPI 3.1 document.

Modules, in the order a request meets them:

=================  ==========================================================================
``server``         uvicorn, workers, signals (``SIGHUP`` reloads), ``--watch``
``app``            the Starlette endpoints; every answer carries ``X-Rules-Digest``
``schemas``        pydantic models of requests and answers (validation and OpenAPI schemas)
``encode``         decisions to JSON bytes (``to_dict()`` plus ``decision_id``), each layout once
``items``          the item list, an item's elements and its facts as JSON Schema
``problems``       errors as ``application/problem+json`` (RFC 9457) with our TB codes
``decisionlog``    one JSON line per decision, facts only as a hash
``state``          the snapshot in force and its atomic reload; ``build`` loads and checks
``watch``          polling the rules for changes
``openapi``        the OpenAPI document (``schema/openapi.json``)
=================  ==========================================================================

Together with ``cli/`` this is the only part of the package that listens on a socket.
"""

from .app import create_app
from .state import Rules, Snapshot, build

__all__ = ["create_app", "Rules", "Snapshot", "build"]
