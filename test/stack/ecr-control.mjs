// The ECR control plane (moto) as the stack services see it: which
// repositories exist, their tag mutability, and registering pushed manifests.
import { ECRClient, DescribeImagesCommand, DescribeRepositoriesCommand, PutImageCommand } from '@aws-sdk/client-ecr';
import { TEST_CREDENTIALS } from '../support/moto.mjs';

export function ecrControl({ endpoint, region = 'us-east-1', accountId = '123456789012' }) {
  const client = new ECRClient({
    region,
    endpoint,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 2,
  });

  /** The repository as moto knows it, or null when it does not exist. */
  async function repository(name) {
    try {
      const out = await client.send(new DescribeRepositoriesCommand({ repositoryNames: [name], registryId: accountId }));
      return out.repositories?.[0] ?? null;
    } catch (error) {
      if (error?.name === 'RepositoryNotFoundException') return null;
      throw error;
    }
  }

  /** ECR's own view decides, as it does on AWS: a repository deleted and created again starts empty. */
  async function tagExists(name, tag) {
    try {
      const out = await client.send(
        new DescribeImagesCommand({ repositoryName: name, registryId: accountId, imageIds: [{ imageTag: tag }] }),
      );
      return (out.imageDetails ?? []).length > 0;
    } catch (error) {
      if (error?.name === 'ImageNotFoundException') return false;
      throw error;
    }
  }

  async function putImage({ repo, digest, mediaType, manifest, tag }) {
    try {
      await client.send(
        new PutImageCommand({
          repositoryName: repo,
          registryId: accountId,
          imageManifest: manifest,
          imageManifestMediaType: mediaType,
          imageDigest: digest,
          ...(tag ? { imageTag: tag } : {}),
        }),
      );
      return 'registered';
    } catch (error) {
      // The same manifest and tag again (a re-push, or the notification arriving
      // after the proxy already registered it) is not an error for the bridge.
      if (error?.name === 'ImageAlreadyExistsException') return 'already-registered';
      throw error;
    }
  }

  return { repository, tagExists, putImage, destroy: () => client.destroy() };
}
