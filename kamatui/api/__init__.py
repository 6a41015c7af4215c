"""The Kamatera API client. Imports neither Textual nor Rich."""

from .auth import AUTH_HEADER_PAIR, AUTH_MODES, AUTH_TOKEN, Credentials
from .cache import CatalogCache
from .client import KamateraClient
from .errors import ApiError
from .retry import RetryPolicy
from .urls import DEFAULT_API_URL, UnusableApiUrl, check_api_url

__all__ = [
    "AUTH_HEADER_PAIR",
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
