"""The whole state of one mock: a store per (account, region), its clock, randomness and lock."""

from __future__ import annotations

import random
import threading

from secretmock._backend.models import Secret
from secretmock._backend.store import SecretStore
from secretmock._clock import Clock
from secretmock._ids import parse_secret_arn
from secretmock._rotation.engine import Rotations

_MICROS_PER_SECOND = 1_000_000
_MICROS_PER_MILLISECOND = 1000
_MILLIS_PER_SECOND = 1000


class Backend:
    """Every store of one mock, with the clock, the random source and the lock they share.

    One re-entrant lock guards the whole backend: every operation runs as one atomic step, even
    when it reaches a store of another account or region through an ARN.
    """

    def __init__(self, account_id: str, clock: Clock, rng: random.Random) -> None:
        self.account_id = account_id
        self.clock = clock
        self.rng = rng
        self.lock = threading.RLock()
        self._stores: dict[tuple[str, str], SecretStore] = {}
        # Rotation functions, the rotation log and the rotation schedule.
        self.rotations = Rotations(self, account_id)

    def now(self) -> float:
        """The current time as epoch seconds at AWS's millisecond precision (floored).

        The clock's float is first rounded to whole microseconds, then floored to the
        millisecond, so an instant that stands on a whole millisecond stays on it: flooring
        ``t * 1000`` directly loses a millisecond whenever the float is a hair below the exact
        value (274087259.715 * 1000 == 274087259714.99997). Clocks are not read more finely
        than a microsecond (datetime's and time.time()'s resolution).
        """
        micros = round(self.clock.now() * _MICROS_PER_SECOND)
        return (micros // _MICROS_PER_MILLISECOND) / _MILLIS_PER_SECOND

    def store(self, region: str, account_id: str | None = None) -> SecretStore:
        key = (account_id or self.account_id, region)
        found = self._stores.get(key)
        if found is None:
            found = self._stores[key] = SecretStore(key[0], region)
        return found

    def stores(self) -> list[SecretStore]:
        return list(self._stores.values())

    def store_for_id(self, secret_id: str, caller: SecretStore) -> SecretStore:
        """The store a SecretId lives in: an ARN names its own account and region."""
        if secret_id.startswith("arn:"):
            arn = parse_secret_arn(secret_id)
            if arn is not None and (arn.region, arn.account_id) != (
                caller.region,
                caller.account_id,
            ):
                other = self.store(arn.region, arn.account_id)
                other.expire(self.now())
                return other
        return caller

    def find(self, secret_id: str, caller: SecretStore) -> Secret | None:
        return self.store_for_id(secret_id, caller).find(secret_id)

    def reset(self) -> None:
        self._stores.clear()
        self.rotations.reset()
