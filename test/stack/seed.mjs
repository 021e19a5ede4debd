// Seeds moto once it answers: Lambda invokes without Docker, and the Lambda
// execution role in IAM. Idempotent; prints the role ARN for up.sh.
import { IAMClient, CreateRoleCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import { TEST_CREDENTIALS } from '../support/moto.mjs';

const endpoint = process.env.STACK_MOTO_ENDPOINT;
const roleName = 'lambda-exec';

const res = await fetch(`${endpoint}/moto-api/config`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ lambda: { use_docker: false } }),
});
if (!res.ok) throw new Error(`moto config: HTTP ${res.status} ${await res.text()}`);

const iam = new IAMClient({ region: 'us-east-1', endpoint, credentials: TEST_CREDENTIALS });
let arn;
try {
  arn = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role.Arn;
} catch (error) {
  if (error?.name !== 'NoSuchEntity' && error?.name !== 'NoSuchEntityException') throw error;
  const trust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  };
  arn = (await iam.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role.Arn;
}
iam.destroy();
process.stdout.write(`${arn}\n`);
