/**
 * The image reference check that `docker stack deploy` makes before deploying
 * (distribution/reference ParseAnyReference): `[registry[:port]/]path[:tag][@digest]`, or a bare
 * 64-hex image ID. The grammar is the reference package's, written here as one expression.
 */
const component = "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?";
const domain = `(?:${component}(?:\\.${component})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?`;
const pathComponent = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const name = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`;
const tag = "[\\w][\\w.-]{0,127}";
const digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
const REFERENCE = new RegExp(`^(${name})(?::${tag})?(?:@${digest})?$`);

/** Returns what is wrong with the reference, or undefined when it is valid. */
export function checkImageReference(image: string): string | undefined {
  if (/^[a-f0-9]{64}$/.test(image)) return undefined;
  const m = REFERENCE.exec(image);
  if (!m) {
    const lower = image.toLowerCase();
    if (lower !== image && REFERENCE.test(lower)) return `invalid reference format: repository name (${image}) must be lowercase`;
    return `invalid reference format: ${JSON.stringify(image)}`;
  }
  if (m[1].length > 255) return "invalid reference format: repository name must not be more than 255 characters";
  return undefined;
}
