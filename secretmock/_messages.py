"""Every AWS error message the mock answers with, defined once: code, HTTP status, text, evidence.

A raise site names the definition and fills in its fields::

    raise SECRET_EXISTS.error(name=name)

docs/error-catalogue.md is generated from these definitions when the docs are built
(docs/_ext/error_catalogue.py): each one is listed in the catalogue sections it names, with
``when`` and ``evidence`` as written here. In ``text``, ``{field}`` stands for a value of the
request; the catalogue shows it in italics.

Evidence, strongest first: REC recorded against AWS, USER quoted by users from AWS, DOC AWS's
documentation or botocore's model, PEER other emulators' answers, INF our inference.
"""

from __future__ import annotations

from dataclasses import dataclass

from secretmock.errors import (
    AccessDeniedException,
    DecryptionFailure,
    EncryptionFailure,
    InternalServiceError,
    InvalidNextTokenException,
    InvalidParameterException,
    InvalidRequestException,
    LimitExceededException,
    MalformedPolicyDocumentException,
    MissingAuthenticationTokenException,
    PublicPolicyException,
    ResourceExistsException,
    ResourceNotFoundException,
    SecretsManagerError,
    SerializationException,
    ValidationException,
)


@dataclass(frozen=True, slots=True)
class Message:
    """One AWS error message: the exception (code and HTTP status), its text and evidence."""

    exception: type[SecretsManagerError]
    text: str
    when: str
    evidence: str
    sections: tuple[str, ...]

    @property
    def code(self) -> str:
        return self.exception.code

    @property
    def http_status(self) -> int:
        return self.exception.http_status

    def error(self, **fields: object) -> SecretsManagerError:
        """The error to raise, its fields filled in."""
        return self.exception(self.text.format(**fields) if fields else self.text)


WRITES = ("CreateSecret", "PutSecretValue", "UpdateSecret")

# -- reading a request botocore did not validate -------------------------------------------------

# -- authenticating a request ---------------------------------------------------------------------

MISSING_AUTHENTICATION_TOKEN = Message(
    MissingAuthenticationTokenException,
    "Missing Authentication Token",
    "The request has no signature: a client made with `Config(signature_version=UNSIGNED)`, "
    "or a call a `choose-signer` handler leaves unsigned (botocore's `disable_signing`), in "
    "process; an unsigned request to `secretmock serve --check-signatures`",
    "USER (aws/aws-sdk-cpp#2407: HTTP 400, the same 89-byte JSON body)",
    ("signing",),
)

TYPE_MISMATCH = Message(
    SerializationException,
    "{token} can not be converted to {target}",
    "A member of another JSON type than the model's: *token* is `NUMBER_VALUE`, "
    '`STRING_VALUE`, `TRUE_VALUE` or `FALSE_VALUE`, *target* "a String", "an Integer" '
    '(`MaxResults`), "a Long" (`RecoveryWindowInDays`, `PasswordLength`, '
    '`AutomaticallyAfterDays`), "a Boolean" or "a Blob". Also a number beyond what a Java '
    "Integer or Long holds, and a bool for an integer (botocore's validation lets both through)",
    "PEER (AWS's JSON services, measured by other emulators) for String and Integer; INF for "
    "Long, Boolean, Blob and numbers out of range",
    ("unvalidated",),
)
START_OF_LIST = Message(
    SerializationException,
    "Start of list found where not expected",
    "A list where the model wants a single value or a structure",
    "PEER",
    ("unvalidated",),
)
START_OF_STRUCTURE = Message(
    SerializationException,
    "Start of structure or map found where not expected.",
    "A dict where the model wants a single value or a list",
    "PEER",
    ("unvalidated",),
)
EXPECTED_LIST = Message(
    SerializationException,
    "Expected list or null",
    "A single value where the model wants a list (a body botocore does not write)",
    "INF",
    ("unvalidated",),
)
EXPECTED_NULL = Message(
    SerializationException,
    "Expected null",
    "A single value where the model wants a structure (a body botocore does not write)",
    "INF",
    ("unvalidated",),
)
INVALID_BASE64 = Message(
    SerializationException,
    "Base64 encoded value is not valid",
    "A blob that is not base64 (a body botocore does not write)",
    "INF",
    ("unvalidated",),
)
NON_NUMERIC = Message(
    SerializationException,
    "Non-standard token '{token}': enable JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS to allow",
    "NaN, Infinity or -Infinity for a number: Python's json writes them for a float, JSON has "
    "no such numbers",
    "INF (the text of Jackson, the JSON reader of AWS's Java services, by default)",
    ("unvalidated",),
)
LONE_SURROGATE = Message(
    SerializationException,
    "Invalid UTF-8: lone surrogate in a string value",
    'A string holding half of a UTF-16 surrogate pair ("\\ud800"), with or without '
    "botocore's validation: it is no character of the UTF-8 text AWS stores. A whole pair "
    "given as two code points is the one character AWS reads",
    "INF",
    ("unvalidated",),
)
TOO_DEEP = Message(
    SerializationException,
    "Document nesting depth exceeds the maximum allowed",
    "A body nested deeper than a JSON parser follows",
    "INF",
    ("unvalidated",),
)
VALIDATION_ERRORS = Message(
    ValidationException,
    "{count} validation {errors} detected: {violations}",
    "The request breaks constraints of the service model: lengths (`SecretString` in bytes of "
    "UTF-8), ranges, patterns, enums, and required members (which only a client without "
    'botocore\'s validation can leave out). Every violation is listed, joined with "; ", in '
    "the model's member order, a pattern before a length: \"Value '*value*' at '*member*' "
    'failed to satisfy constraint: *constraint*", "Value at \'*member*\'" for a sensitive '
    "member (`SecretString`, `SecretBinary`, `RotationToken`), \"Value null at '*member*' "
    'failed to satisfy constraint: Member must not be null" for a missing one. A list of '
    "strings (`TagKeys`, `VersionStages`, `SecretIdList`, filter values) is reported as a "
    'whole: "Member must satisfy constraint: [*every constraint of its items*]"; a list of '
    'structures by item ("tags.2.member.key")',
    "REC (one violation); USER (a sensitive member; several violations, their order and lists "
    "as a whole in other AWS services); PEER (a missing member); INF (the same in Secrets "
    "Manager)",
    ("unvalidated", "secret-id"),
)

