"""A local labelling page for an audit CSV: a tiny stdlib HTTP server on localhost.

``GET /`` is one self-contained page (no network resources; keyboard: 1/0 label, arrows move, u undoes);
``GET /rows`` gives the rows as JSON; ``POST /label`` with ``{"row": i, "label": 0 | 1 | null}`` sets one
label and writes the whole CSV atomically before answering, so closing the page loses nothing and opening it
again resumes at the first unlabelled sentence.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

from ._audit import read_audit, write_audit
from ._types import AuditTable


@dataclass
class _State:
    path: Path
    table: AuditTable
    descriptions: Mapping[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def rows(self) -> list[dict[str, Any]]:
        return [{"id": r.doc_id, "sentence_index": r.index, "outlet": r.outlet, "marker": r.marker, "text": r.text,
                 "label": r.label} for r in self.table.rows]

    def set_label(self, i: int, label: Any) -> dict[str, int]:
        if label not in (0, 1, None) or isinstance(label, bool):
            raise ValueError("label must be 0, 1 or null")
        with self.lock:
            if not 0 <= i < len(self.table.rows):
                raise ValueError(f"row must be 0 to {len(self.table.rows) - 1}")
            self.table = self.table.with_label(i, label)
            write_audit(self.table, self.path)
            return {"labelled": len(self.table.labelled), "total": len(self.table.rows)}


def _handler(state: _State) -> type[BaseHTTPRequestHandler]:
    page = resources.files("framing").joinpath("templates", "label.html").read_text(encoding="utf-8")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
            pass

        def _send(self, code: int, body: str, kind: str = "application/json") -> None:
            data = body.encode("utf-8")
            self.send_response(code)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            route = self.path.split("?", 1)[0]
            if route in ("/", "/index.html"):
                self._send(200, page, "text/html")
            elif route == "/rows":
                self._send(200, json.dumps({"rows": state.rows(), "markers": dict(state.descriptions)}))
            else:
                self._send(404, json.dumps({"error": "not found"}))

        def do_POST(self) -> None:  # noqa: N802
            if self.path != "/label":
                self._send(404, json.dumps({"error": "not found"}))
                return
            try:
                size = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(size) or b"{}")
                result = state.set_label(int(body["row"]), body.get("label"))
            except (ValueError, KeyError, TypeError) as exc:
                self._send(400, json.dumps({"error": str(exc)}))
                return
            self._send(200, json.dumps(result))

    return Handler


class LabelServer:
    """Serves the labelling page for the audit CSV ``path`` on ``127.0.0.1:port`` (0: any free port)."""

    def __init__(self, path: str | Path, *, port: int = 0, descriptions: Mapping[str, str] | None = None) -> None:
        p = Path(path)
        self.state = _State(p, read_audit(p), dict(descriptions or {}))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), _handler(self.state))

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    @property
    def table(self) -> AuditTable:
        return self.state.table

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def start(self) -> threading.Thread:
        """Serve in a daemon thread (for tests and notebooks); stop with :meth:`close`."""
        thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
