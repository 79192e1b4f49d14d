"""RotateSecret and CancelRotateSecret, and what a rotation does to a secret around its steps.

AWS's sequence [DOC "How rotation works", API RotateSecret]: RotateSecret stores the function
and rules it is given (or reuses the stored ones), creates a version with VersionId = the
ClientRequestToken, labelled AWSPENDING and with no value, and invokes the rotation function
for createSecret, setSecret, testSecret and finishSecret, stopping at the first step that fails.

RotateSecret "starts the asynchronous process of rotating the secret" [DOC]: its answer never
depends on the function, so a failing step does not make it fail. The mock runs the steps right
after building that answer, before returning it (see Request.followup), so a test sees the
rotation finished (or failed: ``SecretsManagerMock.rotations``) when ``rotate_secret`` returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, cast

from secretmock._backend.backend import Backend
from secretmock._backend.models import (
    AWSCURRENT,
    AWSPENDING,
    RotationConfig,
    Secret,
    SecretVersion,
)
from secretmock._backend.replication import propagate
from secretmock._backend.versioning import add_version, label_version
from secretmock._clock import Instant
from secretmock._ids import parse_secret_arn, partition_of, random_uuid
from secretmock._messages import (
    CANCEL_WITHOUT_FUNCTION,
    CANNOT_INVOKE,
    NO_FUNCTION,
    NO_TOKEN_ROTATE,
    PREVIOUS_INCOMPLETE,
)
from secretmock._request import Handler, Request
from secretmock._rotation.engine import RotationRun, Rotations
from secretmock._rotation.functions import parse_lambda_arn
from secretmock._rotation.log import STEPS, Rotation, Trigger
from secretmock._rotation.schedule import Schedule, parse_rules
from secretmock._validation.rules import Rules, client_request_token, secret_id
from secretmock.errors import InternalServiceError, SecretMockError, SecretsManagerError

# The most rotations of one secret a pass of the schedule runs to make up for windows the clock
# skipped (one a window; see _finish_rotation). They all run at the mock's one instant, so the
# versions they leave are all younger than the 24 hours after which AWS removes unlabelled ones:
# the cap keeps a catch-up far from the 100 versions a secret may have, leaving room for the
# writes and rotations that follow. Ten years of rate(4 hours) give 10 rotations, not 21,900.
MAX_MISSED_WINDOWS = 10


def in_progress_version(secret: Secret) -> str | None:
    """The version of an unfinished rotation: AWSPENDING on a version that is not AWSCURRENT.

    "If the AWSPENDING staging label is present but not attached to the same version as
    AWSCURRENT, then any later invocation of RotateSecret assumes that a previous rotation
    request is still in progress and returns an error" [DOC RotateSecret].
    """
    pending = secret.labels.get(AWSPENDING)
    if pending is None or pending == secret.labels.get(AWSCURRENT):
        return None
    return pending


def rotate_secret(request: Request) -> dict[str, Any]:
    params = request.params
    token: str = params["ClientRequestToken"]
    given_arn: str | None = params.get("RotationLambdaARN") or None
    # An empty RotationRules structure sets nothing, like an omitted one.
    given_rules: dict[str, Any] | None = params.get("RotationRules") or None
    schedule = parse_rules(given_rules) if given_rules is not None else None
    immediately: bool = params.get("RotateImmediately", True)
    # Assumed [INF]: like RotationRules, an empty ExternalSecretRotationMetadata sets nothing.
    external_metadata: list[dict[str, str]] | None = params.get("ExternalSecretRotationMetadata")
    external_role_arn: str | None = params.get("ExternalSecretRotationRoleArn")
    secret = request.live_secret()

    rotation = secret.rotation
    function_arn = given_arn or (rotation.lambda_arn if rotation is not None else None)
    if function_arn is None:
        raise NO_FUNCTION.error()
    engine = request.backend.rotations
    function = engine.functions.resolve(function_arn, partition_of(request.store.region))
    if function is None:
        raise CANNOT_INVOKE.error()
    pending = in_progress_version(secret)
    # Assumed [INF]: a retry that names the unfinished version's own token continues that
    # rotation (the token exists "to prevent the accidental creation of duplicate versions if
    # there are failures and retries during a rotation" [DOC]); any other call is refused.
    if pending is not None and pending != token:
        # Nothing changes; Secrets Manager retries the unfinished rotation with its own settings.
        request.followup = _reattempt_later(engine, secret, pending)
        raise PREVIOUS_INCOMPLETE.error()

    now = request.now
    # Every date before any change: one past datetime's range is refused with nothing changed.
    changed = Instant(now)
    rules = dict(given_rules) if given_rules is not None else {}
    if given_rules is None and rotation is not None and rotation.rules:
        rules = rotation.rules
        schedule = parse_rules(rules)  # the stored rules, reused [DOC, REC]
    last_rotated = rotation.last_rotated_at if rotation is not None else None
    # An immediate rotation is the one the next window counts from; otherwise the last one is,
    # for AutomaticallyAfterDays and rate(): "the previously scheduled rotation might still
    # occur" [DOC RotateSecret]. A cron() schedule's windows are fixed: its next one is the
    # first after this call ("To prevent unintended rotations, use a ScheduleExpression with
    # cron()" [DOC RotateSecret]; Assumed [INF]: no window before the call is made up for).
    counts_from_last = schedule is not None and schedule.cron is None
    after = last_rotated.epoch if last_rotated and counts_from_last and not immediately else now
    plan = next_rotation(schedule, rules, after)
    # Then the AWSPENDING version: it is the one change that can still be refused (AWS's
    # quotas, see open_pending_version), and a refused RotateSecret changes nothing, not even
    # the stored function and rules (as the recorded AccessDeniedException leaves nothing
    # stored). Every check above has passed, and nothing below can fail.
    if immediately:
        job = _rotation_run(engine, secret, function_arn, token, now, "immediate")
    else:
        job = _test_run(engine, secret, function_arn, token, now)
    if rotation is None:
        rotation = secret.rotation = RotationConfig()
    rotation.rules = rules
    rotation.lambda_arn = function_arn
    rotation.enabled = True
    # Assumed [INF]: a RotateSecret that leaves them out keeps the stored ones, as it keeps the
    # stored function and rules.
    if external_metadata:
        rotation.external_metadata = [dict(item) for item in external_metadata]
    if external_role_arn is not None:
        rotation.external_role_arn = external_role_arn
    # Assumed [INF]: changing the rotation configuration counts as a change of the secret.
    secret.mark_changed(changed)
    plan_next_rotation(engine, secret, plan, now)
    request.followup = partial(engine.run, job)
    return {"ARN": secret.arn, "Name": secret.name, "VersionId": token}


def cancel_rotate_secret(request: Request) -> dict[str, Any]:
    """Turn automatic rotation off; answer with the version of an unfinished rotation, if any.

    "Turns off automatic rotation, and if a rotation is currently in progress, cancels the
    rotation ... You might need to remove the staging label AWSPENDING from the partially
    created version" [DOC]: the labels are left as they are. The function and the rules stay
    (DescribeSecret shows "the previous rotation schedule and rotation function" [DOC]).
    """
    secret = request.live_secret()
    rotation = secret.rotation
    if rotation is None or rotation.lambda_arn is None:
        raise CANCEL_WITHOUT_FUNCTION.error()
    changed = Instant(request.now)
    rotation.enabled = False
    request.backend.rotations.drop(rotation.schedule_key)
    rotation.schedule_key = None
    # Assumed [INF]: like RotateSecret, a configuration change of the secret.
    secret.mark_changed(changed)
    reply: dict[str, Any] = {"ARN": secret.arn, "Name": secret.name}
    # Assumed [INF]: VersionId names "the version of the secret created during the rotation",
    # so it is present only while a rotation is unfinished.
    pending = in_progress_version(secret)
    if pending is not None:
        reply["VersionId"] = pending
    return reply


@dataclass(frozen=True, slots=True)
class NextRotation:
    """The next scheduled rotation, worked out before anything changes."""

    at: Instant  # NextRotationDate: the last moment of the next window
    reported_days: int | None  # RotationRules.AutomaticallyAfterDays for a ScheduleExpression


def next_rotation(
    schedule: Schedule | None, rules: dict[str, Any], after: float
) -> NextRotation | None:
    """The first rotation ``schedule`` plans after ``after``; None without a schedule.

    Raises InternalServiceError when its date is past what a datetime holds (see Instant).
    """
    if schedule is None:
        return None  # rotation without any rules: it runs when asked, never on a schedule
    window = schedule.next_window(after)
    at = Instant(window.latest)
    reported = None if "AutomaticallyAfterDays" in rules else schedule.reported_days(after, window)
    return NextRotation(at, reported)


def plan_next_rotation(
    engine: Rotations, secret: Secret, plan: NextRotation | None, now: float | None = None
) -> None:
    """Set NextRotationDate as ``plan`` says and queue the rotation for it.

    ``now``: the schedule is being set (RotateSecret); a date already passed then is overdue.
    """
    rotation = secret.rotation
    assert rotation is not None
    key = rotation.schedule_key
    if plan is None:
        engine.drop(key)
        rotation.next_rotation_at = None
        rotation.reported_days = rotation.schedule_key = None
        return
    rotation.reported_days = plan.reported_days
    rotation.next_rotation_at = plan.at
    if key is not None and engine.queued_at(key) == plan.at.epoch:
        return  # already queued for that instant
    engine.drop(key)
    overdue = now is not None and plan.at.epoch <= now
    rotation.schedule_key = engine.queue(plan.at.epoch, secret.arn, overdue=overdue)


def count_manual_change(engine: Rotations, secret: Secret, at: Instant) -> None:
    """A value written by PutSecretValue or UpdateSecret counts as a rotation for the schedule.

    "If you also manually update your secret value while automatic rotation is set up, then
    Secrets Manager considers that a valid rotation when it calculates the next rotation date"
    [DOC rotate-secrets_schedule]. How it moves NextRotationDate is not documented: a
    describe-secret a user published [USER, research/evidence-2026-12-05-rotation.md] shows
    LastRotatedDate 2026-02-02T17:16Z, versions written on 2026-02-03, AutomaticallyAfterDays
    30 and NextRotationDate 2026-03-05T23:59:59Z, which fits the next window counting from the
    write's day with LastRotatedDate left as it was (it is Secrets Manager's own rotations
    only); that reading is assumed [INF]. Assumed [INF] too: the same for rate()
    schedules, which count from the last rotation too; a cron() schedule's windows are fixed,
    so its NextRotationDate stays. A write a rotation function makes while its secret rotates
    is that rotation's own, not a manual change.
    """
    rotation = secret.rotation
    if (
        rotation is None
        or not rotation.enabled
        or not rotation.rules
        or secret.arn in engine.rotating
    ):
        return
    schedule = parse_rules(rotation.rules)
    if schedule.cron is not None:
        return
    try:
        plan = next_rotation(schedule, rotation.rules, at.epoch)
    except InternalServiceError:
        return  # a next window past year 9999 (see Instant): the planned one stays
    plan_next_rotation(engine, secret, plan)


def requeue_restored_rotation(engine: Rotations, secret: Secret, now: float) -> None:
    """Put a restored secret's planned rotation back on the schedule.

    Its entry may have come due while the secret waited for deletion and been dropped then
    (prepare_due_rotation); queued again at NextRotationDate, a date the clock has passed (the
    dropped entry's, or the failed one before a retry's), it is overdue and runs on the next
    call, as any rotation whose date the clock has passed. An entry still waiting stays.
    """
    rotation = secret.rotation
    if (
        rotation is None
        or not rotation.enabled
        or rotation.schedule_key is None
        or rotation.next_rotation_at is None
        or engine.queued_at(rotation.schedule_key) is not None
    ):
        return
    due = rotation.next_rotation_at.epoch
    rotation.schedule_key = engine.queue(due, secret.arn, overdue=due <= now)


def run_due_rotations(backend: Backend) -> list[Rotation]:
    """Run every scheduled rotation of ``backend`` whose date has passed; what ran, in order."""
    return backend.rotations.run_due(partial(prepare_due_rotation, backend))


def prepare_due_rotation(
    backend: Backend, secret_arn: str, key: int, window: float | None, now: float, earlier: int
) -> RotationRun | None:
    """The rotation a due schedule entry starts, or None when the entry no longer counts.

    Runs under the backend lock. ``window`` is the date the entry was queued for, the last
    second of the window its rotation counts in; None for an entry queued when that date had
    already passed (see DueWindow). A secret whose rotation is unfinished gets that
    rotation reattempted instead of a new one ("That rotation will be reattempted"). ``earlier``
    is how many rotations of the secret this pass has run: past MAX_MISSED_WINDOWS, the windows
    still missed are skipped (see _finish_rotation).
    """
    engine = backend.rotations
    arn = parse_secret_arn(secret_arn)
    if arn is None:
        return None
    backend.expire_deletions(now)
    secret = backend.store(arn.region, arn.account_id).find(secret_arn)
    rotation = secret.rotation if secret is not None else None
    if secret is None or rotation is None or rotation.schedule_key != key:
        return None
    if not rotation.enabled or rotation.lambda_arn is None:
        rotation.schedule_key = None
        return None
    if secret.deletion is not None:
        # Not while scheduled for deletion (Assumed [INF]: AWS skips a deleted secret's
        # rotation). The rotation stays planned (schedule_key): RestoreSecret queues it again,
        # and it runs on the first call after (see requeue_restored_rotation).
        return None
    rotation.schedule_key = None
    if secret_arn in engine.rotating:
        return None  # rotating now; a finished rotation plans the next one itself
    due = None if window is None else DueWindow(window, earlier + 1 < MAX_MISSED_WINDOWS)
    pending = in_progress_version(secret)
    if pending is not None:
        return _reattempt_run(engine, secret, rotation.lambda_arn, pending, due)
    token = random_uuid(backend.rng)
    try:
        return _rotation_run(engine, secret, rotation.lambda_arn, token, now, "scheduled", due)
    except SecretsManagerError as error:
        # No room for the AWSPENDING version (AWS's quotas): the rotation fails before its
        # first step and the secret is left as it was. Assumed [INF]: on AWS the scheduled
        # rotation fails the same way, with NextRotationDate left in the past ("If rotation is
        # unsuccessful, this date may be in the past" [DOC]), and is tried again later.
        return _refused_run(engine, secret, rotation.lambda_arn, token, error, due)


def _record(
    engine: Rotations, secret: Secret, function_arn: str, token: str, trigger: Trigger
) -> Rotation:
    return Rotation(
        secret_arn=secret.arn,
        secret_name=secret.name,
        token=token,
        function_arn=function_arn,
        trigger=trigger,
        rotation_token=random_uuid(engine.host.rng),
    )


def _run(
    engine: Rotations,
    record: Rotation,
    steps: tuple[str, ...],
    finish: Callable[[bool, float], None],
) -> RotationRun:
    arn = parse_secret_arn(record.secret_arn)
    function = engine.functions.resolve(record.function_arn, arn.partition) if arn else None
    unavailable = None
    if function is None:
        # The function was unregistered after rotation was configured: AWS's invoke would fail.
        unavailable = SecretMockError(
            f"no rotation function is registered for {record.function_arn}: "
            f"Secrets Manager could not invoke it ({CANNOT_INVOKE.text})"
        )
    return RotationRun(
        record=record,
        function=function,
        invoked=parse_lambda_arn(record.function_arn),
        steps=steps,
        finish=finish,
        unavailable=unavailable,
    )


def open_pending_version(
    secret: Secret, token: str, now: float, value_of: SecretVersion | None = None
) -> bool:
    """Label version ``token`` AWSPENDING, creating it (with ``value_of``'s value, if given)
    when the secret has no such version; True when it was created.

    The version goes through the same write path as PutSecretValue's
    (:mod:`secretmock._backend.versioning`), so AWS's quotas apply to it, and a refusal
    (LimitExceededException) is raised before anything changes:

    * The 20 staging labels per secret. The new version gets only AWSPENDING, and a label is on
      one version at most, so AWSPENDING is counted once however it moves: moving it off the
      AWSCURRENT version, where a finished rotation may leave it [REC], adds nothing; a secret
      without AWSPENDING (never rotated, or its rotation function removed the label, as AWS's
      templates do) gains a label, and with 20 already that is a 21st. RotateSecret then
      answers LimitExceededException with PutSecretValue's text and changes nothing. Assumed
      [INF]: the model does not declare LimitExceededException for RotateSecret, but neither
      does it declare the AccessDeniedException recorded from RotateSecret; and the version
      exists when RotateSecret answers (its VersionId is the reply's, and createSecret already
      finds it labelled AWSPENDING [REC, moto aws_verified]), so a refusal of that write can
      only be RotateSecret's own answer.
    * Retention. A rotation's version that would be the 101st is made room for as any other
      is: the oldest versions that carry no label (counting the labels as they will be) and
      are at least 24 hours old are removed [DOC]; when none can be, LimitExceededException
      "You can't create more than 100 versions..." and nothing changes [INF, as for
      PutSecretValue]. AWSPENDING only ever moves off the AWSCURRENT version here (any other
      holder is an unfinished rotation, refused earlier), so no version loses its last label.

    Assumed [INF]: a retried token that names an existing version reuses it rather than
    making another ("prevent the accidental creation of duplicate versions" [DOC]).
    """
    if token in secret.versions:
        if secret.labels.get(AWSCURRENT) != token:
            label_version(secret, token, [AWSPENDING])
        return False
    add_version(
        secret,
        SecretVersion(
            version_id=token,
            created_at=Instant(now),
            # The same sealed value, under the same keys (assumed [INF]).
            value=value_of.value if value_of is not None else None,
        ),
        [AWSPENDING],
        now,
    )
    return True


def _rotation_run(
    engine: Rotations,
    secret: Secret,
    function_arn: str,
    token: str,
    now: float,
    trigger: Trigger,
    due: DueWindow | None = None,
) -> RotationRun:
    """A full rotation: the empty AWSPENDING version first, then the four steps.

    "the AWSPENDING version with no value": GetSecretValue on it answers
    ResourceNotFoundException until createSecret puts a value [REC, moto aws_verified].
    Raises LimitExceededException, with nothing changed, when AWS's quotas leave no room.
    ``due``: the window a scheduled rotation runs for.
    """
    open_pending_version(secret, token, now)
    record = _record(engine, secret, function_arn, token, trigger)
    return _run(engine, record, STEPS, partial(_finish_rotation, engine, secret, due))


def _refused_run(
    engine: Rotations,
    secret: Secret,
    function_arn: str,
    token: str,
    error: SecretsManagerError,
    due: DueWindow | None,
) -> RotationRun:
    """A scheduled rotation that could not start: it fails before any step, changing nothing
    but the schedule (it is tried again, see _queue_retry)."""
    record = _record(engine, secret, function_arn, token, "scheduled")
    return RotationRun(
        record=record,
        function=None,
        invoked=None,
        steps=(),
        finish=partial(_finish_rotation, engine, secret, due),
        unavailable=error,
    )


def _reattempt_run(
    engine: Rotations,
    secret: Secret,
    function_arn: str,
    pending: str,
    due: DueWindow | None = None,
) -> RotationRun:
    """The four steps again, for the version an unfinished rotation left with AWSPENDING."""
    record = _record(engine, secret, function_arn, pending, "reattempt")
    return _run(engine, record, STEPS, partial(_finish_rotation, engine, secret, due))


def _reattempt_later(
    engine: Rotations, secret: Secret, pending: str
) -> Callable[[], object] | None:
    rotation = secret.rotation
    if rotation is None or not rotation.enabled or rotation.lambda_arn is None:
        return None  # nothing would reattempt it: no rotation is configured and turned on
    if secret.arn in engine.rotating:
        return None  # it is running now (its own function called RotateSecret)
    return partial(engine.run, _reattempt_run(engine, secret, rotation.lambda_arn, pending))


@dataclass(frozen=True, slots=True)
class DueWindow:
    """The window a scheduled rotation runs for: the last second of it (the date its entry was
    queued for), and whether windows missed after it may still be made up for in this pass.

    A due entry queued when its date had already passed has none (prepare_due_rotation): that
    window was not missed by a rotation that was on (RotateSecret with RotateImmediately false
    counting from a long-past rotation, RestoreSecret after the date). Assumed [INF]: AWS
    rotates then, as "the previously scheduled rotation might still occur" [DOC RotateSecret],
    and makes up no window of the time rotation was off or the secret deleted, so the rotation
    counts when it runs.
    """

    latest: float
    catch_up: bool


def _finish_rotation(
    engine: Rotations, secret: Secret, due: DueWindow | None, succeeded: bool, now: float
) -> None:
    """After the steps: a finished rotation sets LastRotatedDate and plans the next one.

    A failed one leaves the version with AWSPENDING and AWSCURRENT where it was, and is tried
    again at a later window (see _queue_retry).

    A scheduled rotation counts as done in the window it was due in, however late the mock's
    clock noticed it: NextRotationDate is "the latest date that rotation will occur" [DOC], so
    LastRotatedDate is that date (Assumed [INF]: the window's last second) and the next window
    counts from it. A next window that has passed too is due at once: run_due runs it, and so
    on until the next date is ahead. Past MAX_MISSED_WINDOWS rotations of the secret in one
    pass, the rest are skipped: that rotation counts as done now, as the next window does.
    """
    rotation = secret.rotation
    if rotation is None:
        return
    if not succeeded:
        _queue_retry(engine, secret, rotation, due, now)
        return
    counted, plan = _counted_and_next(rotation, due, now)
    try:
        finished = Instant(counted)
    except InternalServiceError:
        return  # a clock past year 9999: no date to record (see Instant)
    rotation.last_rotated_at = finished
    if rotation.enabled:
        plan_next_rotation(engine, secret, plan)
    propagate(cast(Backend, engine.host), secret, now)  # the new versions reach the replicas


def _queue_retry(
    engine: Rotations, secret: Secret, rotation: RotationConfig, due: DueWindow | None, now: float
) -> None:
    """Queue a failed rotation's next attempt at the next window of the schedule.

    "If rotation fails, Secrets Manager retries the entire rotation process multiple times. If
    rotation is unsuccessful, this date may be in the past" [DOC DescribeSecret
    NextRotationDate]; "That rotation will be reattempted" [DOC, REC RotateSecret's refusal].
    Assumed [INF]: the next attempt comes at the next window, counted from the window that
    failed (from the time it ran for one that was not a window's), and runs the four steps on
    the version the failed one left AWSPENDING (prepare_due_rotation reattempts it); until a
    rotation succeeds NextRotationDate keeps the failed date, so only the schedule's entry
    moves. A rotation still queued (the next window RotateSecret planned when its immediate
    rotation failed) is that attempt already. Windows skipped are made up as for a success.
    """
    if not rotation.enabled or rotation.schedule_key is not None:
        return
    _, retry = _counted_and_next(rotation, due, now)
    if retry is not None:
        rotation.schedule_key = engine.queue(retry.at.epoch, secret.arn)


def _counted_and_next(
    rotation: RotationConfig, due: DueWindow | None, now: float
) -> tuple[float, NextRotation | None]:
    """When a rotation that ended ``now`` counts, and the window after it.

    It counts in the window it was due in (``due``), or now when it had none. Once this pass
    may make up no more missed windows, a next window that has passed too is skipped: the
    rotation counts now and the next window is the first after now. No next window (None) when
    rotation is off, or when it would fall past year 9999, a date no reply can carry (see
    Instant): no caller waits for this answer, so the rotation stands and none is planned
    (Assumed [INF]: the mock cannot know what AWS would plan past datetime's range).
    """
    counted = now if due is None else min(due.latest, now)
    try:
        plan = _next_of(rotation, counted)
        if due is not None and not due.catch_up and plan is not None and plan.at.epoch <= now:
            counted, plan = now, _next_of(rotation, now)
    except InternalServiceError:
        plan = None
    return counted, plan


def _next_of(rotation: RotationConfig, after: float) -> NextRotation | None:
    """The next rotation the stored rules plan after ``after``; None when rotation is off."""
    if not rotation.enabled:
        return None
    schedule = parse_rules(rotation.rules) if rotation.rules else None
    return next_rotation(schedule, rotation.rules, after)


def _test_run(
    engine: Rotations, secret: Secret, function_arn: str, token: str, now: float
) -> RotationRun:
    """RotateImmediately=false: only testSecret, on a short-lived AWSPENDING version.

    "Secrets Manager tests the rotation configuration by running the testSecret step of the
    Lambda rotation function. This test creates an AWSPENDING version of the secret and then
    removes it" [DOC RotateSecret]. In moto's run against AWS that version carried the current
    value [REC, moto aws_verified, flaky], so testSecret tests the AWSCURRENT value under the
    new token. Assumed [INF]: the version is removed whatever testSecret does, and an
    AWSPENDING label it displaced (one left on AWSCURRENT by a finished rotation) comes back.
    """
    displaced = secret.labels.get(AWSPENDING)
    # A real version while it lasts: the same quotas apply (see open_pending_version).
    created = open_pending_version(secret, token, now, secret.version_for_label(AWSCURRENT))

    def finish(succeeded: bool, now: float) -> None:
        if secret.labels.get(AWSPENDING) == token:
            secret.detach_label(AWSPENDING)
        if created and token not in secret.labels.values():
            secret.versions.pop(token, None)
        if (
            displaced is not None
            and AWSPENDING not in secret.labels
            and displaced in secret.versions
        ):
            secret.labels[AWSPENDING] = displaced

    record = _record(engine, secret, function_arn, token, "test")
    return _run(engine, record, ("testSecret",), finish)


HANDLERS: dict[str, Handler] = {
    "RotateSecret": rotate_secret,
    "CancelRotateSecret": cancel_rotate_secret,
}

RULES: dict[str, Rules] = {
    # Recorded against AWS (2023-05): without a token RotateSecret answers
    # InvalidParameterException, where the other writes answer InvalidRequestException.
    "RotateSecret": (client_request_token(missing=NO_TOKEN_ROTATE), secret_id),
    "CancelRotateSecret": (secret_id,),
}
