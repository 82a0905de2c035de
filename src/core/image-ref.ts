/**
 * An image reference in the form the engine lists it (`RepoTags`, `RepoDigests`): Docker Hub's
 * `docker.io/` and `library/` dropped, `:latest` added when neither tag nor digest is given, so
 * `docker.io/library/busybox` and `busybox:latest` compare equal.
 */
export function normalizeImageRef(ref: string): string {
  const at = ref.indexOf('@');
  let name = at >= 0 ? ref.slice(0, at) : ref;
  const digest = at >= 0 ? ref.slice(at) : '';
  let tag = '';
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) {
    tag = name.slice(colon);
    name = name.slice(0, colon);
  }
  name = name.replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '');
  const first = name.split('/')[0] ?? '';
  const hasRegistry = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry && /^library\/[^/]+$/.test(name)) name = name.slice('library/'.length);
  // A digest pins the image: the engine ignores a tag written next to it.
  if (digest) return `${name}${digest}`;
  return `${name}${tag || ':latest'}`;
}