# -- every operation that takes a SecretId -------------------------------------------------------

INVALID_NAME = Message(
    ValidationException,
    "Invalid name. Must be a valid name containing alphanumeric characters, or any of the "
    "following: -/_+=.@!",
    "A `Name` or a `SecretId` that is not a secret's ARN uses a character outside "
    "`A-Za-z0-9/_+=.@-` (the message lists `!`, which is not allowed); an ARN without a secret "
    "name, or another service's, breaks it with its colons",
    "REC; USER (an ARN without the secret's name, external-secrets/kubernetes-external-secrets#84)",
    ("secret-id",),
)
SECRET_NOT_FOUND = Message(
    ResourceNotFoundException,
    "Secrets Manager can't find the specified secret.",
    "No secret has that name, full ARN or partial ARN; an ARN with a wrong suffix; a name with "
    "the ARN suffix appended; the partial ARN of a name that itself ends in `-` and six "
    "characters; a secret whose deletion date has passed",
    "REC",
    ("secret-id", "DeleteSecret"),
)
MARKED_FOR_DELETION = Message(
    InvalidRequestException,
    "You can't perform this operation on the secret because it was marked for deletion.",
    "The secret is scheduled for deletion and the operation reads or changes it (all but "
    "DescribeSecret, DeleteSecret with ForceDeleteWithoutRecovery, RestoreSecret and "
    "ListSecretVersionIds)",
    "USER (GetSecretValue, GetResourcePolicy), REC (TagResource, UntagResource); INF for the "
    "others, whose model names this cause",
    ("secret-id",),
)

# -- CreateSecret, PutSecretValue, UpdateSecret --------------------------------------------------

