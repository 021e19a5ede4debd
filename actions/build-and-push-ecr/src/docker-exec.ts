import { DockerMissingError, type Docker } from './docker';

/** The docker CLI through @actions/exec (output streamed to the log unless quiet). */
export async function execDocker(): Promise<Docker> {
  const { exec } = await import('@actions/exec');
  return {
    async run(args, options = {}) {
      let output = '';
      const collect = (chunk: Buffer): void => {
        output += chunk.toString('utf8');
      };
      try {
        const code = await exec('docker', args, {
          ignoreReturnCode: true,
          silent: options.quiet ?? false,
          input: options.input === undefined ? undefined : Buffer.from(options.input, 'utf8'),
          listeners: { stdout: collect, stderr: collect },
        });
        return { code, output };
      } catch (err) {
        if (/Unable to locate executable file|ENOENT/.test((err as Error).message)) throw new DockerMissingError((err as Error).message);
        throw err;
      }
    },
  };
}
