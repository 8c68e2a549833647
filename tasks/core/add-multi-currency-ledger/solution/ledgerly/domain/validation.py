"""Field validators shared by services, importers and the API."""

import re

from ledgerly.errors import ValidationError

CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,31}$")
SKU_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
TAX_CODE_RE = re.compile(r"^[A-Z][A-Z0-9]{0,9}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
USERNAME_RE = re.compile(r"^[a-z][a-z0-9_.-]{1,31}$")


def customer_code(value):
    value = (value or "").strip().upper()
    if not CODE_RE.match(value):
        raise ValidationError(f"invalid customer code: {value!r}", code="invalid_code")
    return value


def sku(value):
    value = (value or "").strip()
    if not SKU_RE.match(value):
        raise ValidationError(f"invalid SKU: {value!r}", code="invalid_sku")
    return value


def tax_code(value):
    value = (value or "").strip().upper()
    if not TAX_CODE_RE.match(value):
        raise ValidationError(f"invalid tax code: {value!r}", code="invalid_tax_code")
    return value


def name(value, *, what="name", max_len=120):
    value = (value or "").strip()
    if not value:
        raise ValidationError(f"{what} must not be empty", code="invalid_name")
    if len(value) > max_len:
        raise ValidationError(f"{what} is longer than {max_len} characters", code="invalid_name")
    return value


def email(value):
    value = (value or "").strip()
    if value and not EMAIL_RE.match(value):
        raise ValidationError(f"invalid email: {value!r}", code="invalid_email")
    return value


def country(value):
    value = (value or "").strip().upper()
    if value and not COUNTRY_RE.match(value):
        raise ValidationError(f"invalid country: {value!r} (two letters)", code="invalid_country")
    return value


def username(value):
    value = (value or "").strip()
    if not USERNAME_RE.match(value):
        raise ValidationError(f"invalid username: {value!r}", code="invalid_username")
    return value


def non_negative(value, *, what):
    if value < 0:
        raise ValidationError(f"{what} must not be negative", code="invalid_amount")
    return value


def positive(value, *, what):
    if value <= 0:
        raise ValidationError(f"{what} must be positive", code="invalid_amount")
    return value


def boolean(value, *, what):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("1", "true", "yes", "y"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("0", "false", "no", "n", ""):
        return False
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise ValidationError(f"invalid {what}: {value!r} (expected true/false)")