NO_TOKEN = Message(
    InvalidRequestException,
    "You must provide a ClientRequestToken value. We recommend a UUID-type value.",
    "A raw request without `ClientRequestToken` (SDKs always send one); answered before the "
    "secret is looked up",
    "REC (LocalStack snapshot test_no_client_request_token, 2023-05-12, signed raw requests)",
    WRITES,
)
TOKEN_LENGTH = Message(
    InvalidParameterException,
    "ClientRequestToken must be {low}-{high} characters long.",
    "A token outside the model's 32-64 characters (botocore refuses one under 32); RotateSecret "
    "too",
    "PEER (moto's text); INF (that AWS answers it rather than a ValidationException)",
    (*WRITES, "rotation"),
)
BOTH_VALUES = Message(
    InvalidParameterException,
    "You can't specify both a binary secret value and a string secret value in the same secret.",
    "Both `SecretString` and `SecretBinary`",
    "PEER",
    WRITES,
)
SECRET_EXISTS = Message(
    ResourceExistsException,
    "The operation failed because the secret {name} already exists.",
    "The name is taken and the token is not one of that secret's versions",
    "REC",
    ("CreateSecret",),
)
TOKEN_IN_USE = Message(
    ResourceExistsException,
    "You can't use ClientRequestToken {token} because that value is already in use for a "
    "version of secret {arn}.",
    "The token is a version of the secret with another value (the same value again is a "
    "retry, answered as the first call was)",
    "REC",
    WRITES,
)
SCHEDULED_NAME = Message(
    InvalidRequestException,
    "You can't create this secret because a secret with this name is already scheduled for "
    "deletion.",
    "The name belongs to a secret scheduled for deletion",
    "REC",
    ("CreateSecret",),
)
NO_VALUE_GIVEN = Message(
    InvalidRequestException,
    "You must provide either SecretString or SecretBinary.",
    "PutSecretValue with neither value",
    "PEER (moto's text and code)",
    ("PutSecretValue",),
)
TOO_MANY_LABELS = Message(
    LimitExceededException,
    "You can't attach more than {quota} staging labels to the versions of a secret.",
    "The labels as they would be after the change number more than 20 (moving AWSCURRENT adds "
    "AWSPREVIOUS; a rotation's version adds AWSPENDING unless it moves off AWSCURRENT); "
    "nothing is changed",
    "DOC (quota); INF (text, and that RotateSecret answers it)",
    ("PutSecretValue", "UpdateSecret", "UpdateSecretVersionStage", "rotation"),
)
TOO_MANY_VERSIONS = Message(
    LimitExceededException,
    "You can't create more than {quota} versions of a secret. Secrets Manager removes versions "
    "without staging labels only once they are 24 hours old.",
    "The secret has 100 versions and none is both unlabelled and 24 hours old; nothing is changed",
    "DOC (rule); INF (refusal and text)",
    ("PutSecretValue", "UpdateSecret", "rotation"),
)

# -- GetSecretValue ------------------------------------------------------------------------------

NO_VALUE_FOR_STAGE = Message(
    ResourceNotFoundException,
    "Secrets Manager can't find the specified secret value for staging label: {stage}",
    "No version carries the label (AWSCURRENT when none is asked for, including a secret "
    "without a value), or the version that carries it has no value",
    "REC",
    ("GetSecretValue",),
)
NO_VALUE_FOR_VERSION = Message(
    ResourceNotFoundException,
    "Secrets Manager can't find the specified secret value for VersionId: {version_id}",
    "No version has that id, or it has no value (also UpdateSecretVersionStage's "
    "`MoveToVersionId` and `RemoveFromVersionId`)",
    "REC (GetSecretValue); INF (UpdateSecretVersionStage)",
    ("GetSecretValue", "UpdateSecretVersionStage"),
)
STAGE_NOT_ON_VERSION = Message(
    InvalidRequestException,
    "You provided a VersionStage that is not associated to the provided VersionId.",
    "`VersionId` and `VersionStage` given, and that version does not carry that label",
    "REC",
    ("GetSecretValue",),
)

# -- DeleteSecret --------------------------------------------------------------------------------

RECOVERY_WINDOW_RANGE = Message(
    InvalidParameterException,
    "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).",
    "`RecoveryWindowInDays` outside 7-30 (checked first)",
    "PEER (moto's and LocalStack's text)",
    ("DeleteSecret",),
)
FORCE_AND_WINDOW = Message(
    InvalidParameterException,
    "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
    "Both given",
    "PEER (moto's and LocalStack's text)",
    ("DeleteSecret",),
)
ALREADY_DELETED = Message(
    InvalidRequestException,
    "You tried to perform the operation on a secret that's currently marked deleted.",
    "A second scheduling delete of a secret already scheduled",
    "PEER (moto's and LocalStack's text)",
    ("DeleteSecret",),
)

# -- NextToken -----------------------------------------------------------------------------------

INVALID_NEXT_TOKEN = Message(
    InvalidNextTokenException,
    "The NextToken value is invalid.",
    "A `NextToken` the mock did not issue, or issued for another secret, operation or sort; "
    "for BatchGetSecretValue by id list and for ListResourcePolicies, any token",
    "DOC (the model's description of the error); INF (as its text)",
    ("ListSecretVersionIds", "listing", "policies"),
)

# -- UpdateSecretVersionStage --------------------------------------------------------------------

