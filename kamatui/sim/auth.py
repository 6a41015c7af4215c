"""The three ways a client proves who it is, and the bearer tokens.

Real tools send ``AuthClientId``/``AuthSecret`` on every request; the doc's
examples send ``clientId``/``secret`` headers; a few clients trade the pair
for a token at ``/service/authenticate``. Tokens expire on wall time, not on
the simulated clock, because a demo run at high speed must not log its user
out every few seconds.
"""

import random
import string
from collections.abc import Callable, Mapping

from kamatui.sim import errors

TOKEN_LIFETIME = 3600.0
"""A token lasts one hour, as the doc says."""

_TOKEN_ALPHABET = string.ascii_letters + string.digits


class Credentials:
    """The account's one API key and the tokens issued for it."""

    def __init__(
        self,
        rng: random.Random,
        wall_clock: Callable[[], float],
        token_lifetime: float = TOKEN_LIFETIME,
    ) -> None:
        self.client_id = f"{rng.getrandbits(128):032x}"
        self.secret = f"{rng.getrandbits(128):032x}"
        self.token_lifetime = token_lifetime
        self._rng = rng
        self._wall_clock = wall_clock
        self._tokens: dict[str, float] = {}

    def issue(self, client_id: str, secret: str) -> dict[str, object]:
        """The body of a successful ``POST /authenticate``."""
        if not self._matches(client_id, secret):
            raise errors.not_logged_in()

        token = "".join(self._rng.choice(_TOKEN_ALPHABET) for _ in range(32))
        expires = self._wall_clock() + self.token_lifetime
        self._tokens[token] = expires
        return {"authentication": token, "expires": int(expires)}

    def expire_all(self) -> None:
        """Forget every token, as if an hour had passed for all of them."""
        self._tokens.clear()

    def check(self, headers: Mapping[str, str]) -> str:
        """Name the style that authenticated the request, or refuse it."""
        bearer = headers.get("authorization", "")
        if bearer.lower().startswith("bearer ") and self._token_valid(bearer[7:]):
            return "bearer"

        if self._matches(headers.get("authclientid"), headers.get("authsecret")):
            return "header-pair"

        if self._matches(headers.get("clientid"), headers.get("secret")):
            return "doc-headers"

        raise errors.not_logged_in()

    def _token_valid(self, token: str) -> bool:
        expires = self._tokens.get(token.strip())
        if expires is None:
            return False

        if self._wall_clock() >= expires:
            del self._tokens[token.strip()]
            return False

        return True

    def _matches(self, client_id: object, secret: object) -> bool:
        return client_id == self.client_id and secret == self.secret
