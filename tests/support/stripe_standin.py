"""A local stand-in for the part of Stripe's API we call: it answers like Stripe and keeps what
it was sent, so the tests check the real client library's requests without a network."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class StripeStandIn:
    def __init__(self):
        self.sessions: list[dict] = []
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                params = {key: values[0] for key, values in form.items()}
                params["_authorization"] = self.headers.get("Authorization", "")
                if self.path != "/v1/checkout/sessions":
                    self._answer(404, {"error": {"message": "Unrecognized request URL"}})
                    return
                number = len(standin.sessions) + 1
                session = {
                    "id": f"cs_test_{number:04d}",
                    "object": "checkout.session",
                    "url": f"https://checkout.stripe.test/c/pay/cs_test_{number:04d}",
                    "payment_status": "unpaid",
                    "amount_total": int(params["line_items[0][price_data][unit_amount]"]),
                }
                standin.sessions.append({**params, "id": session["id"]})
                self._answer(200, session)

            def _answer(self, status, body):
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def signed_webhook(
    secret: str,
    session_id: str,
    amount: int,
    paid: bool = True,
    kind: str = "checkout.session.completed",
) -> tuple[bytes, str]:
    """A webhook body and its Stripe-Signature header, made the way Stripe makes them."""
    payload = json.dumps(
        {
            "id": "evt_test_1",
            "object": "event",
            "type": kind,
            "data": {
                "object": {
                    "id": session_id,
                    "object": "checkout.session",
                    "amount_total": amount,
                    "payment_status": "paid" if paid else "unpaid",
                }
            },
        }
    ).encode()
    stamp = int(time.time())
    digest = hmac.new(secret.encode(), f"{stamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return payload, f"t={stamp},v1={digest}"
