import pytest

from conftest import make_invoice
from ledgerly.auth.permissions import PERMISSIONS, ROLES, Actor
from ledgerly.errors import AuthenticationRequired, Conflict, PermissionDenied, ValidationError


def test_every_permission_names_known_roles():
    for roles in PERMISSIONS.values():
        assert roles <= set(ROLES)
    assert all(Actor("x", "admin").can(p) for p in PERMISSIONS)


@pytest.mark.parametrize("role,allowed", [
    ("admin", True), ("accountant", True), ("clerk", False), ("viewer", False)])
def test_issue_permission(stocked, role, allowed):
    stocked.users.add("uma", role, token="tok")
    invoice = make_invoice(stocked, "ACME", "2024-02-01", [{"sku": "SVC"}], issue=False)
    user = stocked.as_user("uma")
    if allowed:
        assert user.invoices.issue(invoice.id).status == "issued"
    else:
        with pytest.raises(PermissionDenied):
            user.invoices.issue(invoice.id)


def test_users_and_tokens(ledger):
    user = ledger.users.add("dora", "accountant")
    assert len(user.token) == 32
    assert ledger.authenticate(user.token).actor == Actor("dora", "accountant")
    rotated = ledger.users.rotate_token("dora")
    with pytest.raises(AuthenticationRequired):
        ledger.authenticate(user.token)
    ledger.users.deactivate("dora")
    with pytest.raises(AuthenticationRequired):
        ledger.authenticate(rotated.token)
    with pytest.raises(Conflict):
        ledger.users.add("dora", "viewer")
    with pytest.raises(ValidationError):
        ledger.users.add("Bad Name", "viewer")
    with pytest.raises(ValidationError):
        ledger.users.add("ed", "god")


def test_audit_records_actor(stocked):
    stocked.users.add("cleo", "clerk", token="t")
    clerk = stocked.as_user("cleo")
    clerk.customers.add("NEW", "New one")
    entry = stocked.audit.entries(entity="customer", entity_id="NEW")[0]
    assert (entry.actor, entry.action) == ("cleo", "create")
    with pytest.raises(PermissionDenied):
        clerk.settings.set("company_name", "Hijack")


def test_currency_locked_after_posting(stocked):
    stocked.settings.set("currency", "usd")
    assert stocked.settings.currency == "USD"
    make_invoice(stocked, "ACME", "2024-02-01", [{"sku": "SVC"}])
    with pytest.raises(ValidationError) as err:
        stocked.settings.set("currency", "EUR")
    assert err.value.code == "currency_locked"
