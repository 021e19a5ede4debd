import { InputReader, loadToolkit, runMain } from '@mlship/action-kit';

runMain(async () => {
  const reader = new InputReader();
  reader.required('title', { example: 'title: Deployment' });
  const kit = await loadToolkit();
  kit.log.info('skeleton');
});
