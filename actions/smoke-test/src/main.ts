import { InputReader, loadToolkit, runMain } from '@mlship/action-kit';

runMain(async () => {
  const reader = new InputReader();
  reader.required('url', { example: 'url: https://api.example.com/health' });
  const kit = await loadToolkit();
  kit.log.info('skeleton');
});