MUST_NAME_HOLDER = Message(
    InvalidParameterException,
    "The parameter RemoveFromVersionId can't be empty. Staging label {stage} is currently "
    "attached to version {holder}, so you must explicitly reference that version in "
    "RemoveFromVersionId.",
    "The label is on another version and `RemoveFromVersionId` is missing",
    "REC (for AWSCURRENT); INF (for other labels)",
    ("UpdateSecretVersionStage",),
)
WRONG_HOLDER = Message(
    InvalidParameterException,
    "When you move staging label {stage}, if you specify RemoveFromVersionId, it must be set to "
    "the version that currently has the staging label {stage}.",
    "`RemoveFromVersionId` names a version that does not carry the label while another one does",
    "DOC (the refusal); PEER (text, floci)",
    ("UpdateSecretVersionStage",),
)
CANNOT_REMOVE_CURRENT = Message(
    InvalidParameterException,
    "You can only move staging label AWSCURRENT to a different secret version. It can't be "
    "completely removed.",
    "`AWSCURRENT` with `RemoveFromVersionId` and no `MoveToVersionId`",
    "INF",
    ("UpdateSecretVersionStage",),
)
NOTHING_TO_DO = Message(
    InvalidParameterException,
    "You must specify MoveToVersionId or RemoveFromVersionId.",
    "Neither given",
    "INF",
    ("UpdateSecretVersionStage",),
)

# -- tags ----------------------------------------------------------------------------------------

SYSTEM_TAG = Message(
    InvalidParameterException,
    "You can't modify system tags. Tag key: '{key}'.",
    "A key starting with `aws:` (any case), in TagResource, UntagResource or CreateSecret",
    "USER (TagResource, cloud-custodian/cloud-custodian#9093); DOC (UntagResource refuses "
    "such keys); INF (UntagResource's and CreateSecret's text, and that any case is "
    "refused)",
    ("tags", "CreateSecret"),
)
TOO_MANY_TAGS = Message(
    InvalidParameterException,
    "A secret can have at most {quota} tags.",
    "More than 50 user tags after the change (`aws:` keys do not count)",
    "DOC (AWS's general tagging quota); INF (text; the model declares "
    "InvalidParameterException and no LimitExceededException for TagResource)",
    ("tags", "CreateSecret"),
)
MISSING_KEY = Message(
    InvalidParameterException,
    "Every tag must have a Key.",
    "A tag without `Key` (the model does not require one)",
    "INF",
    ("tags", "CreateSecret"),
)

# -- ListSecrets and BatchGetSecretValue ---------------------------------------------------------

NO_FILTER_KEY = Message(
    InvalidParameterException,
    "Invalid filter key",
    "A filter without `Key`",
    "PEER (moto's text)",
    ("listing",),
)
NO_FILTER_VALUES = Message(
    InvalidParameterException,
    "Invalid filter values for key: {key}",
    "A filter without values",
    "PEER (moto's text)",
    ("listing",),
)
IDS_OR_FILTERS = Message(
    InvalidParameterException,
    "Either 'SecretIdList' or 'Filters' must be provided, but not both.",
    "BatchGetSecretValue with both, or neither",
    "PEER (moto's and other emulators' text); INF (the same answer for neither)",
    ("listing",),
)
MAX_RESULTS_NEEDS_FILTERS = Message(
    InvalidParameterException,
    "'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided.",
    "BatchGetSecretValue with an id list and `MaxResults`",
    "PEER (moto's and other emulators' text)",
    ("listing",),
)

# -- GetRandomPassword ---------------------------------------------------------------------------

TYPE_EXCLUDED = Message(
    InvalidParameterException,
    "All characters of the desired type have been excluded.",
    "`RequireEachIncludedType` and every character of an included type is excluded",
    "USER (through CloudFormation's GenerateSecretString, go-to-k/cdkd#3086, 2026-09-14); "
    "INF (the period)",
    ("GetRandomPassword",),
)
ALL_EXCLUDED = Message(
    InvalidParameterException,
    "All characters have been excluded from selection.",
    "No character is left to choose from",
    "USER (go-to-k/cdkd#3086); INF (the period)",
    ("GetRandomPassword",),
)
PASSWORD_TOO_SHORT = Message(
    InvalidParameterException,
    "Password length is too short based on the required types.",
    "`PasswordLength` is shorter than the number of required types",
    "USER (go-to-k/cdkd#3086); PEER (moto copied it from a real botocore error)",
    ("GetRandomPassword",),
)

# -- resource policies ---------------------------------------------------------------------------

