/** Whether `<root>/dist/cli/loghop.js` was built from the files now on disk (see bundle-freshness.js). */
export function isBundleCurrent(root: string): boolean;
