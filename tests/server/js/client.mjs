// The AWS SDK for JavaScript v3 against a secretmock server (tests/server/test_js_client.py).
// Reads the endpoint from SECRETMOCK_ENDPOINT and the credentials from the environment; prints
// one JSON document with what each call answered, for the Python test to check.
import {
  SecretsManagerClient,
  CreateSecretCommand,
  PutSecretValueCommand,
  GetSecretValueCommand,
  DescribeSecretCommand,
  ListSecretsCommand,
} from "@aws-sdk/client-secrets-manager";

const client = new SecretsManagerClient({
  endpoint: process.env.SECRETMOCK_ENDPOINT,
  region: "eu-central-1",
  maxAttempts: 1,
});

const created = await client.send(
  new CreateSecretCommand({ Name: "js-secret", SecretString: "from node" }),
);
const put = await client.send(
  new PutSecretValueCommand({
    SecretId: "js-secret",
    SecretBinary: new Uint8Array([0, 1, 2, 255]),
  }),
);
const value = await client.send(new GetSecretValueCommand({ SecretId: "js-secret" }));
const previous = await client.send(
  new GetSecretValueCommand({ SecretId: "js-secret", VersionStage: "AWSPREVIOUS" }),
);
const described = await client.send(new DescribeSecretCommand({ SecretId: created.ARN }));
const listed = await client.send(new ListSecretsCommand({}));
let error;
try {
  await client.send(new GetSecretValueCommand({ SecretId: "no-such-secret" }));
} catch (caught) {
  error = {
    name: caught.name,
    message: caught.message,
    status: caught.$metadata.httpStatusCode,
    requestId: caught.$metadata.requestId,
  };
}

console.log(
  JSON.stringify({
    created: { ARN: created.ARN, Name: created.Name, VersionId: created.VersionId },
    put: { ARN: put.ARN, VersionId: put.VersionId, VersionStages: put.VersionStages },
    value: {
      VersionId: value.VersionId,
      SecretBinary: Array.from(value.SecretBinary),
      hasString: value.SecretString !== undefined,
      createdIsDate: value.CreatedDate instanceof Date,
      CreatedDate: value.CreatedDate.getTime(),
    },
    previous: { SecretString: previous.SecretString, VersionStages: previous.VersionStages },
    described: {
      Name: described.Name,
      VersionIdsToStages: described.VersionIdsToStages,
      lastChangedIsDate: described.LastChangedDate instanceof Date,
    },
    listed: listed.SecretList.map((secret) => secret.Name),
    error,
  }),
);
