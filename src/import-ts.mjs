// How a worker thread's entry (plain JavaScript) loads a TypeScript module. A worker does not
// always inherit the TypeScript loader of the thread that starts it (under tsx it does, under a
// test runner it may not), so when a plain import cannot read .ts this goes through tsx's tsImport.

/** The module at `specifier`, relative to `parentUrl` (the caller's import.meta.url). */
export async function importTs(specifier, parentUrl) {
  try {
    return await import(new URL(specifier, parentUrl).href);
  } catch (error) {
    if (error?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    const { tsImport } = await import('tsx/esm/api');
    return tsImport(specifier, parentUrl);
  }
}
