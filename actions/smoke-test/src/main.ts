/** The entry: the smoke test's parts (smoke.ts) through the kit's one lifecycle. */
import { runAction } from '@mlship/action-kit/lifecycle';
import { smokeParts } from './smoke';

void runAction(smokeParts(process.env));
