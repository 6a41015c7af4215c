"""The Kamatera API client. Imports neither Textual nor Rich."""

from . import changes
from .auth import AUTH_HEADER_PAIR, AUTH_MODES, AUTH_TOKEN, Credentials
from .cache import CatalogCache
from .client import CreateUnconfirmed, KamateraClient, Submitted
from .commands import CreatedServer, created_server
from .errors import ApiError
from .requests import CloneRequest, CreateServerRequest, Nic
from .retry import RetryPolicy
from .urls import DEFAULT_API_URL, UnusableApiUrl, check_api_url
from .validation import InvalidInput, Problem, generate_password

__all__ = [
    "AUTH_HEADER_PAIR",
    "CloneRequest",
    "CreateServerRequest",
    "CreateUnconfirmed",
    "CreatedServer",
    "InvalidInput",
    "Nic",
    "Problem",
    "Submitted",
    "changes",
    "created_server",
    "generate_password",
    "AUTH_MODES",
    "AUTH_TOKEN",
    "ApiError",
    "CatalogCache",
    "Credentials",
    "DEFAULT_API_URL",
    "KamateraClient",
    "RetryPolicy",
    "UnusableApiUrl",
    "check_api_url",
]
