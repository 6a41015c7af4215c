"""The error bodies Kamatera answers with, and the codes the simulator uses.

Kamatera refuses requests with HTTP 500 and a body of the form
``{"errors": [{"code": N, "info": "...", "category": "General Error"}]}``.
Only three codes are known from the live API: 1 (not logged in, HTTP 401 and
no category), 2 (a value of the wrong type) and 20 (a generic failure). The
others below are the simulator's own choice, kept stable so tests can rely
on them; clients should read ``info`` rather than trust these numbers.
"""

from typing import Any

NOT_LOGGED_IN = 1
WRONG_TYPE = 2
INVALID_VALUE = 3
NOT_FOUND = 4
BUSY = 5
GENERAL = 20

BUSY_INFO = "Existing operation is currently running"


class ApiError(Exception):
    """A refusal that the simulator turns into Kamatera's error body."""

    def __init__(self, info: str, code: int = INVALID_VALUE, status: int = 500):
        super().__init__(info)
        self.info = info
        self.code = code
        self.status = status

    def body(self) -> dict[str, Any]:
        """The JSON body for this error."""
        return error_body(self.info, self.code)


class BadField(ValueError):
    """A value the simulator cannot use, with the name of its field.

    The control routes answer it with HTTP 400 and the command line with a
    usage error; the message starts with the field's name.
    """

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field} {problem}")
        self.field = field


def error_body(info: str, code: int) -> dict[str, Any]:
    """Kamatera's error shape; the auth error is the one without a category."""
    entry: dict[str, Any] = {"code": code, "info": info}
    if code != NOT_LOGGED_IN:
        entry["category"] = "General Error"

    return {"errors": [entry]}


def not_logged_in() -> ApiError:
    """The answer to missing, wrong or expired credentials."""
    return ApiError("you are not logged in", NOT_LOGGED_IN, status=401)


def not_found(what: str) -> ApiError:
    """A refusal for an id the account does not hold."""
    return ApiError(f"{what} not found", NOT_FOUND)


def busy() -> ApiError:
    """A second operation on a server that is still running one (quirk Q12)."""
    return ApiError(BUSY_INFO, BUSY)


def wrong_type(expected: str, given: str) -> ApiError:
    """The exact wording the live API uses, e.g. for a disk size of "30gb"."""
    return ApiError(f"Value expected to be '{expected}', '{given}' given.", WRONG_TYPE)
