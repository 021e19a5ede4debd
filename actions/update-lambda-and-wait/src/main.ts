import { InputReader, loadToolkit, runMain } from '@mlship/action-kit';

runMain(async () => {
  const reader = new InputReader();
  reader.required('function-name', { example: 'function-name: my-function' });
  const kit = await loadToolkit();
  kit.log.info('skeleton');
});