INVALID_SYNTAX = Message(
    MalformedPolicyDocumentException,
    "This resource policy contains a syntax error.",
    "The policy is not valid IAM policy JSON (nested deeper than a parser follows included)",
    "DOC (old Secrets Manager user guide); USER (PutResourcePolicy, "
    "hashicorp/terraform-provider-aws#28609 in 2022, "
    "terraform-aws-modules/terraform-aws-secrets-manager#2 in 2023); INF (for every grammar "
    'error: an unknown Version was answered "This policy has invalid syntax." in 2020, an '
    "older text)",
    ("policies",),
)
UNSUPPORTED_PRINCIPAL = Message(
    MalformedPolicyDocumentException,
    "This resource policy contains an unsupported principal.",
    "A principal form AWS does not accept",
    "USER (the text terraform-provider-aws retries on, there for a principal that does "
    "not exist yet); INF (the trailing period)",
    ("policies",),
)
INVALID_SERVICE_PRINCIPAL = Message(
    MalformedPolicyDocumentException,
    "This resource policy contains an invalid service principal.",
    "A Service principal that is not a service's DNS name (no dot, a wildcard)",
    "DOC (old Secrets Manager user guide, for invalidservice.amazonaws.com); INF (which names "
    "AWS refuses: it knows its services, the mock checks only the form)",
    ("policies",),
)
PUBLIC_POLICY = Message(
    PublicPolicyException,
    "The BlockPublicPolicy parameter is set to true, and the resource policy did not prevent "
    "broad access to the secret.",
    "`BlockPublicPolicy` and a statement that grants broad access",
    "DOC (the model's description); INF (as text)",
    ("policies",),
)
ONLY_DEFAULT = Message(
    InvalidParameterException,
    "You can only modify the resource policy named default.",
    "Put or Delete with another `PolicyName`",
    "DOC (rule); INF (text)",
    ("policies",),
)
NO_SUCH_POLICY = Message(
    ResourceNotFoundException,
    "Secrets Manager can't find the specified resource policy.",
    "Get with another `PolicyName`",
    "DOC (rule); INF (text)",
    ("policies",),
)

# -- RotateSecret and CancelRotateSecret ---------------------------------------------------------

NO_FUNCTION = Message(
    InvalidRequestException,
    "No Lambda rotation function ARN is associated with this secret.",
    "RotateSecret with no function given or stored",
    "REC (LocalStack snapshot 2025-03)",
    ("rotation",),
)
CANNOT_INVOKE = Message(
    AccessDeniedException,
    "Secrets Manager cannot invoke the specified Lambda function. Ensure that the function "
    "policy grants access to the principal secretsmanager.amazonaws.com.",
    "The function is not one the mock can run (none registered under that ARN); nothing is stored",
    "REC (LocalStack snapshot 2024-03: the secret was left unchanged)",
    ("rotation",),
)
PREVIOUS_INCOMPLETE = Message(
    InvalidRequestException,
    "A previous rotation isn't complete. That rotation will be reattempted.",
    "AWSPENDING is on a version other than AWSCURRENT",
    "USER (hashicorp/terraform-provider-aws#35023, aws/aws-cdk#28539)",
    ("rotation",),
)
CANCEL_WITHOUT_FUNCTION = Message(
    InvalidRequestException,
    "You tried to enable rotation on a secret that doesn't already have a Lambda function ARN "
    "configured and you didn't include such an ARN as a parameter in this call.",
    "CancelRotateSecret on a secret without a rotation function",
    "DOC (the model's cause of InvalidRequestException); PEER (moto); INF (as AWS's text)",
    ("rotation",),
)
NO_TOKEN_ROTATE = Message(
    InvalidParameterException,
    NO_TOKEN.text,
    "A raw RotateSecret without a token (SDKs always send one); answered before the secret is "
    "looked up. Note the code: the other writes answer `InvalidRequestException`",
    "REC (2023-05)",
    ("rotation",),
)
BOTH_SCHEDULES = Message(
    InvalidParameterException,
    "You cannot specify both rotation frequency and schedule expression together.",
    "`AutomaticallyAfterDays` and `ScheduleExpression` together",
    "USER (hashicorp/terraform-provider-aws#33329, #30540, PR #31915)",
    ("rotation",),
)
NO_SCHEDULE = Message(
    InvalidParameterException,
    "You must specify either AutomaticallyAfterDays or ScheduleExpression in RotationRules.",
    "`RotationRules` with only `Duration`",
    "INF",
    ("rotation",),
)
INVALID_EXPRESSION = Message(
    InvalidParameterException,
    "Invalid schedule expression {expression}: {reason}",
    "A `rate()` or `cron()` expression AWS cannot use (more often than every 4 hours, a rate "
    "longer than 999 days in days or in hours, a date that never comes, malformed)",
    "DOC (rules); INF (text)",
    ("rotation",),
)
DURATION_RANGE = Message(
    InvalidParameterException,
    "The rotation window duration {duration} must be between 1h and 24h.",
    "`Duration` outside 1h-24h",
    "DOC (rule); INF (text)",
    ("rotation",),
)
WINDOW_TOO_LONG = Message(
    InvalidParameterException,
    "The rotation window duration {duration}h is too long: the rotation window must not extend "
    "into the next UTC day or into the next rotation window.",
    "A window that runs into the next day or window",
    "DOC (rule); INF (text)",
    ("rotation",),
)

