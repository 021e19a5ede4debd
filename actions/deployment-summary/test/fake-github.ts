// The fake GitHub is shared with the gate and the end-to-end tests.
export * from '../../../test/helpers/fake-github';
