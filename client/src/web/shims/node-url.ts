/** `node:url` for the web-worker build: the two helpers server/src/lsp/uri.ts uses. */
export function fileURLToPath(url: string | URL): string {
  const u = typeof url === 'string' ? new URL(url) : url;
  if (u.protocol !== 'file:') throw new TypeError('The URL must be of scheme file');
  return decodeURIComponent(u.pathname);
}

export function pathToFileURL(path: string): URL {
  return new URL('file://' + encodeURI(path).replace(/[?#]/g, encodeURIComponent));
}

export default { fileURLToPath, pathToFileURL };