# -- the service side ------------------------------------------------------------------------------

DATE_OUT_OF_RANGE = Message(
    InternalServiceError,
    "An error occurred on the server side.",
    "A date the call would store or answer lies past 9999-12-31 (a mock clock near the end of "
    "the year 9999): botocore could not parse a reply carrying it, and the request broke no "
    "rule, so the call fails on the service side and changes nothing",
    "INF (the text is the model's description of InternalServiceError)",
    ("internal",),
)

# -- KMS keys ----------------------------------------------------------------------------------

_KMS_EVIDENCE = (
    "USER (the wrapper: hashicorp/terraform-provider-aws#13303); REC (the text of KMS, recorded by "
    "LocalStack's snapshot tests); INF (the two joined)"
)
KMS_INVALID_KEY_ID = Message(
    InvalidParameterException,
    "The operation failed because of an invalid KMS key: Invalid keyId",
    "CreateSecret or UpdateSecret with a `KmsKeyId` that is neither a key id, a key ARN, an "
    "alias name (`alias/NAME`) nor an alias ARN: an alias without its `alias/` prefix, say",
    "USER (hashicorp/terraform-provider-aws#13303, boto/boto3#1753)",
    ("kms",),
)
KMS_KEY_NOT_FOUND = Message(
    InvalidParameterException,
    "The operation failed because of an invalid KMS key: Key '{key_arn}' does not exist",
    "CreateSecret or UpdateSecret with a key id or key ARN that names no key in that account "
    "and the secret's Region (a key of another Region is not found either: INF); *key_arn* is "
    "the key's ARN",
    _KMS_EVIDENCE,
    ("kms",),
)
KMS_ALIAS_NOT_FOUND = Message(
    InvalidParameterException,
    "The operation failed because of an invalid KMS key: Alias {alias_arn} is not found.",
    "CreateSecret or UpdateSecret with an alias (name or ARN) that names no key; *alias_arn* "
    "is the alias's ARN",
    "USER (the wrapper, hashicorp/terraform-provider-aws#13303; the text of KMS, quoted by "
    "users); INF (the two joined)",
    ("kms",),
)
_KMS_TAIL = "(Service: AWSKMS; Status Code: 400; Error Code: {kms_code}; Request ID: {{request_id}}; Proxy: null)"
DECRYPT_DISABLED_KEY = Message(
    DecryptionFailure,
    "Secrets Manager can't decrypt the secret value: {key_arn} is disabled. "
    + _KMS_TAIL.format(kms_code="DisabledException"),
    "GetSecretValue, or one secret of BatchGetSecretValue (in `Errors`), when the key that "
    "encrypted the version is disabled; *request_id* is KMS's request id",
    "DOC (real CLI output quoted in the AWS GovCloud user guide)",
    ("kms",),
)
DECRYPT_KEY_PENDING_DELETION = Message(
    DecryptionFailure,
    "Secrets Manager can't decrypt the secret value: {key_arn} is pending deletion. "
    + _KMS_TAIL.format(kms_code="KMSInvalidStateException"),
    "As above, when the key is pending deletion",
    "USER (the wrapper, paraphrased); REC (the text of KMS); INF (the two joined)",
    ("kms",),
)
ENCRYPT_DISABLED_KEY = Message(
    EncryptionFailure,
    "Secrets Manager can't encrypt the secret value: {key_arn} is disabled. "
    + _KMS_TAIL.format(kms_code="DisabledException"),
    "CreateSecret with a value, PutSecretValue, UpdateSecret with a value, or UpdateSecret "
    "moving a secret with versions to a new key, when that key is disabled. Nothing changes",
    "USER (the wrapper: hashicorp/terraform-provider-aws#30272); INF (the disabled key's text, "
    "as for decrypting)",
    ("kms",),
)
ENCRYPT_KEY_PENDING_DELETION = Message(
    EncryptionFailure,
    "Secrets Manager can't encrypt the secret value: {key_arn} is pending deletion. "
    + _KMS_TAIL.format(kms_code="KMSInvalidStateException"),
    "As above, when the key is pending deletion",
    "USER (the wrapper: hashicorp/terraform-provider-aws#30272); REC (the text of KMS); INF",
    ("kms",),
)
ENCRYPT_KEY_NOT_FOUND = Message(
    EncryptionFailure,
    "Secrets Manager can't encrypt the secret value: Key '{key_arn}' does not exist "
    + _KMS_TAIL.format(kms_code="NotFoundException"),
    "PutSecretValue or UpdateSecret with a value, by a caller of another account, on a secret "
    "whose `KmsKeyId` is a key id: KMS looks it up in the caller's account (*key_arn*), where "
    "there is no such key. Nothing changes",
    "USER (hashicorp/terraform-provider-aws#30272, a cross-account PutSecretValue); INF (the "
    "tail after the request id)",
    ("kms",),
)
ENCRYPT_ALIAS_NOT_FOUND = Message(
    EncryptionFailure,
    "Secrets Manager can't encrypt the secret value: Alias {alias_arn} is not found. "
    + _KMS_TAIL.format(kms_code="NotFoundException"),
    "As above, for a `KmsKeyId` that is an alias name: the alias in the caller's account",
    "USER (the wrapper and the lookup, hashicorp/terraform-provider-aws#30272); INF (KMS's alias "
    "text in that wrapper)",
    ("kms",),
)
KMS_ACCESS_DENIED = Message(
    AccessDeniedException,
    "Access to KMS is not allowed",
    "The secret's KMS key policy does not allow the caller what Secrets Manager asks KMS for on "
    "its behalf: kms:Decrypt to read a value (GetSecretValue; BatchGetSecretValue lists it in "
    "`Errors`), kms:GenerateDataKey to write one (CreateSecret, PutSecretValue, UpdateSecret), "
    "kms:GenerateDataKey and kms:Decrypt when CreateSecret or UpdateSecret gives the secret a "
    "`KmsKeyId`. Nothing changes",
    "USER (andresriancho/aws-backup#5, external-secrets/external-secrets#390 and "
    "aws-samples/aws-secrets-manager-rotation-lambdas#53 on GetSecretValue; aws/aws-cdk#7677 on "
    "CreateSecret, with the code and status); DOC (the permissions: security-encryption); INF "
    "(which call gets it when)",
    ("kms",),
)
KMS_ACCESS_DENIED_OLD_KEY = Message(
    AccessDeniedException,
    "Access to KMS is not allowed. This version of secret is not encrypted with the current KMS "
    "key.",
    "Reading a version the caller may decrypt under none of its keys, when the secret's current "
    "key is not one of them (the version was not re-encrypted when the secret changed key)",
    "DOC (the text: re:Post Knowledge Center, secrets-manager-cross-account-key); INF (the code "
    "and when)",
    ("kms",),
)
DEFAULT_KEY_ACROSS_ACCOUNTS = Message(
    InvalidRequestException,
    "You can't access a secret from a different AWS account if you encrypt the secret with the "
    "default KMS service key.",
    "A caller of another account reads (GetSecretValue, BatchGetSecretValue per secret) or writes "
    "(PutSecretValue, UpdateSecret with a value) the value of a secret under the AWS managed key "
    'aws/secretsmanager, or UpdateSecret gives it that key (`KmsKeyId` "")',
    "REC (GetSecretValue and PutSecretValue, asserted by LocalStack's AWS-validated test); DOC "
    "(UpdateSecret: only callers of the secret's account can use aws/secretsmanager); INF "
    "(BatchGetSecretValue and UpdateSecret)",
    ("kms",),
)


