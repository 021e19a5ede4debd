export function actionYmlDefaults(actionYml: URL | string): Record<string, string>;
