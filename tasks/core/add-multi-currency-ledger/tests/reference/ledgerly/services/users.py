"""API users and their tokens."""

import secrets

from ledgerly.auth.permissions import ROLES
from ledgerly.domain import validation
from ledgerly.domain.models import User
from ledgerly.errors import Conflict, ValidationError, not_found
from ledgerly.services.base import Service


class UserService(Service):
    def list(self):
        self.require("user.read")
        return self.repos.users.list()

    def add(self, username, role, *, token=None):
        self.require("user.write")
        username = validation.username(username)
        if role not in ROLES:
            raise ValidationError(f"unknown role {role!r} (one of {', '.join(ROLES)})",
                                  code="invalid_role")
        with self.db.transaction():
            if self.repos.users.get(username) is not None:
                raise Conflict(f"user {username!r} exists", code="user_exists")
            user = User(id=0, username=username, role=role,
                        token=token or secrets.token_hex(16))
            self.repos.users.insert(user)
            self.audit.record("create", "user", username, role=role)
        return user

    def set_role(self, username, role):
        self.require("user.write")
        if role not in ROLES:
            raise ValidationError(f"unknown role {role!r}", code="invalid_role")
        with self.db.transaction():
            user = self.repos.users.get(username)
            if user is None:
                raise not_found("user", username)
            old, user.role = user.role, role
            self.repos.users.update(user)
            self.audit.record("update", "user", username, role=role, old_role=old)
        return user

    def deactivate(self, username):
        self.require("user.write")
        with self.db.transaction():
            user = self.repos.users.get(username)
            if user is None:
                raise not_found("user", username)
            user.active = False
            self.repos.users.update(user)
            self.audit.record("deactivate", "user", username)
        return user

    def rotate_token(self, username):
        self.require("user.write")
        with self.db.transaction():
            user = self.repos.users.get(username)
            if user is None:
                raise not_found("user", username)
            user.token = secrets.token_hex(16)
            self.repos.users.update(user)
            self.audit.record("rotate_token", "user", username)
        return user