# -- Accounts and resource policies (issue 10) -------------------------------------------------
# The IAM template "User: <caller> is not authorized to perform: <action> on resource:
# <resource> <reason>" [DOC IAM "Troubleshooting access denied error messages"]; the resource is
# the SecretId as the caller sent it (a name stays a name) [USER, several quotes].

NO_RESOURCE_POLICY_ALLOWS = Message(
    AccessDeniedException,
    "User: {caller} is not authorized to perform: {action} on resource: {resource} because no "
    "resource-based policy allows the {action} action",
    "A caller in another account, when the secret's resource policy does not allow it the "
    "action (or the secret has no policy, or does not exist)",
    "DOC (real CLI output of a cross-account GetSecretValue by ARN, quoted in the AWS GovCloud "
    "user guide)",
    ("policies",),
)
EXPLICIT_DENY_IN_RESOURCE_POLICY = Message(
    AccessDeniedException,
    "User: {caller} is not authorized to perform: {action} on resource: {resource} with an "
    "explicit deny in a resource-based policy",
    "A statement of the secret's resource policy denies the caller the action, in any account "
    "(the owner's included)",
    "USER (cloud-custodian/cloud-custodian#10055, a DescribeSecret denied by name); DOC (the IAM "
    "guide's template)",
    ("policies",),
)

