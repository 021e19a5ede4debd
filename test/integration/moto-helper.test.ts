import { createLambdaRole, startMoto } from '../support/moto';

it('starts moto on a free port and creates the Lambda execution role', async () => {
  const moto = await startMoto();
  try {
    const arn = await createLambdaRole(moto.endpoint);
    expect(arn).toBe('arn:aws:iam::123456789012:role/lambda-exec');
  } finally {
    await moto.stop();
  }
});
