"""The whole state of one mock: a store per (account, region), its clock, randomness and lock."""

from __future__ import annotations

import heapq
import random
import threading

from secretmock._backend.models import ReplicationControl, ScheduledDeletion, Secret
from secretmock._backend.store import SecretStore, looks_complete
from secretmock._clock import Clock
from secretmock._identity import Identities
from secretmock._ids import parse_secret_arn
from secretmock._kms.envelope import forget_opened_values
from secretmock._kms.keys import KeyRings
from secretmock._rotation.engine import Rotations

_MICROS_PER_SECOND = 1_000_000
_MICROS_PER_MILLISECOND = 1000
_MILLIS_PER_SECOND = 1000


class Backend:
    """Every store of one mock, with the clock, the random source and the lock they share.

    One re-entrant lock guards the whole backend: every operation runs as one atomic step, even
    when it reaches a store of another account or region through an ARN.
    """

    def __init__(
        self, account_id: str, clock: Clock, rng: random.Random, seed: int | None = None
    ) -> None:
        self.account_id = account_id
        self.clock = clock
        self.rng = rng
        self.lock = threading.RLock()
        # The KMS keys of every account and Region; key ids are seeded from ``seed``.
        self.kms = KeyRings(seed, self.lock)
        # Who each access key id stands for.
        self.identities = Identities(account_id)
        self._stores: dict[tuple[str, str], SecretStore] = {}
        # (when it takes effect, ARN, (account, region)) of every scheduled deletion, in every
        # store; entries of restored or already removed secrets are skipped when they come up.
        self._deletions: list[tuple[float, str, tuple[str, str]]] = []
        # Rotation functions, the rotation log and the rotation schedule.
        self.rotations = Rotations(self, account_id)
        # What tests decide about asynchronous replication (SecretsManagerMock.replication).
        self.replication = ReplicationControl()

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

    def store_for_id(self, secret_id: str, caller: SecretStore) -> SecretStore:
        """The store a SecretId lives in: a complete ARN names its own account and region.

        A name, or a partial ARN (no random suffix) of another account, looks in the caller's
        own store: another account's secret is reached only by its complete ARN [DOC GetSecretValue: "To retrieve
        a secret from another account, you must use an ARN"; issue 10].
        """
        if secret_id.startswith("arn:"):
            arn = parse_secret_arn(secret_id)
            if (
                arn is not None
                and (arn.region, arn.account_id) != (caller.region, caller.account_id)
                and (arn.account_id == caller.account_id or looks_complete(arn.resource))
            ):
                key = (arn.account_id, arn.region)
                # Only a write makes a store: a lookup in an account or Region that has none
                # answers from an empty one that is not kept, so reads add no state.
                found = self._stores.get(key)
                return found if found is not None else SecretStore(*key)
        return caller

    def schedule_deletion(
        self, store: SecretStore, secret: Secret, deletion: ScheduledDeletion
    ) -> None:
        """Mark ``secret`` for deletion; it is removed once the clock reaches the deletion date."""
        secret.deletion = deletion
        key = (store.account_id, store.region)
        heapq.heappush(self._deletions, (deletion.takes_effect_at.epoch, secret.arn, key))

    def expire_deletions(self, now: float) -> None:
        """Remove every secret, in every store, whose deletion date has passed.

        The one place scheduled deletions take effect: each call runs it first (and the rotation
        schedule before it looks at a secret), so no secret past its date is ever seen. O(1)
        when none is due.
        """
        deletions = self._deletions
        while deletions and deletions[0][0] <= now:
            takes_effect, arn, key = heapq.heappop(deletions)
            store = self._stores[key]
            secret = store.find(arn)
            # Skipped when the secret was restored since (or scheduled again, for another date).
            if secret is not None and secret.deletion is not None:
                due = secret.deletion.takes_effect_at.epoch
                if due == takes_effect:
                    store.remove(secret)

    def find(self, secret_id: str, caller: SecretStore) -> Secret | None:
        return self.store_for_id(secret_id, caller).find(secret_id)

    def reset(self) -> None:
        self._stores.clear()
        self._deletions.clear()
        self.rotations.reset()
        self.kms.reset()
        self.identities.reset()
        self.replication.reset()
        forget_opened_values()