# -- replication ---------------------------------------------------------------------------------

REPLICA_WRITE = Message(
    InvalidParameterException,
    "Operation not permitted on a replica secret. Call must be made in primary secret's region.",
    "A change to a replica (a Region replica, or a cross-account one until it is standalone): "
    "every operation that writes a secret, rotation included",
    "USER (DeleteSecret: gruntwork-io/cloud-nuke#435; PutResourcePolicy: "
    "lgallard/terraform-aws-secrets-manager#188); PEER (the other writes); INF for a "
    "cross-account replica",
    ("replication",),
)
INVALID_REPLICA_REGION = Message(
    InvalidParameterException,
    "Invalid replica region.",
    "A replica Region that is the secret's own Region, or a Region AWS does not have in the "
    "secret's partition (`AddReplicaRegions`)",
    "USER (the own Region: aws-samples/aws-health-aware#32); INF (an unknown Region)",
    ("replication",),
)
DELETE_WITH_REPLICAS = Message(
    InvalidParameterException,
    "You can't delete secret {arn} that still has replica regions [{regions}].",
    "DeleteSecret on a primary that still has Region replicas (*regions* joined by `, `)",
    "USER (gruntwork-io/cloud-nuke#435)",
    ("replication",),
)
DELETE_WITH_CROSS_ACCOUNT_REPLICA = Message(
    InvalidParameterException,
    "You can't delete secret {arn} that still has cross-account replicas [{replicas}].",
    "DeleteSecret on a primary with an associated cross-account replica",
    "INF (phrased like the Region-replica refusal; the model says DeleteSecret fails)",
    ("replication",),
)
NOT_A_REPLICA = Message(
    InvalidRequestException,
    "The secret {arn} is not a replica secret.",
    "StopReplicationToReplica on a secret that is not a replica",
    "INF (the model allows InvalidRequestException, and the text is unknown)",
    ("replication",),
)
CROSS_ACCOUNT_FORBIDDEN_MEMBER = Message(
    InvalidParameterException,
    "You can't specify {member} when you create a cross-account replica secret.",
    "CreateSecret with `CrossAccountPrimaryARN` and a value, Description, AddReplicaRegions or Type",
    "INF (the rule is DOC, the model's CrossAccountPrimaryARN; the text is unknown)",
    ("replication",),
)
CROSS_ACCOUNT_NEEDS_KEY = Message(
    InvalidParameterException,
    "You must specify a customer managed KMS key in KmsKeyId when you create a cross-account "
    "replica secret.",
    "CreateSecret with `CrossAccountPrimaryARN` and no KmsKeyId, or the AWS managed key",
    "INF (the rule is DOC; the text is unknown)",
    ("replication",),
)
CROSS_ACCOUNT_PLACE = Message(
    InvalidParameterException,
    "The primary secret {primary} and the replica secret {replica} must be in different "
    "accounts of the same Region and partition.",
    "`CrossAccountPrimaryARN` or `CrossAccountReplicaARN` in another Region or partition, or in "
    "the caller's own account",
    "INF (the rule is DOC; the text is unknown)",
    ("replication",),
)
CROSS_ACCOUNT_NOT_LINKED = Message(
    InvalidParameterException,
    "The secret {replica} is not a cross-account replica of the primary secret {primary}.",
    "AssociateCrossAccountReplica or DisassociateCrossAccountReplica with a replica that was not "
    "created for (or associated with) this primary",
    "INF (the rule is DOC; the text is unknown)",
    ("replication",),
)
CROSS_ACCOUNT_ONE_REPLICA = Message(
    LimitExceededException,
    "The primary secret {primary} already has a cross-account replica.",
    "AssociateCrossAccountReplica on a primary already associated with another replica",
    "INF (at most one replica per primary is DOC; the text is unknown)",
    ("replication",),
)
