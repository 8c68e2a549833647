"""A small client for the HTTP API (scripts, integrations, tests).

>>> client = Client("http://127.0.0.1:8080", token="...")
>>> client.create_customer("ACME", "Acme Ltd")
>>> client.report("aged-receivables", as_of="2024-06-30")

Errors come back as :class:`ApiError` with the API's status, code and message.
"""

import json
import urllib.error
import urllib.parse
import urllib.request


class ApiError(Exception):
    def __init__(self, status, code, message):
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


class Client:
    def __init__(self, base_url, token=None, *, timeout=30):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def request(self, method, path, body=None, **query):
        params = {k: v for k, v in query.items() if v is not None}
        url = self.base_url + path
        if params:
            url += "?" + urllib.parse.urlencode(params)
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.load(response)
        except urllib.error.HTTPError as err:
            try:
                error = json.load(err).get("error", {})
            except (ValueError, AttributeError):
                error = {}
            raise ApiError(err.code, error.get("code", "http_error"),
                           error.get("message", err.reason)) from None

    # -- convenience wrappers --------------------------------------------------------------
    def health(self):
        return self.request("GET", "/health")

    def customers(self, *, search=None, archived=False):
        return self.request("GET", "/customers", q=search,
                            archived="1" if archived else None)["customers"]

    def customer(self, code):
        return self.request("GET", f"/customers/{urllib.parse.quote(code)}")

    def create_customer(self, code, name, **fields):
        return self.request("POST", "/customers", dict(fields, code=code, name=name))

    def products(self):
        return self.request("GET", "/products")["products"]

    def create_product(self, sku, name, unit_price, **fields):
        return self.request("POST", "/products",
                            dict(fields, sku=sku, name=name, unit_price=unit_price))

    def create_invoice(self, customer, lines=(), **fields):
        return self.request("POST", "/invoices",
                            dict(fields, customer=customer, lines=list(lines)))

    def invoice(self, ref):
        return self.request("GET", f"/invoices/{urllib.parse.quote(str(ref))}")

    def issue(self, ref):
        return self.request("POST", f"/invoices/{urllib.parse.quote(str(ref))}/issue")

    def void(self, ref, reason):
        return self.request("POST", f"/invoices/{urllib.parse.quote(str(ref))}/void",
                            {"reason": reason})

    def record_payment(self, customer, amount, **fields):
        return self.request("POST", "/payments", dict(fields, customer=customer,
                                                      amount=amount))

    def allocate(self, payment_id, invoice, amount=None):
        body = {"invoice": invoice}
        if amount is not None:
            body["amount"] = amount
        return self.request("POST", f"/payments/{int(payment_id)}/allocations", body)

    def report(self, name, **params):
        return self.request("GET", f"/reports/{name}", **params)
