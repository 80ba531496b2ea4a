"""Test-wide settings: validate every model element as it is built (see gwlint.model.elements.make)."""

import os

os.environ.setdefault("GWLINT_VALIDATE_MODEL", "1")

import socket

import pytest


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """gwlint never uses the network: any socket connection made in-process fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
